"""Report periods (year, month) and the as-of month of a dashboard."""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from indicators.models import Figure, Indicator, month_filter

_AS_OF = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass(frozen=True, order=True)
class Period:
    """A month of a year; for flow indicators, the 1—N月 cumulative up to that month."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month must be 1..12, got {self.month}")

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def key(self) -> str:
        """The `?as_of=` form: 2025-06."""
        return f"{self.year}-{self.month:02d}"

    @property
    def cumulative_label(self) -> str:
        """How Chinese statistics name the period of a cumulative figure: 2025年1—6月."""
        if self.month == 1:
            return f"{self.year}年1月"
        return f"{self.year}年1—{self.month}月"

    @property
    def index(self) -> int:
        return self.year * 12 + self.month - 1

    @classmethod
    def from_index(cls, index: int) -> Period:
        year, month0 = divmod(index, 12)
        return cls(year, month0 + 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def shift(self, months: int) -> Period:
        return Period.from_index(self.index + months)

    def last_year(self) -> Period:
        """The same period of the previous year (上年同期)."""
        return Period(self.year - 1, self.month)

    def december(self) -> Period:
        return Period(self.year, 12)


def parse_as_of(text: str | None) -> Period | None:
    """`2025-06` or `2025-6` → Period(2025, 6); anything else → None."""
    match = _AS_OF.match((text or "").strip())
    if match is None:
        return None
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        return None
    return Period(year, month)


def months_between(first: Period, last: Period) -> list[Period]:
    """Every month from first to last, inclusive (empty when first is after last)."""
    return [Period.from_index(i) for i in range(first.index, last.index + 1)]


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


def last_closed_month(today: datetime.date) -> Period:
    """The last month that has ended on `today`: figures for a month are reported after it."""
    return Period(today.year, today.month).shift(-1)


def is_open_month(period: Period, *, today: datetime.date) -> bool:
    """Whether `period` has not yet ended: it cannot be chosen for dashboards or reports."""
    return period > last_closed_month(today)


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
