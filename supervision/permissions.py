"""Moved to `accounts.permissions`; kept as a re-export for old imports."""

from accounts.permissions import (
    can_open_rounds,
    can_review_reports,
    is_liaison_for,
    liaison_unit_id,
)

__all__ = ["can_open_rounds", "can_review_reports", "is_liaison_for", "liaison_unit_id"]
