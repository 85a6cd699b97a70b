"""Fixtures shared by the figure tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from accounts.models import Profile
from accounts.roles import Role, ensure_groups
from indicators.excel import sheetxml
from targets.models import Zone

MakeZone = Callable[[str, str], Zone]
MakeUser = Callable[..., Any]


@pytest.fixture
def make_zone(db: None) -> MakeZone:
    """make_zone(code, name): a provincial zone of 楚雄州."""

    def make(code: str, name: str) -> Zone:
        return Zone.objects.create(  # type: ignore[no-any-return]
            code=code,
            name=name,
            short_name=name[:2],
            level=Zone.Level.PROVINCIAL,
            locality="楚雄州",
            source="test",
        )

    return make


@pytest.fixture
def make_user(django_user_model: Any, password: str) -> MakeUser:
    """make_user(username, role, zone=None, *, staff=False): a user in the role's group,
    bound to the zone (or to none), who logs in with the suite's password."""

    def make(username: str, role: Role, zone: Zone | None = None, *, staff: bool = False) -> Any:
        user = django_user_model.objects.create_user(
            username=username, password=password, is_staff=staff
        )
        user.groups.set([ensure_groups()[role.group]])
        Profile.objects.create(user=user, zone=zone)
        return user

    return make


@pytest.fixture(params=["calamine", "openpyxl"])
def reader_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Runs a test through each reader of uploaded workbooks (indicators/excel/reader.py):
    python-calamine, which plain sheets get, and openpyxl, which any other sheet gets."""
    if request.param == "openpyxl":
        monkeypatch.setattr(sheetxml, "plain_extent", lambda xml: None)
    return str(request.param)
