"""Report periods (year, month) and the as-of month of a dashboard."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from chuxiong_zones.lookups import month_filter
from chuxiong_zones.periods import (
    Period,
    is_open_month,
    last_closed_month,
    months_between,
    parse_as_of,
)
from indicators.models import Figure
from targets.models import Indicator

__all__ = [
    "Period",
    "figure_latest_period",
    "is_open_month",
    "last_closed_month",
    "months_between",
    "observation_period",
    "parse_as_of",
    "period_filter",
    "periods_for_assessment",
]


def observation_period(indicator: Indicator, as_of: Period) -> Period:
    """The period whose figure stands for `as_of`: annual indicators are the latest December."""
    if indicator.frequency == Indicator.Frequency.ANNUAL and as_of.month != 12:
        return Period(as_of.year - 1, 12)
    return as_of


def periods_for_assessment(as_of: Period, *, base_years: Iterable[int] = ()) -> set[Period]:
    """The periods an assessment at `as_of` reads: the period, the same period last year,
    last December (seasonal pace), the December before (annual indicators) and base years."""
    periods = {
        as_of,
        as_of.last_year(),
        Period(as_of.year - 1, 12),
        Period(as_of.year - 2, 12),
    }
    periods.update(Period(year, 12) for year in base_years)
    return periods


def period_filter(periods: Iterable[Period]) -> Q:
    """An index-friendly filter on (year, month): see `indicators.models.month_filter`."""
    return month_filter((period.year, period.month) for period in periods)


def figure_latest_period(
    *, up_to: Period | None = None, approved_only: bool = True
) -> Period | None:
    """The latest month, up to `up_to`, for which any member zone has a monthly figure in the
    scope of `Figure.objects.reported`."""
    figures = Figure.objects.reported(approved_only=approved_only).filter(
        value__isnull=False,
        indicator__frequency=Indicator.Frequency.MONTHLY,
        zone__is_benchmark=False,
    )
    if up_to is not None:
        figures = figures.filter(
            Q(year__lt=up_to.year) | Q(year=up_to.year, month__lte=up_to.month)
        )
    latest = figures.order_by("-year", "-month").values_list("year", "month").first()
    return None if latest is None else Period(*latest)
