"""One target against the figures of its scope, at one month: `calculations.assess` fed
from a `FigureStore`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from indicators import calculations as calc
from indicators.models import Indicator
from targets.models import Target, Zone

from .evidence import MILESTONE_NO_EVIDENCE
from .periods import Period, observation_period
from .store import FigureStore, is_averaged

STATUS_ORDER = [
    calc.Status.DONE,
    calc.Status.ON_TRACK,
    calc.Status.BEHIND,
    calc.Status.FAR_BEHIND,
    calc.Status.NO_DATA,
]


@dataclass(frozen=True)
class Scope:
    """The zones a target's figures are summed over, and those expected to report."""

    label: str
    zone_ids: tuple[int, ...]
    expected: tuple[int, ...] = ()


@dataclass(frozen=True)
class TargetAssessment:
    target: Target
    indicator: Indicator | None
    scope: Scope
    period: Period | None  # the period of the figure assessed (annual indicators: a December)
    value: Decimal | None
    base_value: Decimal | None
    same_period_last_year: Decimal | None
    assessment: calc.Assessment
    zones_reported: int = 0
    unapproved: bool = False

    @property
    def status(self) -> calc.Status:
        return self.assessment.status

    @property
    def status_label(self) -> str:
        if self.indicator is None and self.status is calc.Status.NO_DATA:
            return MILESTONE_NO_EVIDENCE
        return calc.STATUS_LABELS[self.status]

    @property
    def ratio_pct(self) -> Decimal | None:
        ratio = self.assessment.ratio
        return None if ratio is None else ratio * 100

    @property
    def computed_growth_pct(self) -> Decimal | None:
        return calc.growth_pct(current=self.value, previous=self.same_period_last_year)

    @property
    def is_averaged(self) -> bool:
        """The value is the zones' mean: a rate without parts cannot be summed."""
        return self.indicator is not None and is_averaged(self.indicator, len(self.scope.zone_ids))

    @property
    def zones_expected(self) -> int:
        return len(self.scope.expected)

    @property
    def is_incomplete(self) -> bool:
        """Some zones expected to report have not (their figures are missing from the sum)."""
        return self.indicator is not None and self.zones_reported < self.zones_expected


def member_ids(zones: Sequence[Zone]) -> tuple[int, ...]:
    """The zones that count in prefecture totals: every zone that is not only a benchmark."""
    return tuple(z.pk for z in zones if not z.is_benchmark)


def target_scope(
    target: Target, zones: Sequence[Zone], members: tuple[int, ...] | None = None
) -> Scope:
    """Zone scope: the zone. All zones and clusters: every member zone (`member_ids`)."""
    if target.scope == Target.Scope.ZONE and target.zone_id is not None:
        zone = next((z for z in zones if z.pk == target.zone_id), None)
        return Scope(zone.short_name if zone else "—", (target.zone_id,), (target.zone_id,))
    if members is None:
        members = member_ids(zones)
    if target.scope == Target.Scope.CLUSTER and target.cluster is not None:
        based = {z.pk for z in target.cluster.zones.all()}
        return Scope(target.cluster.name, members, tuple(z for z in members if z in based))
    return Scope("全州开发区", members, members)


def target_spec(target: Target, indicator: Indicator | None) -> calc.TargetSpec:
    return calc.TargetSpec(
        kind=calc.TargetKind(target.kind),
        floor=target.floor,
        stretch=target.stretch,
        target_year=target.target_year,
        base_year=target.base_year,
        flow=indicator is not None and indicator.kind == Indicator.Kind.FLOW,
    )


def _pace(
    store: FigureStore, indicator: Indicator, zone_ids: Sequence[int], period: Period
) -> Decimal | None:
    """Last year's seasonal shape for monthly flow indicators; None → linear pace (N/12)."""
    if indicator.kind != Indicator.Kind.FLOW or indicator.frequency != Indicator.Frequency.MONTHLY:
        return None
    # seasonal_pace reads only the same month and December of last year: fetch just those
    last_year: list[Decimal | None] = [None] * 12
    for month in (period.month, 12):
        last_year[month - 1] = store.scope_value(
            indicator, zone_ids, Period(period.year - 1, month)
        )
    return calc.seasonal_pace(last_year_cumulative=last_year, month=period.month)


def assess_target(
    target: Target,
    *,
    store: FigureStore,
    indicators: Mapping[int, Indicator],
    zones: Sequence[Zone],
    as_of: Period,
    milestones: Mapping[int, bool | None],
    members: tuple[int, ...] | None = None,
) -> TargetAssessment:
    """Where `target` stands at `as_of`, from the figures in `store`."""
    scope = target_scope(target, zones, members)
    indicator = indicators.get(target.indicator_id) if target.indicator_id else None
    spec = target_spec(target, indicator)
    if indicator is None:
        done = milestones.get(target.pk)
        obs = calc.Observation(as_of.year, as_of.month, None, milestone_done=done)
        return TargetAssessment(target, None, scope, None, None, None, None, calc.assess(spec, obs))
    period = observation_period(indicator, as_of)
    zone_ids = list(scope.zone_ids)
    value = store.scope_value(indicator, zone_ids, period)
    last_year = store.scope_value(indicator, zone_ids, period.last_year())
    base = None
    if target.base_year is not None:
        base = store.scope_value(indicator, zone_ids, Period(target.base_year, 12))
    reported = None
    if len(zone_ids) == 1:  # a reported 同比 cannot be combined across zones
        reported = store.reported_growth(zone_ids[0], indicator, period)
    obs = calc.Observation(
        year=period.year,
        month=period.month,
        value=value,
        same_period_last_year=last_year,
        base_value=base,
        pace=_pace(store, indicator, zone_ids, period),
        reported_growth_pct=reported,
    )
    reporting = store.reporting_zones(indicator, zone_ids, period)
    expected = set(scope.expected)
    expected_reporting = [z for z in reporting if z in expected]
    return TargetAssessment(
        target=target,
        indicator=indicator,
        scope=scope,
        period=period,
        value=value,
        base_value=base,
        same_period_last_year=last_year,
        assessment=calc.assess(spec, obs),
        zones_reported=len(expected_reporting),
        unapproved=store.unapproved(reporting, period),
    )


def status_counts(rows: Sequence[TargetAssessment]) -> list[tuple[calc.Status, str, int]]:
    """(status, label, number of targets) for every status, in a fixed order."""
    return [
        (status, calc.STATUS_LABELS[status], sum(1 for row in rows if row.status is status))
        for status in STATUS_ORDER
    ]
