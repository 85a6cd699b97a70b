"""Reads of task supervision. Each runs a bounded number of queries, however many tasks,
units or rounds there are: one query per kind of row, then plain Python (`supervision.rules`).

A slot counts as reported when its current report (own or consolidated) stands, i.e. was not
returned for rework; a returned report leaves the slot owing a new version. A slot of a
collective unit (县市人民政府, 楚雄国家高新区和各产业园区: `Unit.is_collective`) owes nothing: no
one logs in for it, its members act each on its own; pages say 不单独报送, never 未报送 or 逾期.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from accounts import permissions
from supervision import rules
from supervision.models import MilestoneEvidence, Reminder, ReportingRound, ReportSlot, TaskReport
from targets.models import Document, Section, Target, TaskAssignment, TaskItem, Unit

RETURNED = TaskReport.Review.RETURNED
LEAD = TaskAssignment.Role.LEAD


class Standing(StrEnum):
    """Where a task item (or one unit's part of it) stands: the status of its report, or why
    there is none. Behaviour reads the value; `label` and `css` come from one table."""

    NOT_STARTED = "not_started"  # the four: TaskReport.Status's values
    IN_PROGRESS = "in_progress"
    DONE = "done"
    BEHIND = "behind"
    OVERDUE = "overdue"
    NOT_REPORTED = "not_reported"
    COLLECTIVE = "collective"  # a collective unit (Unit.is_collective): no slot, its members act

    @property
    def label(self) -> str:
        return STANDINGS[self][0]

    @property
    def css(self) -> str:
        """The status colour: 已完成 green, 推进中 blue, 滞后 amber, 逾期未报 red, else grey."""
        return STANDINGS[self][1]


STANDINGS = {  # label, CSS class (status--…)
    Standing.NOT_STARTED: ("未启动", "no_data"),
    Standing.IN_PROGRESS: ("推进中", "on_track"),
    Standing.DONE: ("已完成", "done"),
    Standing.BEHIND: ("滞后", "behind"),
    Standing.OVERDUE: ("逾期未报", "far_behind"),
    Standing.NOT_REPORTED: ("未报送", "no_data"),
    Standing.COLLECTIVE: ("不单独报送", "no_data"),
}
_KIND_ORDER = {kind: i for i, kind in enumerate(Unit.Kind.values)}


def _standing_reports() -> QuerySet[TaskReport]:
    return TaskReport.objects.filter(is_current=True).exclude(review_state=RETURNED)


def _reported() -> ExpressionWrapper[Q]:
    standing = Exists(_standing_reports().filter(slot=OuterRef("pk")))
    return ExpressionWrapper(Q(standing) | Unit.collective_q("unit__"), output_field=BooleanField())


def unreported_slots() -> QuerySet[ReportSlot]:
    return ReportSlot.objects.annotate(reported=_reported()).filter(reported=False)


def overdue_slots(*, today: datetime.date) -> QuerySet[ReportSlot]:
    """Slots with no standing report whose due date is before today (see `rules.is_overdue`)."""
    return (
        unreported_slots()
        .filter(round__due_date__lt=today)
        .select_related("round", "task__document", "task__section", "unit")
        .order_by("round__due_date", "task__document__issued_on", "task__number", "unit__name")
    )


def slots_with_latest_report() -> QuerySet[ReportSlot]:
    """Every slot with `reported` (a standing report exists) and its latest current report's
    `latest_status`, `latest_review` and `latest_at` (None when nothing was filed): one query."""
    latest = TaskReport.objects.filter(slot=OuterRef("pk"), is_current=True).order_by(
        "-submitted_at", "-pk"
    )
    return ReportSlot.objects.select_related("round", "task__document", "unit").annotate(
        reported=_reported(),
        latest_status=Subquery(latest.values("status")[:1]),
        latest_review=Subquery(latest.values("review_state")[:1]),
        latest_at=Subquery(latest.values("submitted_at")[:1]),
    )


def with_lead_unit(reports: QuerySet[TaskReport]) -> QuerySet[TaskReport]:
    """Reports with their slot and `lead_unit_id`, the unit leading the report's task, in the
    same query: what `report_files_readable` asks, for any number of tasks."""
    lead = TaskAssignment.objects.filter(task_id=OuterRef("slot__task_id"), role=LEAD)
    return reports.select_related("slot").annotate(
        lead_unit_id=Subquery(lead.order_by("position").values("unit_id")[:1])
    )


def report_details(reports: QuerySet[TaskReport]) -> QuerySet[TaskReport]:
    """A report with who filed and reviewed it, its attachments, figures and milestones, and
    its task's lead unit (`with_lead_unit`)."""
    return with_lead_unit(reports.select_related("submitted_by", "reviewed_by")).prefetch_related(
        "attachments",
        "figures",
        Prefetch("milestones", MilestoneEvidence.objects.select_related("target")),
    )


def _unit_sort_key(unit: Unit) -> tuple[int, str]:
    return (_KIND_ORDER.get(unit.kind, len(_KIND_ORDER)), unit.name)


# ---- per unit --------------------------------------------------------------------------------


@dataclass
class UnitSummary:
    unit: Unit
    led: int
    cooperating: int
    slots: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0


def unit_summary(*, today: datetime.date) -> list[UnitSummary]:
    """Per unit: task items led and co-operated on, slots reported on time, late, overdue and
    not yet due. Two queries. Most overdue first."""
    units = Unit.objects.annotate(
        n_led=Count("assignments", filter=Q(assignments__role=LEAD)),
        n_coop=Count("assignments", filter=~Q(assignments__role=LEAD)),
    )
    rows = {u.pk: UnitSummary(unit=u, led=u.n_led, cooperating=u.n_coop) for u in units}
    first = TaskReport.objects.filter(slot=OuterRef("pk")).order_by("submitted_at")
    slots = ReportSlot.objects.annotate(
        reported=_reported(), first_at=Subquery(first.values("submitted_at")[:1])
    ).values_list("unit_id", "round__due_date", "first_at", "reported")
    for unit_id, due_date, first_at, reported in slots:
        row = rows[unit_id]
        first_filed = timezone.localdate(first_at) if first_at else None
        row.slots += 1
        row.on_time += rules.is_on_time(first_filed=first_filed, due_date=due_date)
        row.late += first_filed is not None and first_filed > due_date
        overdue = rules.is_overdue(due_date=due_date, reported=reported, today=today)
        row.overdue += overdue
        row.pending += not reported and not overdue
    kept = [r for r in rows.values() if r.led or r.cooperating or r.slots]
    return sorted(kept, key=lambda r: (-r.overdue, -r.late, *_unit_sort_key(r.unit)))


# ---- units × task items ----------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixCell:
    role: str
    status: str | None
    overdue: bool
    collective: bool = False

    @property
    def role_label(self) -> str:
        return str(TaskAssignment.Role(self.role).label)

    @property
    def standing(self) -> Standing:
        if self.collective and not self.status:
            return Standing.COLLECTIVE
        if self.overdue:
            return Standing.OVERDUE
        return Standing(self.status) if self.status else Standing.NOT_REPORTED

    @property
    def status_label(self) -> str:
        return self.standing.label


@dataclass
class MatrixRow:
    unit: Unit
    cells: list[MatrixCell | None]


@dataclass
class Matrix:
    tasks: list[TaskItem]
    rows: list[MatrixRow]


def _latest_statuses(task_ids: list[int]) -> dict[tuple[int, int], str]:
    """(task, unit) → status of the unit's latest standing report on the task, any round."""
    rows = (
        _standing_reports()
        .filter(slot__task_id__in=task_ids)
        .order_by("submitted_at", "pk")
        .values_list("slot__task_id", "slot__unit_id", "status")
    )
    return {(task_id, unit_id): status for task_id, unit_id, status in rows}


def accountability_matrix(
    *, document: Document | None = None, section: Section | None = None, today: datetime.date
) -> Matrix:
    """Units × task items: each cell the unit's role (牵头/配合), its latest reported status and
    whether it has an overdue slot. Four queries, however many tasks and units."""
    tasks_qs = TaskItem.objects.select_related("document", "section")
    if document is not None:
        tasks_qs = tasks_qs.filter(document=document)
    if section is not None:
        tasks_qs = tasks_qs.filter(section=section)
    tasks = list(tasks_qs)
    ids = [t.pk for t in tasks]
    assignments = TaskAssignment.objects.filter(task_id__in=ids).select_related("unit")
    roles: dict[tuple[int, int], str] = {}
    units: dict[int, Unit] = {}
    for a in assignments:
        roles[(a.task_id, a.unit_id)] = a.role
        units[a.unit_id] = a.unit
    latest = _latest_statuses(ids)
    overdue = set(
        overdue_slots(today=today).filter(task_id__in=ids).values_list("task_id", "unit_id")
    )
    rows = [
        MatrixRow(
            unit=unit,
            cells=[
                MatrixCell(
                    role=roles[key],
                    status=latest.get(key),
                    overdue=key in overdue,
                    collective=unit.is_collective,
                )
                if (key := (task.pk, unit.pk)) in roles
                else None
                for task in tasks
            ],
        )
        for unit in sorted(units.values(), key=_unit_sort_key)
    ]
    return Matrix(tasks=tasks, rows=rows)


def _filed_by(end: datetime.date) -> QuerySet[TaskReport]:
    """Reports as they stood at the end of `end`: every version filed by then that is not
    returned (a later version or review cannot be undone in hindsight, so this is the best
    reading of the past that the records allow)."""
    return TaskReport.objects.filter(submitted_at__date__lte=end).exclude(review_state=RETURNED)


def task_statuses(
    *, tasks: Iterable[TaskItem], today: datetime.date, as_of: datetime.date | None = None
) -> dict[int, Standing]:
    """Where each task stands, for dashboards: the consolidated report's status, else the lead
    unit's, else 逾期未报 or 未报送. With `as_of` before today, as things stood at the end of that day:
    reports filed by then, slots overdue by then. Two queries."""
    ids = [t.pk for t in tasks]
    labels = dict.fromkeys(ids, Standing.NOT_REPORTED)
    if as_of is None or as_of >= today:
        reports = _standing_reports()
        overdue_query = overdue_slots(today=today)
    else:
        reports = _filed_by(as_of)
        filed = Exists(reports.filter(slot=OuterRef("pk")))
        overdue_query = ReportSlot.objects.filter(round__due_date__lt=as_of).exclude(filed)
    overdue = set(overdue_query.filter(task_id__in=ids).values_list("task_id", flat=True))
    labels.update(dict.fromkeys(overdue, Standing.OVERDUE))
    rows = (
        reports.filter(slot__task_id__in=ids, slot__role=LEAD)
        .order_by("is_consolidated", "submitted_at", "pk")  # the consolidated report wins
        .values_list("slot__task_id", "status")
    )
    labels.update({task_id: Standing(status) for task_id, status in rows})
    return labels


# ---- one task item ---------------------------------------------------------------------------


@dataclass
class UnitProgress:
    unit: Unit
    role: str
    slot: ReportSlot | None = None
    versions: list[TaskReport] = field(default_factory=list)
    overdue: bool = False
    consolidated: TaskReport | None = None  # the lead's consolidated report, for the lead only

    @property
    def collective(self) -> bool:
        """Named collectively (县市人民政府 …), with nothing filed: its members act."""
        return self.unit.is_collective and self.latest is None

    @property
    def report(self) -> TaskReport | None:
        return self.versions[0] if self.versions else None

    @property
    def latest(self) -> TaskReport | None:
        """The unit's most recent report: its own, or (for the lead) the consolidated one."""
        reports = [r for r in (self.report, self.consolidated) if r is not None]
        return max(reports, key=lambda r: r.submitted_at) if reports else None

    @property
    def role_label(self) -> str:
        return str(TaskAssignment.Role(self.role).label)


@dataclass
class TaskProgress:
    task: TaskItem
    round: ReportingRound | None
    rounds: list[ReportingRound]
    units: list[UnitProgress]
    consolidated_versions: list[TaskReport] = field(default_factory=list)

    @property
    def consolidated(self) -> TaskReport | None:
        return self.consolidated_versions[0] if self.consolidated_versions else None

    @property
    def lead(self) -> UnitProgress | None:
        return next((u for u in self.units if u.role == LEAD), None)


def task_progress(
    *, task: TaskItem, today: datetime.date, round: ReportingRound | None = None
) -> TaskProgress:
    """Each unit's reports on the task in one round (the latest by default), newest version
    first, and the lead unit's consolidated report. Eight queries at most."""
    rounds = list(ReportingRound.objects.filter(tasks=task).order_by("-due_date", "-opened_at"))
    current = round if round is not None else (rounds[0] if rounds else None)
    position = {a.unit_id: (a.position, a) for a in task.assignments.select_related("unit")}
    progress = TaskProgress(task=task, round=current, rounds=rounds, units=[])
    if current is None:
        progress.units = [
            UnitProgress(unit=a.unit, role=a.role) for _, a in sorted(position.values())
        ]
        return progress
    slots = ReportSlot.objects.filter(round=current, task=task).annotate(reported=_reported())
    by_slot: dict[int, UnitProgress] = {}
    for slot in slots.select_related("unit", "round"):
        by_slot[slot.pk] = UnitProgress(
            unit=slot.unit,
            role=slot.role,
            slot=slot,
            overdue=rules.is_overdue(
                due_date=current.due_date, reported=slot.reported, today=today
            ),
        )
    reports = report_details(TaskReport.objects.filter(slot_id__in=by_slot)).order_by("-version")
    for report in reports:
        row = by_slot[report.slot_id]
        target = progress.consolidated_versions if report.is_consolidated else row.versions
        target.append(report)
    progress.units = sorted(
        by_slot.values(), key=lambda u: (position.get(u.unit.pk, (999, None))[0], u.unit.name)
    )
    if (lead := progress.lead) is not None:
        lead.consolidated = progress.consolidated
    return progress


# ---- one unit --------------------------------------------------------------------------------


@dataclass
class SlotState:
    slot: ReportSlot
    reported: bool
    overdue: bool


@dataclass
class MyTasks:
    unit: Unit
    assignments: list[TaskAssignment]
    slots: list[SlotState]
    reports: list[TaskReport]
    reminders: list[Reminder]

    @property
    def open_slots(self) -> list[SlotState]:
        """Slots still waiting for a report: unreported, in a round that has not ended."""
        return [s for s in self.slots if not s.reported and not s.slot.round.is_closed]

    @property
    def fileable_slots(self) -> list[SlotState]:
        """Slots a report may be filed in (again): those of rounds that have not ended."""
        return [s for s in self.slots if not s.slot.round.is_closed]


MY_REPORTS_SHOWN = 200
MY_REMINDERS_SHOWN = 50


def my_tasks(*, unit: Unit, today: datetime.date) -> MyTasks:
    """What a unit's liaison needs: its task items, its slots (open ones with due dates), its
    reports with every version, and the reminders it was sent. Eight queries."""
    assignments = unit.assignments.select_related("task__document", "task__section").order_by(
        "task__document__issued_on", "task__number"
    )
    slots = (
        ReportSlot.objects.filter(unit=unit)
        .annotate(reported=_reported())
        .select_related("round", "task__document")
        .order_by("-round__due_date", "task__document__issued_on", "task__number")
    )
    reports = report_details(TaskReport.objects.filter(slot__unit=unit)).select_related(
        "slot__round", "slot__task__document"
    )
    reminders = Reminder.objects.filter(slot__unit=unit).select_related(
        "slot__round", "slot__task__document"
    )
    return MyTasks(
        unit=unit,
        assignments=list(assignments),
        slots=[
            SlotState(
                slot=s,
                reported=s.reported,
                overdue=rules.is_overdue(
                    due_date=s.round.due_date, reported=s.reported, today=today
                ),
            )
            for s in slots
        ],
        reports=list(reports.order_by("-submitted_at", "-pk")[:MY_REPORTS_SHOWN]),
        reminders=list(reminders[:MY_REMINDERS_SHOWN]),
    )


# ---- rounds, review, milestones --------------------------------------------------------------


@dataclass
class RoundRow:
    round: ReportingRound
    tasks: int
    slots: int
    reported: int
    overdue: int


def round_list(*, today: datetime.date) -> list[RoundRow]:
    """Every round with its counts of tasks, slots, reported and overdue slots. Three queries."""
    rounds = list(ReportingRound.objects.select_related("opened_by"))
    tasks = dict(ReportingRound.objects.annotate(n=Count("tasks")).values_list("pk", "n"))
    slots = ReportSlot.objects.annotate(reported=_reported()).values_list("round_id", "reported")
    counts: dict[int, list[int]] = {}
    for round_id, reported in slots:
        tally = counts.setdefault(round_id, [0, 0])
        tally[0] += 1
        tally[1] += reported
    rows = []
    for r in rounds:
        total, reported = counts.get(r.pk, [0, 0])
        past_due = rules.is_overdue(due_date=r.due_date, reported=False, today=today)
        overdue = total - reported if past_due else 0
        rows.append(RoundRow(r, tasks.get(r.pk, 0), total, reported, overdue))
    return rows


def review_queue() -> QuerySet[TaskReport]:
    """Current reports waiting for a reviewer, oldest first."""
    return (
        report_details(
            TaskReport.objects.filter(is_current=True, review_state=TaskReport.Review.SUBMITTED)
        )
        .select_related("slot__round", "slot__task__document", "slot__unit")
        .order_by("submitted_at")
    )


class MilestoneState(NamedTuple):
    done: bool
    date: datetime.date | None
    evidence: str


def milestone_status(*, targets: Iterable[Target]) -> dict[int, MilestoneState]:
    """For each milestone target: done (a current, not returned report says so, with the
    earliest completion date and its evidence) or not done. One query."""
    ids = [t.pk for t in targets if t.kind == Target.Kind.MILESTONE]
    status = {pk: MilestoneState(done=False, date=None, evidence="") for pk in ids}
    if not ids:
        return status
    rows = (
        MilestoneEvidence.objects.filter(target_id__in=ids, report__is_current=True)
        .exclude(report__review_state=RETURNED)
        .order_by("-done_on", "-pk")  # the earliest completion is read last and wins
        .values_list("target_id", "done_on", "evidence")
    )
    for target_id, done_on, evidence in rows:
        status[target_id] = MilestoneState(done=True, date=done_on, evidence=evidence)
    return status


def report_files_readable(user: Any, report: TaskReport) -> bool:
    """`accounts.permissions.can_read_report_files` for one report, read from `with_lead_unit`
    (or `report_details`): no query here, however many tasks a page lists."""
    lead_unit_id: int | None = report.lead_unit_id  # type: ignore[attr-defined]  # annotated
    return permissions.can_read_report_files(
        user, filing_unit_id=report.slot.unit_id, lead_unit_id=lead_unit_id
    )
