"""Which figures an API caller may read, from the portal's per-zone rule."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from accounts import permissions
from indicators.models import Figure, FigureQuerySet


def figures_visible(*, user: Any) -> FigureQuerySet:
    """Prefecture staff (`accounts.permissions.sees_every_zone`) read the approved figures of
    every zone; a user bound to a zone (a statistician) reads every figure of that zone,
    drafts included, and the approved figures of the others. A draft never reaches anyone
    but its zone's own users. The approval is asked in bulk (`FigureQuerySet.approved`): the
    listing reads much of the table."""
    approved = Figure.objects.approved(in_bulk=True)
    if permissions.sees_every_zone(user):
        return approved
    zone_id = permissions.user_zone_id(user)
    if zone_id is None:
        return approved
    own = Figure.objects.filter(zone_id=zone_id).values("pk")
    return Figure.objects.get_queryset().filter(Q(pk__in=approved.values("pk")) | Q(pk__in=own))
