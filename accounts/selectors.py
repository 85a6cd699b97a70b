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
    users = holders(roles.STATISTICIAN).filter(profile__zone_id__in=list(zone_ids))
    found: dict[int, list[User]] = defaultdict(list)
    for user in users.select_related("profile"):
        if user.profile.zone_id is not None:  # always, by the filter
            found[user.profile.zone_id].append(user)
    return found


def liaisons_of(unit_ids: Iterable[int]) -> dict[int, list[User]]:
    """Unit id → its active liaisons (责任单位联络员)."""
    users = holders(roles.LIAISON).filter(profile__unit_id__in=list(unit_ids))
    found: dict[int, list[User]] = defaultdict(list)
    for user in users.select_related("profile"):
        if user.profile.unit_id is not None:  # always, by the filter
            found[user.profile.unit_id].append(user)
    return found
