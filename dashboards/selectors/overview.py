"""The overview: every target in force, each zone's headline figures, what changed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from indicators import calculations as calc
from targets.models import Indicator, Target, Zone

from .assess import (
    OPEN_STATUSES,
    TargetAssessment,
    next_target_year,
    status_counts,
    verdict_counts,
)
from .catalogue import Catalogue
from .periods import Period, observation_period
from .store import FigureStore

StatusCount = tuple[calc.Status, str, int]


@dataclass(frozen=True)
class ZoneFigure:
    """One zone's (or the prefecture's) figure on one indicator, with 同比 and its ranks."""

    zone: Zone | None  # None: 全州开发区
    indicator: Indicator
    period: Period
    value: Decimal | None
    growth_pct: Decimal | None
    reported_growth_pct: Decimal | None = None
    rank: int | None = None
    growth_rank: int | None = None

    @property
    def growth(self) -> calc.Growth:
        """The 同比 shown first (`calc.headline_growth`), with its basis."""
        return calc.headline_growth(reported=self.reported_growth_pct, computed=self.growth_pct)

    @property
    def growth_gap(self) -> Decimal | None:
        """Reported minus computed 同比 (the statistics bureau uses comparable-basis figures)."""
        if self.growth_pct is None or self.reported_growth_pct is None:
            return None
        return self.reported_growth_pct - self.growth_pct


@dataclass(frozen=True)
class Ranking:
    """比拼: every zone on one headline indicator, ranked by value and by 同比."""

    indicator: Indicator
    period: Period
    rows: list[ZoneFigure]
    total: ZoneFigure


@dataclass(frozen=True)
class ZoneCard:
    zone: Zone | None
    name: str
    figures: list[ZoneFigure]
    targets: list[TargetAssessment]
    counts: list[StatusCount]

    @property
    def period_label(self) -> str:
        """Which period the card's figures and targets are: "2026年1—11月" (an annual
        indicator's year apart: "2026年1—11月；2025年（年度）")."""
        shown = [(f.indicator, f.period) for f in self.figures[:3]] + [
            (r.indicator, r.period) for r in self.targets if r.indicator and r.period
        ]
        labels: list[str] = []
        for indicator, period in shown:
            annual = indicator.frequency == Indicator.Frequency.ANNUAL
            label = f"{period.year}年（年度）" if annual else period.cumulative_label
            if label not in labels:
                labels.append(label)
        return "；".join(labels[:3])


@dataclass(frozen=True)
class StatusChange:
    row: TargetAssessment
    previous: calc.Status

    @property
    def previous_label(self) -> str:
        return calc.STATUS_LABELS[self.previous]

    @property
    def improved(self) -> bool:
        order = list(calc.Status)
        return order.index(self.row.status) < order.index(self.previous)


@dataclass(frozen=True)
class Overview:
    as_of: Period
    previous: Period
    rows: list[TargetAssessment]
    counts: list[StatusCount]
    changes: list[StatusChange]
    cards: list[ZoneCard]
    rankings: list[Ranking]
    is_demo: bool

    @property
    def unapproved_count(self) -> int:
        return sum(1 for row in self.rows if row.unapproved)

    @property
    def open_rows(self) -> list[TargetAssessment]:
        return [row for row in self.rows if not row.is_final]

    @property
    def final_rows(self) -> list[TargetAssessment]:
        return [row for row in self.rows if row.is_final]

    @property
    def open_counts(self) -> list[StatusCount]:
        """The targets still running, by status (a final target is never among these)."""
        return [c for c in status_counts(self.open_rows) if c[0] in OPEN_STATUSES]

    @property
    def final_counts(self) -> list[tuple[calc.Verdict, calc.Status, str, int]]:
        return verdict_counts(self.final_rows)

    @property
    def next_target_year(self) -> int | None:
        return next_target_year(self.rows)


def target_assessments(*, as_of: Period, approved_only: bool = True) -> list[TargetAssessment]:
    """Every target in force, assessed at `as_of`: four queries whatever the data size. On
    approved figures, or with `approved_only=False` on submitted ones too."""
    catalogue = Catalogue.load()
    return catalogue.assess(catalogue.store([as_of], approved_only=approved_only), as_of)


def worst_first(rows: Sequence[TargetAssessment]) -> list[TargetAssessment]:
    """The lowest completion ratio first; targets without a ratio (no data, milestones) after,
    by document and clause."""
    return sorted(
        rows,
        key=lambda r: (
            r.assessment.ratio is None,
            r.assessment.ratio if r.assessment.ratio is not None else 0,
            r.target.document.number,
            r.target.clause,
        ),
    )


@dataclass(frozen=True)
class StatusList:
    status: calc.Status
    verdict: calc.Verdict | None
    rows: list[TargetAssessment]
    is_demo: bool

    @property
    def label(self) -> str:
        if self.verdict is not None:
            return calc.VERDICT_LABELS[self.verdict]
        return calc.STATUS_LABELS[self.status]


def targets_with_status(
    *,
    as_of: Period,
    status: calc.Status,
    verdict: calc.Verdict | None = None,
    approved_only: bool = True,
) -> StatusList:
    """The targets a tile of the overview counts, worst first: those still running with
    `status` (严重滞后 4 → those four), or with `verdict` those judged once their year closed
    (the 已终评 tiles). Four queries, as the overview."""
    catalogue = Catalogue.load()
    store = catalogue.store([as_of], approved_only=approved_only)
    rows = catalogue.assess(store, as_of)
    if verdict is not None:
        chosen = [r for r in rows if r.final is verdict]
        status = calc.VERDICT_STATUS[verdict]
    else:
        chosen = [r for r in rows if not r.is_final and r.status is status]
    return StatusList(status, verdict, worst_first(chosen), store.is_demo)


def rankings_from_store(
    store: FigureStore, *, indicators: Sequence[Indicator], zones: Sequence[Zone], as_of: Period
) -> list[Ranking]:
    return [_ranking(store, indicator, zones, as_of) for indicator in indicators]


def _ranking(
    store: FigureStore, indicator: Indicator, zones: Sequence[Zone], as_of: Period
) -> Ranking:
    period = observation_period(indicator, as_of)
    ids = [zone.pk for zone in zones]
    values = store.zone_values(indicator, ids, period)
    previous = store.zone_values(indicator, ids, period.last_year())
    growth = {z: calc.growth_pct(current=values[z], previous=previous[z]) for z in ids}
    reported = {z: store.reported_growth(z, indicator, period) for z in ids}
    headline = {z: calc.headline_growth(reported=reported[z], computed=growth[z]).pct for z in ids}
    value_rank = calc.rank_desc({str(z): values[z] for z in ids})
    growth_rank = calc.rank_desc({str(z): headline[z] for z in ids})
    rows = [
        ZoneFigure(
            zone=zone,
            indicator=indicator,
            period=period,
            value=values[zone.pk],
            growth_pct=growth[zone.pk],
            reported_growth_pct=reported[zone.pk],
            rank=value_rank[str(zone.pk)],
            growth_rank=growth_rank[str(zone.pk)],
        )
        for zone in zones
    ]
    total_value = store.scope_value(indicator, ids, period)
    total_last = store.scope_value(indicator, ids, period.last_year())
    total = ZoneFigure(
        None,
        indicator,
        period,
        total_value,
        calc.growth_pct(current=total_value, previous=total_last),
    )
    return Ranking(indicator=indicator, period=period, rows=rows, total=total)


def _cards(
    rows: Sequence[TargetAssessment], rankings: Sequence[Ranking], zones: Sequence[Zone]
) -> list[ZoneCard]:
    """A card for each zone with targets of its own, and one for 全州开发区."""
    targets: dict[int, list[TargetAssessment]] = {}
    for row in rows:
        if row.target.scope == Target.Scope.ZONE and row.target.zone_id is not None:
            targets.setdefault(row.target.zone_id, []).append(row)
    figures: dict[int, list[ZoneFigure]] = {}
    for ranking in rankings:
        for fig in ranking.rows:
            if fig.zone is not None:
                figures.setdefault(fig.zone.pk, []).append(fig)
    cards = [
        ZoneCard(zone, zone.name, figures.get(zone.pk, []), mine, status_counts(mine))
        for zone in zones
        if (mine := targets.get(zone.pk))
    ]
    shared = [row for row in rows if row.target.scope == Target.Scope.ALL_ZONES]
    totals = [ranking.total for ranking in rankings]
    cards.append(ZoneCard(None, "全州开发区", totals, shared, status_counts(shared)))
    return cards


def zone_overview(*, as_of: Period, approved_only: bool = True) -> Overview:
    """The overview page: targets, counts by status, changes since last month, zone cards."""
    catalogue = Catalogue.load()
    previous = as_of.shift(-1)
    headlines = catalogue.headline_indicators()
    store = catalogue.store([as_of, previous], extra=headlines, approved_only=approved_only)
    rows = catalogue.assess(store, as_of)
    before = {row.target.pk: row.status for row in catalogue.assess(store, previous)}
    changes = [
        StatusChange(row, before[row.target.pk])
        for row in rows
        if before[row.target.pk] is not row.status
    ]
    members = catalogue.member_zones
    rankings = rankings_from_store(store, indicators=headlines, zones=members, as_of=as_of)
    return Overview(
        as_of=as_of,
        previous=previous,
        rows=rows,
        counts=status_counts(rows),
        changes=changes,
        cards=_cards(rows, rankings, members),
        rankings=rankings,
        is_demo=store.is_demo,
    )


def zone_rankings(*, as_of: Period, approved_only: bool = True) -> list[Ranking]:
    """比拼 among the zones on the headline indicators at `as_of`."""
    catalogue = Catalogue.load(targets=[])
    headlines = catalogue.headline_indicators()
    store = catalogue.store([as_of], extra=headlines, approved_only=approved_only)
    return rankings_from_store(
        store, indicators=headlines, zones=catalogue.member_zones, as_of=as_of
    )
