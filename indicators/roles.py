"""Moved to `accounts.roles` and `accounts.permissions`; kept as a re-export for old imports."""

from accounts.permissions import can_edit_zone, can_review, can_unlock, user_zone_id
from accounts.roles import (
    ADMIN,
    LEADER,
    LIAISON,
    REVIEWER,
    ROLES,
    STATISTICIAN,
    Role,
    ensure_groups,
)

__all__ = [
    "ADMIN",
    "LEADER",
    "LIAISON",
    "REVIEWER",
    "ROLES",
    "STATISTICIAN",
    "Role",
    "can_edit_zone",
    "can_review",
    "can_unlock",
    "ensure_groups",
    "user_zone_id",
]
