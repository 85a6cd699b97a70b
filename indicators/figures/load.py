"""The reads behind a plan: a fixed number of queries however many months and figures."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from chuxiong_zones.lookups import month_filter
from chuxiong_zones.periods import Period
from indicators.figures.plan import Context, MonthState, Stored, history_periods
from indicators.models import CheckRule, Figure, Submission
from indicators.validation import Level, Rule, RuleKind
from targets.models import Indicator, Zone


def of_periods(zone: Zone, periods: Iterable[Period]) -> QuerySet[Figure]:
    """The zone's figures of those months, one index range a year (figure_zone_period_idx)."""
    return Figure.objects.filter(month_filter(periods, zone=zone)).order_by()


def month_states(*, zone: Zone, periods: Iterable[Period]) -> dict[Period, MonthState]:
    """Each month's submission status and version, read without a lock (previews, checks)."""
    rows = Submission.objects.filter(month_filter(set(periods), zone=zone)).values_list(
        "year", "month", "status", "version"
    )
    return {Period(y, m): MonthState(status, version) for y, m, status, version in rows}


def rules_in_force() -> list[Rule]:
    """The active 审核公式, in two queries."""
    parts = Prefetch("parts", queryset=Indicator.objects.order_by("display_order", "code"))
    rules = CheckRule.objects.filter(active=True).select_related("whole").prefetch_related(parts)
    return [
        Rule(
            name=r.name,
            kind=RuleKind(r.kind),
            level=Level(r.level),
            parts=tuple(r.parts.all()),
            whole=r.whole,
        )
        for r in rules
    ]


def context(
    *,
    zone: Zone,
    periods: Iterable[Period],
    today: datetime.date,
    states: dict[Period, MonthState] | None = None,
) -> Context:
    """The planner's context for writing `periods` of the zone. `states`: the months' locked
    submissions where the caller holds them; else they are read."""
    periods = set(periods)
    compared = periods | {p for period in periods for p in history_periods(period)}
    rows = of_periods(zone, compared).values_list(
        "indicator_id",
        "year",
        "month",
        "id",
        "value",
        "reported_growth_pct",
        "explanation",
        "stage",
    )
    on_file = {(i, y, m): Stored(pk, v, g, e, s) for i, y, m, pk, v, g, e, s in rows}
    return Context(
        zone_name=str(zone),
        zone_clusters=frozenset(zone.clusters.values_list("pk", flat=True)),
        on_file=on_file,
        states=states if states is not None else month_states(zone=zone, periods=periods),
        rules=rules_in_force(),
        today=today,
    )
