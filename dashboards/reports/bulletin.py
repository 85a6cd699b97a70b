"""The monthly 通报 as a Word document, drafted from the same selectors as the dashboards and
the 调度表 (one source, the same numbers) and phrased by the rules of `phrasing`.

`bulletin_content` gathers the numbers (a bounded number of queries, whatever the number of
zones) and turns them into sentences; `write_bulletin` lays them out with python-docx in the
house layout of a 州 office bulletin (A4 portrait, 黑体 headings, 仿宋 body, page numbers).
By default only approved figures (and figures quoted from a published source) count, as on the
dashboards; with `approved_only=False` submitted figures count too, each marked （未审核）.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from django.utils import timezone

from dashboards.selectors import Period, TargetAssessment
from dashboards.selectors.catalogue import Catalogue
from dashboards.selectors.overview import Ranking, rankings_from_store
from dashboards.selectors.store import FigureStore
from indicators import calculations as calc
from reporting.deadlines import State
from reporting.selectors import Completeness, completeness
from supervision.selectors import overdue_slots
from targets.models import Indicator, Target, Zone

from . import phrasing as say
from .bulletin_docx import OFFICE_TITLE, write_docx

#: Shares stated beside the headline indicators, their change in 百分点.
SHARE_CODES = ("zdcy_share",)
BEHIND = (calc.Status.BEHIND, calc.Status.FAR_BEHIND)
_GROWTH_KINDS = (Target.Kind.CAGR, Target.Kind.YEARLY_RATE)


@dataclass
class Bulletin:
    """The bulletin's text, section by section, ready to be laid out."""

    title: str
    as_of: Period
    approved_only: bool
    is_demo: bool
    generated: datetime.datetime
    totals: str
    zones: list[str]
    behind: list[str]
    missed: list[str]
    table_header: list[str]
    table_rows: list[list[str]]
    overdue: list[str]
    reporting: str

    @property
    def scope_note(self) -> str:
        if self.approved_only:
            return "本通报仅采用已审核数据（及文献所载数据）。"
        return "本通报含已报送、尚未审核的数据，均在数字后标注“（未审核）”；草稿不计入。"


def _figure(
    store: FigureStore, ranking: Ranking, zone_ids: Sequence[int], zone_id: int | None
) -> say.IndicatorFigure:
    """One zone's (zone_id) or the prefecture's (None) figure on the ranking's indicator. The
    prefecture's 同比 compares the zones that reported with the same zones last year (可比口径),
    so a zone missing this month does not pass for a fall."""
    indicator, period = ranking.indicator, ranking.period
    row = (
        ranking.total
        if zone_id is None
        else next(r for r in ranking.rows if r.zone is not None and r.zone.pk == zone_id)
    )
    reporting = store.reporting_zones(
        indicator, list(zone_ids) if zone_id is None else [zone_id], period
    )
    last = store.scope_value(indicator, reporting, period.last_year()) if reporting else None
    is_share = indicator.kind == Indicator.Kind.RATIO or indicator.is_percent
    change = None if row.value is None or last is None else row.value - last
    return say.IndicatorFigure(
        name=indicator.name,
        unit=indicator.unit,
        value=row.value,
        growth_pct=calc.growth_pct(current=row.value, previous=last),
        share_change=change,
        is_share=is_share,
        rank=row.rank,
        growth_rank=row.growth_rank,
        ranked=sum(1 for r in ranking.rows if r.value is not None),
        unapproved=bool(reporting) and store.unapproved(reporting, period),
    )


def _progress(row: TargetAssessment) -> say.TargetProgress:
    return say.TargetProgress(
        title=row.target.title,
        document=row.target.document.number,
        clause=row.target.clause,
        status=row.status_label,
        progress_pct=row.assessment.progress_pct,
        unapproved=row.unapproved,
    )


def _missed(row: TargetAssessment) -> say.MissedVerdict:
    missed = [v for v in row.verdicts if v.verdict is calc.Verdict.MISSED]
    last = missed[-1] if missed else None
    unit = row.indicator.unit if row.indicator else ""
    if row.target.kind in _GROWTH_KINDS or (row.indicator and row.indicator.is_percent):
        unit = "百分点"
    return say.MissedVerdict(
        title=row.target.title,
        document=row.target.document.number,
        clause=row.target.clause,
        years=tuple(v.year for v in missed),
        shortfall=last.shortfall if last else None,
        shortfall_unit=unit,
        shortfall_pct=last.shortfall_pct if last else None,
    )


def _zone_targets(
    rows: Sequence[TargetAssessment], zone_id: int | None, indicator_ids: set[int]
) -> list[say.TargetProgress]:
    """The running targets of a zone (None: 全州开发区) on the bulletin's indicators."""
    return [
        _progress(row)
        for row in rows
        if not row.is_final
        and row.target.indicator_id in indicator_ids
        and row.status is not calc.Status.NO_DATA
        and (
            row.target.zone_id == zone_id
            if zone_id is not None
            else row.target.scope == Target.Scope.ALL_ZONES
        )
    ]


def _month_states(report: Completeness, month: int) -> dict[int, tuple[Zone, State, int | None]]:
    return {
        row.zone.pk: (
            row.zone,
            row.cells[month - 1].state.state,
            row.cells[month - 1].state.days_late,
        )
        for row in report.rows
    }


def _reporting(report: Completeness, as_of: Period) -> str:
    states = list(_month_states(report, as_of.month).values())

    def named(*kinds: State) -> list[str]:
        return [zone.name for zone, state, _ in states if state in kinds]

    def dated(kind: State) -> list[say.LateZone]:
        return [say.LateZone(zone.name, days) for zone, state, days in states if state is kind]

    return say.reporting_paragraph(
        year=as_of.year,
        month=as_of.month,
        expected=len(states),
        approved=named(State.APPROVED),
        on_time=named(State.ON_TIME),
        late=dated(State.LATE),
        returned=named(State.RETURNED),
        missing=dated(State.MISSING),
        not_due=bool(states) and all(s in (State.OPEN, State.NOT_DUE) for _, s, _ in states),
        reporting_rate=report.rates.reporting_rate,
        on_time_rate=report.rates.on_time_rate,
    )


def _overdue(today: datetime.date) -> list[str]:
    """Task items with a report overdue, grouped by responsible unit (supervision.selectors)."""
    by_unit: dict[str, list[say.OverdueItem]] = {}
    for slot in overdue_slots(today=today):
        task = slot.task
        short = task.document.number.rsplit("〕", 1)[-1]
        due = slot.round.due_date
        item = say.OverdueItem(
            task=f"{short}第{task.number}项",
            title=task.title,
            round=slot.round.title,
            due_month=due.month,
            due_day=due.day,
        )
        by_unit.setdefault(slot.unit.name, []).append(item)
    return [say.overdue_line(unit, items) for unit, items in by_unit.items()]


_REPORTED = (State.APPROVED, State.ON_TIME, State.LATE)


def _pending(state: tuple[Zone, State, int | None] | None) -> bool:
    """Submitted and awaiting review (not in a bulletin of approved figures)."""
    return state is not None and state[1] in (State.ON_TIME, State.LATE)


def _indicators(catalogue: Catalogue) -> list[Indicator]:
    shares = (catalogue.indicator(code) for code in SHARE_CODES)
    return [*catalogue.headline_indicators(), *(i for i in shares if i is not None)]


def bulletin_content(
    *, as_of: Period, approved_only: bool = True, today: datetime.date | None = None
) -> Bulletin:
    """The 通报 of `as_of`, as text: the same figures, targets and rankings as the overview
    (`Catalogue.store` → `assess`, `rankings_from_store`), the reporting record of
    `reporting.selectors.completeness`, and the overdue task items of
    `supervision.selectors.overdue_slots`. A fixed number of queries."""
    today = today or timezone.localdate()
    catalogue = Catalogue.load()
    indicators = _indicators(catalogue)
    store = catalogue.store([as_of], extra=indicators, approved_only=approved_only)
    rows = catalogue.assess(store, as_of)
    members = catalogue.member_zones
    ids = [z.pk for z in members]
    rankings = rankings_from_store(store, indicators=indicators, zones=members, as_of=as_of)
    report = completeness(year=as_of.year, today=today)
    states = _month_states(report, as_of.month)
    reported = {pk for pk, (_, state, _) in states.items() if state in _REPORTED}
    indicator_ids = {i.pk for i in indicators}

    totals = [_figure(store, r, ids, None) for r in rankings]
    missing = [z.name for z in members if z.pk in states and z.pk not in reported]
    waiting = [z.name for z in members if approved_only and _pending(states.get(z.pk))]
    totals_text = say.totals_paragraph(
        year=as_of.year,
        month=as_of.month,
        zones=len(members),
        figures=totals,
        missing=missing,
        pending=waiting,
        targets=_zone_targets(rows, None, indicator_ids),
    )
    zone_texts, table = [], []
    for zone in members:
        figures = [_figure(store, r, ids, zone.pk) for r in rankings]
        zone_texts.append(
            say.zone_paragraph(
                zone=zone.name,
                year=as_of.year,
                month=as_of.month,
                figures=figures,
                targets=_zone_targets(rows, zone.pk, indicator_ids),
                reported=zone.pk in reported or zone.pk not in states,
                pending=approved_only and _pending(states.get(zone.pk)),
            )
        )
        table.append([zone.name, *(say.table_cell(f) for f in figures)])
    table.append(["全州合计", *(say.table_cell(f) for f in totals)])
    header = ["开发区", *(f"{r.indicator.name}（{r.indicator.unit}）" for r in rankings)]
    return Bulletin(
        title=say.title(office=OFFICE_TITLE, as_of_year=as_of.year, as_of_month=as_of.month),
        as_of=as_of,
        approved_only=approved_only,
        is_demo=store.is_demo,
        generated=timezone.localtime(),
        totals=totals_text,
        zones=zone_texts,
        behind=[
            say.behind_line(_progress(r)) for r in rows if not r.is_final and r.status in BEHIND
        ],
        missed=[say.missed_line(_missed(r)) for r in rows if r.final is calc.Verdict.MISSED],
        table_header=header,
        table_rows=table,
        overdue=_overdue(today),
        reporting=_reporting(report, as_of),
    )


def build_bulletin(
    target: str | IO[bytes],
    *,
    as_of: Period,
    approved_only: bool = True,
    today: datetime.date | None = None,
) -> Bulletin:
    """Write the 通报 of `as_of` as .docx to a path or a binary file; the content written."""
    content = bulletin_content(as_of=as_of, approved_only=approved_only, today=today)
    write_docx(content, target)
    return content
