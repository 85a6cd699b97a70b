"""Report periods (year, month): the one Django-free idea of a month that every app uses."""

from __future__ import annotations

import calendar
import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

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

    def __iter__(self) -> Iterator[int]:
        """`year, month = period`."""
        return iter((self.year, self.month))

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


def last_closed_month(today: datetime.date) -> Period:
    """The last month that has ended on `today`: figures for a month are reported after it."""
    return Period(today.year, today.month).shift(-1)


def is_open_month(period: Period, *, today: datetime.date) -> bool:
    """Whether `period` has not yet ended: it cannot be chosen for dashboards or reports."""
    return period > last_closed_month(today)


def months_by_year(
    months: Iterable[tuple[int, int] | Period],
) -> list[tuple[int, list[int] | None]]:
    """The months grouped by year, years in order: each year with its months in order, or
    None for all twelve (a query then asks for the year alone)."""
    by_year: dict[int, set[int]] = defaultdict(set)
    for year, month in months:
        by_year[year].add(month)
    return [
        (year, None if len(chosen) == 12 else sorted(chosen))
        for year, chosen in sorted(by_year.items())
    ]
