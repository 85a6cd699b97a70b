"""Fixtures for the API tests: the figure tests' zones and users."""

from tests.indicators.conftest import make_user, make_zone

__all__ = ["make_user", "make_zone"]
