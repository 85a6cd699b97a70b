"""The reads the template and the upload need: a bounded number of queries each."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q

from indicators.models import Figure
from targets.models import Indicator, Zone


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
