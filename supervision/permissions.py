"""Who may do what in task supervision, asked by services and views alike.

A liaison is a member of the 责任单位联络员 group whose `Profile.unit` says which unit they
report for; reviewers hold `indicators.review_submission`; admins open rounds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from indicators import roles

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def liaison_unit_id(user: User | AnonymousUser) -> int | None:
    """The unit the user liaises for, or None if they are not a liaison."""
    if not user.is_authenticated:
        return None
    profile = getattr(user, "profile", None)
    if profile is None or profile.unit_id is None:
        return None
    if not user.groups.filter(name=roles.LIAISON.group).exists():
        return None
    return int(profile.unit_id)


def is_liaison_for(user: User | AnonymousUser, unit_id: int) -> bool:
    return liaison_unit_id(user) == unit_id


def can_open_rounds(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and (user.is_staff or roles.can_unlock(user))


def can_review_reports(user: User | AnonymousUser) -> bool:
    return roles.can_review(user)
