"""The final evaluation (终期评估) of a plan year: every target judged in that year, with its
base, its year-end values, the growth it required and achieved, the verdict and the shortfall;
totals by document, zone and cluster; the task items with their final supervision status.

Built from the same assessments as the dashboards (`Catalogue.assess` at December of the
year), so the numbers are the dashboards' numbers. Seven queries, however many zones or years.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from indicators import calculations as calc
from supervision.selectors import Standing
from targets.models import Document, Target, TaskItem

from .assess import TargetAssessment, verdict_counts
from .catalogue import Catalogue
from .evidence import task_statuses
from .periods import Period
from .store import FigureStore

VerdictCount = tuple[calc.Verdict, calc.Status, str, int]


@dataclass(frozen=True)
class EvaluationRow:
    row: TargetAssessment  # assessed at December of the year: its verdict and its figures
    year_values: list[tuple[int, Decimal | None]]  # the scope's year-end value, each plan year
    required_cagr_pct: Decimal | None  # from the base to the floor
    achieved_cagr_pct: Decimal | None  # from the base to the year's value
    replaces: list[Target]  # earlier targets it supersedes (营业收入 1500 → 2000)

    @property
    def target(self) -> Target:
        return self.row.target


@dataclass(frozen=True)
class Total:
    label: str
    counts: list[VerdictCount]

    @property
    def total(self) -> int:
        return sum(count for *_, count in self.counts)


@dataclass(frozen=True)
class PlanEvaluation:
    year: int
    closed: bool  # False while the year is still running: the verdicts are then provisional
    years: list[int]
    rows: list[EvaluationRow]
    by_document: list[Total]
    by_zone: list[Total]
    by_cluster: list[Total]
    tasks: list[tuple[TaskItem, Standing]]
    task_documents: list[Document]
    is_demo: bool

    @property
    def totals(self) -> Total:
        return Total("合计", verdict_counts([r.row for r in self.rows]))


def evaluation_years(*, up_to: Period) -> list[int]:
    """The target years that have closed by `up_to` and have targets in force, newest first."""
    years = Target.objects.in_force().values_list("target_year", flat=True).distinct()
    return sorted({y for y in years if (y, 12) <= (up_to.year, up_to.month)}, reverse=True)


def _plan_years(rows: Sequence[TargetAssessment], year: int) -> list[int]:
    bases = [r.target.base_year for r in rows if r.target.base_year is not None]
    first = min(bases) + 1 if bases else year - 2
    return list(range(first, year + 1))


def _totals(rows: Sequence[EvaluationRow], key: str) -> list[Total]:
    groups: dict[str, list[TargetAssessment]] = defaultdict(list)
    for each in rows:
        label = _group_label(each.row, key)
        if label is not None:
            groups[label].append(each.row)
    return [Total(label, verdict_counts(group)) for label, group in groups.items()]


def _group_label(row: TargetAssessment, key: str) -> str | None:
    target = row.target
    if key == "document":
        return target.document.number
    if key == "cluster":
        return row.scope.label if target.scope == Target.Scope.CLUSTER else None
    return None if target.scope == Target.Scope.CLUSTER else row.scope.label


def plan_evaluation(*, year: int, up_to: Period, approved_only: bool = True) -> PlanEvaluation:
    """Every target in force whose target year is `year`, judged at December of that year
    (the same verdict as any later month's dashboards), plus the task items of the documents
    whose every target falls by `year` (the plan that has ended), as they stood at its end."""
    catalogue = Catalogue.load()
    catalogue.targets = [t for t in catalogue.targets if t.target_year == year]
    point = Period(year, 12)
    store = catalogue.store([point], approved_only=approved_only)
    assessed = catalogue.assess(store, point)
    years = _plan_years(assessed, year)
    supersedes: dict[int, list[Target]] = defaultdict(list)
    for earlier in Target.objects.filter(superseded_by__in=catalogue.targets).select_related(
        "document"
    ):
        if earlier.superseded_by_id is not None:
            supersedes[earlier.superseded_by_id].append(earlier)
    rows = [_row(row, store_years(store, row, years), supersedes) for row in assessed]
    ended = list(
        Document.objects.exclude(targets__target_year__gt=year)
        .filter(targets__isnull=False)
        .distinct()
    )
    tasks = list(TaskItem.objects.filter(document__in=ended).select_related("document", "section"))
    statuses = task_statuses(tasks=tasks, as_of=point)
    return PlanEvaluation(
        year=year,
        closed=(up_to.year, up_to.month) >= (year, 12),
        years=years,
        rows=rows,
        by_document=_totals(rows, "document"),
        by_zone=_totals(rows, "zone"),
        by_cluster=_totals(rows, "cluster"),
        tasks=[(task, statuses[task.pk]) for task in tasks],
        task_documents=ended,
        is_demo=store.is_demo,
    )


def store_years(
    store: FigureStore, row: TargetAssessment, years: Sequence[int]
) -> list[tuple[int, Decimal | None]]:
    """The scope's December value in each year (None for a milestone)."""
    indicator = row.indicator
    if indicator is None:
        return [(y, None) for y in years]
    zone_ids = list(row.scope.zone_ids)
    return [(y, store.scope_value(indicator, zone_ids, Period(y, 12))) for y in years]


def _row(
    row: TargetAssessment,
    year_values: list[tuple[int, Decimal | None]],
    supersedes: dict[int, list[Target]],
) -> EvaluationRow:
    target = row.target
    required = achieved = None
    if target.base_year is not None and target.kind in (Target.Kind.LEVEL, Target.Kind.CAGR):
        span = target.target_year - target.base_year
        if target.kind == Target.Kind.LEVEL:
            required = calc.cagr_pct(start=row.base_value, end=target.floor, years=span)
        else:
            required = target.floor
        achieved = calc.cagr_pct(start=row.base_value, end=row.value, years=span)
    return EvaluationRow(
        row=row,
        year_values=year_values,
        required_cagr_pct=required,
        achieved_cagr_pct=achieved,
        replaces=supersedes.get(target.pk, []),
    )
