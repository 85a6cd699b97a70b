"""Which figures an API caller may read, from the existing role predicates."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from indicators.models import Figure, FigureQuerySet
from indicators.roles import user_zone_id


def figures_visible(*, user: Any) -> FigureQuerySet:
    """A statistician sees every figure of its own zone (drafts included) and the approved
    figures of the other zones; every other reader (leader, reviewer, admin) sees the approved
    figures of every zone. A draft never reaches anyone but its zone's statisticians."""
    approved = Figure.objects.approved()
    zone_id = user_zone_id(user) if user.has_perm("indicators.enter_figures") else None
    if zone_id is None:
        return approved
    own = Figure.objects.filter(zone_id=zone_id).values("pk")
    return Figure.objects.get_queryset().filter(Q(pk__in=approved.values("pk")) | Q(pk__in=own))
