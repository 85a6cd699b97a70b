"""One target against the figures of its scope, at one month: `calculations.assess` fed
from a `FigureStore`."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from indicators import calculations as calc
from supervision.selectors import MilestoneState
from targets.models import Indicator, Target, Zone

from .evidence import MILESTONE_NO_EVIDENCE, milestone_done_by
from .periods import Period, observation_period
from .reference import ReferenceValues, with_reference
from .store import FigureStore, is_averaged

STATUS_ORDER = [
    calc.Status.DONE,
    calc.Status.ON_TRACK,
    calc.Status.BEHIND,
    calc.Status.FAR_BEHIND,
    calc.Status.NO_DATA,
    calc.Status.MISSED,
    calc.Status.INCOMPLETE,
]
OPEN_STATUSES = STATUS_ORDER[:5]  # what a target still running can be
FINAL_STATUSES = [calc.Status.DONE, calc.Status.MISSED, calc.Status.INCOMPLETE]


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
    verdicts: tuple[calc.YearVerdict, ...] = ()  # one per judged year that has closed
    final: calc.Verdict | None = None  # once every judged year has closed: once and for all
    open_year: int | None = None  # the judged year still running, if any

    @property
    def status(self) -> calc.Status:
        if self.final is not None:
            return calc.VERDICT_STATUS[self.final]
        return self.assessment.status

    @property
    def status_label(self) -> str:
        if self.final is not None:
            return calc.VERDICT_LABELS[self.final]
        if self.indicator is None and self.status is calc.Status.NO_DATA:
            return MILESTONE_NO_EVIDENCE
        return calc.STATUS_LABELS[self.status]

    @property
    def is_final(self) -> bool:
        return self.final is not None

    @property
    def verdict(self) -> calc.YearVerdict | None:
        """The verdict of the target year, once it has closed."""
        last = self.verdicts[-1] if self.verdicts else None
        return last if last is not None and last.year == self.target.target_year else None

    @property
    def missed_years(self) -> list[int]:
        return [v.year for v in self.verdicts if v.verdict is calc.Verdict.MISSED]

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
        first_year=target.first_year,
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


@dataclass(frozen=True)
class _Figures:
    """The scope's figures behind one assessment or one year's verdict."""

    period: Period
    value: Decimal | None
    last_year: Decimal | None
    base: Decimal | None
    reported: Decimal | None
    reporting: list[int]


def _figures(
    store: FigureStore, target: Target, indicator: Indicator, scope: Scope, period: Period
) -> _Figures:
    zone_ids = list(scope.zone_ids)
    base = None
    if target.base_year is not None:
        base = store.scope_value(indicator, zone_ids, Period(target.base_year, 12))
    reported = None
    if len(zone_ids) == 1:  # a reported 同比 cannot be combined across zones
        reported = store.reported_growth(zone_ids[0], indicator, period)
    return _Figures(
        period=period,
        value=store.scope_value(indicator, zone_ids, period),
        last_year=store.scope_value(indicator, zone_ids, period.last_year()),
        base=base,
        reported=reported,
        reporting=store.reporting_zones(indicator, zone_ids, period),
    )


def _missing_zones(
    scope: Scope, reporting: Sequence[int], zones: Sequence[Zone]
) -> tuple[str, ...]:
    names = {zone.pk: zone.short_name for zone in zones}
    present = set(reporting)
    return tuple(names.get(z, str(z)) for z in scope.expected if z not in present)


def _verdicts(
    target: Target,
    spec: calc.TargetSpec,
    *,
    indicator: Indicator | None,
    scope: Scope,
    store: FigureStore,
    zones: Sequence[Zone],
    years: Sequence[int],
    milestone: MilestoneState | None,
    references: ReferenceValues,
) -> tuple[calc.YearVerdict, ...]:
    """The verdict on each of `years` (all closed), from that year's figures alone (and the
    reference value published for that year, for a target against one)."""
    verdicts = []
    for year in years:
        december = Period(year, 12)
        if indicator is None:
            done = milestone_done_by(milestone, december.last_day)
            figures = calc.YearFigures(year, None, milestone_done=done)
        else:
            found = _figures(
                store, target, indicator, scope, observation_period(indicator, december)
            )
            figures = calc.YearFigures(
                year=year,
                value=found.value,
                previous=found.last_year,
                base_value=found.base,
                reported_growth_pct=found.reported,
                missing=_missing_zones(scope, found.reporting, zones),
            )
        judged = with_reference(spec, target=target, year=year, values=references)
        verdicts.append(calc.judge_year(judged, figures))
    return tuple(verdicts)


def judging(spec: calc.TargetSpec, as_of: Period) -> tuple[list[int], int | None]:
    """The judged years closed at `as_of`, and the judged year still running (if any)."""
    years = calc.judged_years(spec)
    closed = [
        y for y in years if calc.year_closed(year=y, as_of_year=as_of.year, as_of_month=as_of.month)
    ]
    running = next((y for y in years if y not in closed), None)
    return closed, running


def assess_target(
    target: Target,
    *,
    store: FigureStore,
    indicators: Mapping[int, Indicator],
    zones: Sequence[Zone],
    as_of: Period,
    milestone_states: Mapping[int, MilestoneState],
    members: tuple[int, ...] | None = None,
    references: ReferenceValues | None = None,
) -> TargetAssessment:
    """Where `target` stands at `as_of`, from the figures in `store`.

    A judged year that has closed gets its verdict from that year's figures; once every judged
    year has closed (`final`), the assessment is the one at December of the target year, so
    later figures change nothing. A target judged every year is assessed, while it runs,
    against the running year."""
    scope = target_scope(target, zones, members)
    indicator = indicators.get(target.indicator_id) if target.indicator_id else None
    spec = target_spec(target, indicator)
    references = references or {}
    closed, running = judging(spec, as_of)
    verdicts = _verdicts(
        target,
        spec,
        indicator=indicator,
        scope=scope,
        store=store,
        zones=zones,
        years=closed,
        milestone=milestone_states.get(target.pk),
        references=references,
    )
    final = calc.overall_verdict(verdicts) if running is None else None
    point = Period(spec.target_year, 12) if final is not None else as_of
    if running is not None and spec.first_year is not None and running <= as_of.year:
        spec = dataclasses.replace(spec, target_year=running)
    if indicator is None:
        done = milestone_done_by(milestone_states.get(target.pk), point.last_day)
        obs = calc.Observation(point.year, point.month, None, milestone_done=done)
        return TargetAssessment(
            target,
            None,
            scope,
            None,
            None,
            None,
            None,
            calc.assess(spec, obs),
            verdicts=verdicts,
            final=final,
            open_year=running,
        )
    found = _figures(store, target, indicator, scope, observation_period(indicator, point))
    spec = with_reference(spec, target=target, year=found.period.year, values=references)
    obs = calc.Observation(
        year=found.period.year,
        month=found.period.month,
        value=found.value,
        same_period_last_year=found.last_year,
        base_value=found.base,
        pace=_pace(store, indicator, list(scope.zone_ids), found.period),
        reported_growth_pct=found.reported,
    )
    expected = set(scope.expected)
    return TargetAssessment(
        target=target,
        indicator=indicator,
        scope=scope,
        period=found.period,
        value=found.value,
        base_value=found.base,
        same_period_last_year=found.last_year,
        assessment=calc.assess(spec, obs),
        zones_reported=sum(1 for z in found.reporting if z in expected),
        unapproved=store.unapproved(found.reporting, found.period),
        verdicts=verdicts,
        final=final,
        open_year=running,
    )


def verdict_counts(
    rows: Sequence[TargetAssessment],
) -> list[tuple[calc.Verdict, calc.Status, str, int]]:
    """(verdict, its status colour, label, number of targets) of the targets judged once and
    for all."""
    return [
        (
            verdict,
            calc.VERDICT_STATUS[verdict],
            label,
            sum(1 for row in rows if row.final is verdict),
        )
        for verdict, label in calc.VERDICT_LABELS.items()
    ]


def next_target_year(rows: Sequence[TargetAssessment]) -> int | None:
    """The nearest year in which a target still running is judged."""
    years = [row.open_year for row in rows if row.open_year is not None]
    return min(years) if years else None


def status_counts(rows: Sequence[TargetAssessment]) -> list[tuple[calc.Status, str, int]]:
    """(status, label, number of targets) for every status, in a fixed order."""
    return [
        (status, calc.STATUS_LABELS[status], sum(1 for row in rows if row.status is status))
        for status in STATUS_ORDER
    ]
