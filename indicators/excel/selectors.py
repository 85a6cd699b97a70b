"""The reads the template and the upload need: a bounded number of queries each."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q

from indicators.models import Figure, Indicator, Submission
from targets.models import Zone


class Reported(NamedTuple):
    """What a zone has on file for one indicator and month."""

    value: Decimal | None
    reported_growth_pct: Decimal | None
    explanation: str


FigureKey = tuple[str, int, int]  # indicator code, year, month


def reportable_indicators(*, zone: Zone) -> list[Indicator]:
    """Indicators the zone reports: all general ones, and cluster ones of its own clusters."""
    return list(
        Indicator.objects.filter(reportable=True)
        .filter(Q(cluster__isnull=True) | Q(cluster__in=zone.clusters.all()))
        .order_by("display_order", "code")
    )


def reported_figures(
    *, zone: Zone, codes: Iterable[str], years: Iterable[int], months: Iterable[int] | None = None
) -> dict[FigureKey, Reported]:
    """The zone's figures for these indicators and years (and months), in one query."""
    figures = Figure.objects.filter(
        zone=zone, indicator__code__in=list(codes), year__in=list(years)
    )
    if months is not None:
        figures = figures.filter(month__in=list(months))
    rows = figures.values_list(
        "indicator__code", "year", "month", "value", "reported_growth_pct", "explanation"
    )
    return {(code, y, m): Reported(v, g, e) for code, y, m, v, g, e in rows}


def month_versions(
    *, zone: Zone, periods: Iterable[tuple[int, int]]
) -> tuple[dict[tuple[int, int], int], set[tuple[int, int]]]:
    """Each month's submission version (0 where none exists yet) and the approved months."""
    wanted = set(periods)
    years = {y for y, _ in wanted}
    versions = dict.fromkeys(wanted, 0)
    locked: set[tuple[int, int]] = set()
    rows = Submission.objects.filter(zone=zone, year__in=years).values_list(
        "year", "month", "version", "status"
    )
    for year, month, version, status in rows:
        if (year, month) in wanted:
            versions[(year, month)] = version
            if status == Submission.Status.APPROVED:
                locked.add((year, month))
    return versions, locked
