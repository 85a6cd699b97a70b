"""Figures for a set of periods, fetched in one query and summed over a scope in Python.

`FigureStore.load` runs one `values_list` query over figures (and, if asked, one over
submissions), filtered by indicator and by (year, month) so the (year, month) indexes apply.
Everything after that is plain Python calling `indicators.calculations`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from indicators import calculations as calc
from indicators.models import Figure, Submission
from targets.models import Indicator

from .periods import Period, period_filter

Key = tuple[int, int, int, int]  # zone id, indicator id, year, month


def indicator_parts(indicator: Indicator) -> list[int]:
    """The stored indicators a value of `indicator` is made of (a ratio is never stored)."""
    if indicator.kind == Indicator.Kind.RATIO:
        return [indicator.numerator_id or 0, indicator.denominator_id or 0]
    return [indicator.pk]


def is_additive(indicator: Indicator) -> bool:
    """Whether zones' values add up to the prefecture's: flows and counts, not rates or ranks."""
    if indicator.kind == Indicator.Kind.RANK or indicator.kind == Indicator.Kind.RATIO:
        return False
    return not indicator.is_percent


def is_averaged(indicator: Indicator, zone_count: int) -> bool:
    """Whether a scope value of `indicator` over `zone_count` zones is a mean, not a total."""
    return zone_count > 1 and indicator.kind != Indicator.Kind.RATIO and not is_additive(indicator)


def indicators_by_id() -> dict[int, Indicator]:
    """Every indicator, one query (the catalogue has a few dozen)."""
    return {indicator.pk: indicator for indicator in Indicator.objects.all()}


@dataclass
class FigureStore:
    values: dict[Key, Decimal | None] = field(default_factory=dict)
    reported: dict[Key, Decimal | None] = field(default_factory=dict)
    approved: set[tuple[int, int, int]] = field(default_factory=set)
    is_demo: bool = False
    _sums: dict[tuple[int, tuple[int, ...], int, int], Decimal | None] = field(
        default_factory=dict, repr=False
    )

    @classmethod
    def load(
        cls,
        *,
        indicators: Iterable[Indicator],
        periods: Iterable[Period],
        zone_ids: Collection[int] | None = None,
        with_submissions: bool = True,
        approved_only: bool = True,
    ) -> FigureStore:
        """Fetch the figures of `indicators` (ratio parts included) in `periods`, in the scope
        `Figure.objects.reported` gives: approved (default), or with `approved_only=False`
        submitted too. Figures out of scope (drafts always) are as if not reported."""
        periods = set(periods)
        indicator_ids = sorted({pk for ind in indicators for pk in indicator_parts(ind)})
        store = cls()
        if not indicator_ids or not periods:
            return store
        figures = Figure.objects.reported(approved_only=approved_only).filter(
            period_filter(periods), indicator_id__in=indicator_ids
        )
        if zone_ids is not None:
            figures = figures.filter(zone_id__in=list(zone_ids))
        rows = figures.order_by().values_list(  # no ORDER BY: it would join zones, indicators
            "zone_id", "indicator_id", "year", "month", "value", "reported_growth_pct", "is_demo"
        )
        for zone_id, indicator_id, year, month, value, reported, demo in rows:
            key = (zone_id, indicator_id, year, month)
            store.values[key] = value
            if reported is not None:
                store.reported[key] = reported
            store.is_demo = store.is_demo or demo
        if with_submissions:
            store.approved = _approved_months(periods, zone_ids)
        return store

    def value(self, zone_id: int, indicator_id: int, period: Period) -> Decimal | None:
        return self.values.get((zone_id, indicator_id, period.year, period.month))

    def reported_growth(self, zone_id: int, indicator: Indicator, period: Period) -> Decimal | None:
        return self.reported.get((zone_id, indicator.pk, period.year, period.month))

    def scope_value(
        self, indicator: Indicator, zone_ids: Sequence[int], period: Period
    ) -> Decimal | None:
        """Sum over the zones; for a ratio indicator, the ratio of the sums of its parts.

        A rate stored as such (a stock in %, a rank) has no parts and cannot be summed: for
        one zone it is that zone's value; across zones it is the mean of the zones that
        reported (see `is_averaged`), the best that can be said without the parts.
        """
        key = (indicator.pk, tuple(zone_ids), period.year, period.month)
        if key not in self._sums:  # many targets and pages read the same totals
            self._sums[key] = self._scope_value(indicator, zone_ids, period)
        return self._sums[key]

    def _scope_value(
        self, indicator: Indicator, zone_ids: Sequence[int], period: Period
    ) -> Decimal | None:
        if indicator.kind == Indicator.Kind.RATIO:
            numerator, denominator = indicator_parts(indicator)
            return calc.ratio_of_sums(
                numerators=self._column(numerator, zone_ids, period),
                denominators=self._column(denominator, zone_ids, period),
                scale=indicator.ratio_scale or Decimal(100),
            )
        values = self._column(indicator.pk, zone_ids, period)
        if is_additive(indicator) or len(zone_ids) == 1:
            return calc.sum_present(values)
        present = [v for v in values if v is not None]
        total = calc.sum_present(present)
        return None if total is None else total / len(present)

    def _column(
        self, indicator_id: int, zone_ids: Sequence[int], period: Period
    ) -> list[Decimal | None]:
        """The zones' values of one stored indicator in one period (the hot loop)."""
        get, year, month = self.values.get, period.year, period.month
        return [get((z, indicator_id, year, month)) for z in zone_ids]

    def zone_values(
        self, indicator: Indicator, zone_ids: Sequence[int], period: Period
    ) -> dict[int, Decimal | None]:
        """Each zone's own value (a ratio from the zone's own parts)."""
        return {z: self.scope_value(indicator, [z], period) for z in zone_ids}

    def cumulative_year(
        self, indicator: Indicator, zone_ids: Sequence[int], year: int
    ) -> list[Decimal | None]:
        """The scope's twelve monthly values of one year (None where not fetched or reported)."""
        return [self.scope_value(indicator, zone_ids, Period(year, m)) for m in range(1, 13)]

    def reporting_zones(
        self, indicator: Indicator, zone_ids: Sequence[int], period: Period
    ) -> list[int]:
        """The zones with a value for every part of `indicator` in `period`."""
        columns = [self._column(part, zone_ids, period) for part in indicator_parts(indicator)]
        return [
            z
            for z, *values in zip(zone_ids, *columns, strict=True)
            if all(v is not None for v in values)
        ]

    def unapproved(self, zone_ids: Iterable[int], period: Period) -> bool:
        """Whether any of the zones' figures for `period` is not yet in an approved month."""
        return any((z, period.year, period.month) not in self.approved for z in zone_ids)


def _approved_months(
    periods: Iterable[Period], zone_ids: Collection[int] | None
) -> set[tuple[int, int, int]]:
    submissions = Submission.objects.filter(
        period_filter(periods), status=Submission.Status.APPROVED
    )
    if zone_ids is not None:
        submissions = submissions.filter(zone_id__in=list(zone_ids))
    return set(submissions.order_by().values_list("zone_id", "year", "month"))


def growth_by_zone(
    current: Mapping[int, Decimal | None], previous: Mapping[int, Decimal | None]
) -> dict[int, Decimal | None]:
    return {z: calc.growth_pct(current=v, previous=previous.get(z)) for z, v in current.items()}
