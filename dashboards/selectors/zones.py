"""One zone's page: its targets, its monthly series against the glide path, its ranks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from indicators import calculations as calc
from targets.models import Indicator, Target, Zone

from .assess import TargetAssessment, status_counts, target_spec
from .catalogue import Catalogue
from .overview import Ranking, StatusCount, rankings_from_store
from .periods import Period
from .store import FigureStore

MONTHS = list(range(1, 13))
Num = Decimal | None
SeriesRow = tuple[int, Num, Num, Num, Num, Num, Num]


@dataclass(frozen=True)
class MonthlySeries:
    """One year of 1—N月 cumulative figures beside last year and the target's glide path."""

    indicator: Indicator
    year: int
    actual: list[Decimal | None]
    last_year: list[Decimal | None]
    glide: list[Decimal | None]
    glide_target: Target | None
    growth: list[Decimal | None]
    reported_growth: list[Decimal | None]
    single_month: list[Decimal | None]
    is_demo: bool = False

    @property
    def rows(self) -> list[SeriesRow]:
        """(month, actual, single month, last year, glide, 同比, reported 同比) per month."""
        return list(
            zip(
                MONTHS,
                self.actual,
                self.single_month,
                self.last_year,
                self.glide,
                self.growth,
                self.reported_growth,
                strict=True,
            )
        )


@dataclass(frozen=True)
class ZoneDetail:
    zone: Zone
    as_of: Period
    rows: list[TargetAssessment]
    counts: list[StatusCount]
    rankings: list[Ranking]
    series: MonthlySeries | None
    series_choices: list[Indicator]
    is_demo: bool


def series_choices(catalogue: Catalogue) -> list[Indicator]:
    """Monthly flow indicators worth a chart: the headline ones."""
    return [
        indicator
        for indicator in catalogue.headline_indicators()
        if indicator.kind == Indicator.Kind.FLOW
        and indicator.frequency == Indicator.Frequency.MONTHLY
    ]


def _path_target(targets: Sequence[Target], indicator: Indicator, year: int) -> Target | None:
    """The level (else growth) target the glide path follows: the nearest one still ahead."""
    candidates = [
        t
        for t in targets
        if t.indicator_id == indicator.pk
        and t.kind in (Target.Kind.LEVEL, Target.Kind.CAGR)
        and t.base_year is not None
        and t.floor is not None
    ]
    candidates.sort(
        key=lambda t: (t.kind != Target.Kind.LEVEL, t.target_year < year, t.target_year)
    )
    return candidates[0] if candidates else None


def _glide(
    target: Target | None,
    *,
    indicator: Indicator,
    base: Decimal | None,
    last_year: Sequence[Decimal | None],
    year: int,
) -> list[Decimal | None]:
    """Expected 1—N月 cumulative per month, by the rule the status uses
    (`calculations.expected_cumulative`)."""
    if target is None:
        return [None] * 12
    return calc.expected_cumulative(
        target_spec(target, indicator), base=base, year=year, last_year_cumulative=last_year
    )


def zone_series(
    *,
    zone: Zone,
    indicator: Indicator,
    as_of: Period,
    targets: Sequence[Target],
    approved_only: bool = True,
) -> MonthlySeries:
    """The zone's monthly series for the as-of year: one figure query."""
    path = _path_target(targets, indicator, as_of.year)
    periods = {Period(y, m) for y in (as_of.year - 1, as_of.year) for m in MONTHS}
    if path is not None and path.base_year is not None:
        periods.add(Period(path.base_year, 12))
    store = FigureStore.load(
        indicators=[indicator],
        periods=periods,
        zone_ids=[zone.pk],
        with_submissions=False,
        approved_only=approved_only,
    )
    ids = [zone.pk]
    actual = [
        store.scope_value(indicator, ids, Period(as_of.year, m)) if m <= as_of.month else None
        for m in MONTHS
    ]
    last_year = store.cumulative_year(indicator, ids, as_of.year - 1)
    base = None
    if path is not None and path.base_year is not None:
        base = store.scope_value(indicator, ids, Period(path.base_year, 12))
    return MonthlySeries(
        indicator=indicator,
        year=as_of.year,
        actual=actual,
        last_year=last_year,
        glide=_glide(path, indicator=indicator, base=base, last_year=last_year, year=as_of.year),
        glide_target=path,
        growth=[
            calc.growth_pct(current=a, previous=b) for a, b in zip(actual, last_year, strict=True)
        ],
        reported_growth=[
            store.reported_growth(zone.pk, indicator, Period(as_of.year, m)) for m in MONTHS
        ],
        single_month=calc.single_month_values(actual),
        is_demo=store.is_demo,
    )


def zone_detail(
    *, zone: Zone, as_of: Period, indicator_code: str | None = None, approved_only: bool = True
) -> ZoneDetail:
    """Everything the zone page shows, in a fixed number of queries."""
    catalogue = Catalogue.load()
    mine = [t for t in catalogue.targets if t.scope == Target.Scope.ZONE and t.zone_id == zone.pk]
    catalogue.targets = mine
    headlines = catalogue.headline_indicators()
    store = catalogue.store([as_of], extra=headlines, approved_only=approved_only)
    rows = catalogue.assess(store, as_of)
    choices = series_choices(catalogue)
    default = choices[0] if choices else None
    chosen = next((i for i in choices if i.code == indicator_code), default)
    series = None
    if chosen is not None:
        series = zone_series(
            zone=zone, indicator=chosen, as_of=as_of, targets=mine, approved_only=approved_only
        )
    rankings = rankings_from_store(
        store, indicators=headlines, zones=catalogue.member_zones, as_of=as_of
    )
    return ZoneDetail(
        zone=zone,
        as_of=as_of,
        rows=rows,
        counts=status_counts(rows),
        rankings=rankings,
        series=series,
        series_choices=choices,
        is_demo=store.is_demo or (series is not None and series.is_demo),
    )
