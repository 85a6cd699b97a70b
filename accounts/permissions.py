"""Every permission predicate of the portal, in one place.

Services and views ask these; none of them tests a group name or a permission itself. The
role a user holds is read once per request (the group names are cached on the user object),
so a page that asks a predicate many times makes one query, not one per question.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts import roles

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from targets.models import Zone

_GROUPS_CACHE = "_accounts_group_names"


def group_names(user: User | AnonymousUser) -> frozenset[str]:
    """The names of the user's role groups, read once and kept on the user object."""
    if not user.is_authenticated:
        return frozenset()
    cached: frozenset[str] | None = getattr(user, _GROUPS_CACHE, None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        setattr(user, _GROUPS_CACHE, cached)
    return cached


def has_role(user: User | AnonymousUser, role: roles.Role) -> bool:
    return role.group in group_names(user)


def user_zone_id(user: User | AnonymousUser) -> int | None:
    profile = getattr(user, "profile", None)
    return profile.zone_id if profile is not None else None


def can_edit_zone(user: User | AnonymousUser, zone: Zone) -> bool:
    """A statistician edits only the one zone bound to them; nobody else edits figures by form."""
    if not user.is_authenticated or not user.has_perm("indicators.enter_figures"):
        return False
    return user_zone_id(user) == zone.pk and not zone.is_benchmark


def can_review(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.has_perm("indicators.review_submission")


def can_unlock(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.has_perm("indicators.unlock_submission")


def sees_every_zone(user: User | AnonymousUser) -> bool:
    """The one per-zone rule: prefecture staff (reviewers and admins, and whoever views
    submissions without entering figures: leaders) look at every zone; anyone else at most at
    the one zone bound to them. Submission pages (`visible_zone_ids`) and the API's figures
    (`api.selectors.figures_visible`) both ask it."""
    return can_review(user) or (
        user.has_perm("indicators.view_submission")
        and not user.has_perm("indicators.enter_figures")
    )


def visible_zone_ids(user: User | AnonymousUser) -> list[int] | None:
    """The zones whose submissions the user sees: None for every zone (prefecture staff),
    otherwise the user's own zone (or none)."""
    if sees_every_zone(user):
        return None
    zone_id = user_zone_id(user)
    return [zone_id] if zone_id else []


def liaison_unit_id(user: User | AnonymousUser) -> int | None:
    """The unit the user liaises for, or None if they are not a liaison."""
    if not user.is_authenticated:
        return None
    profile = getattr(user, "profile", None)
    if profile is None or profile.unit_id is None:
        return None
    if not has_role(user, roles.LIAISON):
        return None
    return int(profile.unit_id)


def is_liaison_for(user: User | AnonymousUser, unit_id: int) -> bool:
    return liaison_unit_id(user) == unit_id


def can_open_rounds(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and (user.is_staff or can_unlock(user))


def can_review_reports(user: User | AnonymousUser) -> bool:
    return can_review(user)


def can_read_report_files(
    user: User | AnonymousUser, *, filing_unit_id: int, lead_unit_id: int | None
) -> bool:
    """Who may read a task report's attachments (which can hold unpublished material): the
    unit that filed it, the lead unit of the task, reviewers, leaders and admins. The one rule
    for listing and download alike."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or can_review(user) or can_unlock(user) or has_role(user, roles.LEADER):
        return True
    unit = liaison_unit_id(user)
    return unit is not None and unit in (filing_unit_id, lead_unit_id)
