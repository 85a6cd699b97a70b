"""Who holds a role, and where: the people a service writes to (reminders, returns and
approvals, task reminders). Like the predicates in `accounts.permissions`, this is the one
place that knows a role is a group and a place is a `Profile`; each reader is one query."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model

from accounts import roles

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import QuerySet


def holders(role: roles.Role) -> QuerySet[User]:
    """The active users in the role's group, by username."""
    users: QuerySet[User] = get_user_model().objects.filter(groups__name=role.group, is_active=True)
    return users.distinct().order_by("username")


def reviewers() -> list[User]:
    """The active 审核员, who hear of late and waiting months."""
    return list(holders(roles.REVIEWER))


def statisticians_of(zone_ids: Iterable[int]) -> dict[int, list[User]]:
    """Zone id → its active statisticians."""
    return _by_place(roles.STATISTICIAN, "zone_id", zone_ids)


def liaisons_of(unit_ids: Iterable[int]) -> dict[int, list[User]]:
    """Unit id → its active liaisons (责任单位联络员)."""
    return _by_place(roles.LIAISON, "unit_id", unit_ids)


def _by_place(role: roles.Role, place: str, ids: Iterable[int]) -> dict[int, list[User]]:
    """The role's active holders bound (`Profile.<place>`) to one of `ids`, by that id."""
    users = holders(role).filter(**{f"profile__{place}__in": list(ids)})
    found: dict[int, list[User]] = defaultdict(list)
    for user in users.select_related("profile"):
        found[getattr(user.profile, place)].append(user)
    return found
