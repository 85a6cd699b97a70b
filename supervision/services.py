"""Writes of task supervision. Each is one transaction that checks who may write, validates
with `full_clean()` and keeps the history: reports are versioned, never edited in place."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from accounts import permissions
from accounts import selectors as people
from audit.services import record as audit_record
from supervision import notifications, rules
from supervision.attachments import FileKind, check_attachment
from supervision.models import (
    Attachment,
    MilestoneEvidence,
    Reminder,
    ReportFigure,
    ReportingRound,
    ReportSlot,
    TaskReport,
)
from supervision.selectors import unreported_slots
from targets.models import Target, TaskAssignment, TaskItem

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import UploadedFile


@dataclass(frozen=True)
class FigureInput:
    label: str
    value: Decimal
    unit: str = ""
    target: Target | None = None


@dataclass(frozen=True)
class MilestoneInput:
    target: Target
    done_on: datetime.date
    evidence: str


@dataclass(frozen=True)
class ReminderRun:
    reminders: int
    emails: int


@transaction.atomic
def round_open(
    *,
    user: User,
    title: str,
    rhythm: str,
    period_start: datetime.date,
    period_end: datetime.date,
    due_date: datetime.date,
    tasks: Iterable[TaskItem],
) -> ReportingRound:
    """Open a round and give every unit named on each task (lead and co-operating) a slot."""
    if not permissions.can_open_rounds(user):
        raise PermissionDenied("只有管理员可以发起调度轮次")
    task_list = list(tasks)
    if not task_list:
        raise ValidationError("请至少选择一项任务。", code="no_tasks")
    reporting_round = ReportingRound(
        title=title.strip(),
        rhythm=rhythm,
        period_start=period_start,
        period_end=period_end,
        due_date=due_date,
        opened_by=user,
        opened_at=timezone.now(),
    )
    reporting_round.full_clean()
    reporting_round.save()
    reporting_round.tasks.set(task_list)
    assignments = TaskAssignment.objects.filter(task__in=task_list).order_by("task", "position")
    # Slots copy validated assignments (whose constraints mirror the slot's), so they are
    # written in one statement; the database constraints still guard them.
    ReportSlot.objects.bulk_create(
        ReportSlot(round=reporting_round, task_id=a.task_id, unit_id=a.unit_id, role=a.role)
        for a in assignments
    )
    return reporting_round


@transaction.atomic
def round_close(*, user: User, reporting_round: ReportingRound) -> ReportingRound:
    """End a round once its reports are compiled: no more reports are filed in it and no more
    reminders sent; what was reported, and what was not, stays as it is. Reviews go on."""
    if not permissions.can_open_rounds(user):
        raise PermissionDenied("只有管理员可以结束调度轮次")
    locked = ReportingRound.objects.select_for_update().get(pk=reporting_round.pk)
    if locked.is_closed:
        raise ValidationError("该调度轮次已经结束。", code="closed")
    locked.closed_by, locked.closed_at = user, timezone.now()
    locked.save(update_fields=["closed_by", "closed_at"])
    return locked


@transaction.atomic
def round_reopen(*, user: User, reporting_round: ReportingRound, reason: str) -> ReportingRound:
    """Reopen a round ended by mistake (admins, with a reason, audited): reports are filed in
    it again and reminders go out again. The reason is kept in the audit log."""
    if not permissions.can_open_rounds(user):
        raise PermissionDenied("只有管理员可以重新开启调度轮次")
    if not reason.strip():
        raise ValidationError("重新开启时必须填写原因。", code="no_reason")
    locked = ReportingRound.objects.select_for_update().get(pk=reporting_round.pk)
    if not locked.is_closed:
        raise ValidationError("该调度轮次尚未结束，无需重新开启。", code="open")
    ended = {
        "closed_at": locked.closed_at.isoformat() if locked.closed_at else None,
        "closed_by": locked.closed_by.get_username() if locked.closed_by else None,
    }
    locked.closed_by, locked.closed_at = None, None
    locked.save(update_fields=["closed_by", "closed_at"])
    audit_record(
        event="round_reopen",
        user=user,
        object=str(locked),
        detail={"round": locked.pk, "reason": reason.strip(), **ended},
    )
    return locked


def _check_figures(slot: ReportSlot, figures: Sequence[FigureInput]) -> None:
    for figure in figures:
        if figure.target is not None and figure.target.task_id != slot.task_id:
            raise ValidationError(
                "目标“%(title)s”不属于该任务。",
                code="foreign_target",
                params={"title": figure.target.title},
            )


def _check_milestones(slot: ReportSlot, milestones: Sequence[MilestoneInput]) -> None:
    seen: set[int] = set()
    for milestone in milestones:
        target = milestone.target
        if target.kind != Target.Kind.MILESTONE:
            raise ValidationError("只能对节点类目标标记完成。", code="not_milestone")
        if target.task_id not in (None, slot.task_id):
            raise ValidationError(
                "节点目标“%(t)s”不属于该任务。", code="foreign_target", params={"t": target.title}
            )
        if target.pk in seen:
            raise ValidationError(
                "节点目标“%(t)s”填了两次。", code="duplicate_milestone", params={"t": target.title}
            )
        seen.add(target.pk)


def _next_version(slot: ReportSlot, *, consolidated: bool) -> int:
    """Retire the current version of the series and return the next version number."""
    series = TaskReport.objects.filter(slot=slot, is_consolidated=consolidated)
    latest = series.order_by("-version").first()
    if latest is None:
        return 1
    if latest.is_current:
        latest.is_current = False
        latest.save(update_fields=["is_current"])
    return latest.version + 1


def _save_details(
    report: TaskReport,
    *,
    figures: Sequence[FigureInput],
    milestones: Sequence[MilestoneInput],
    files: Sequence[tuple[UploadedFile, FileKind]],
) -> None:
    for figure in figures:
        row = ReportFigure(
            report=report,
            target=figure.target,
            label=figure.label.strip(),
            value=figure.value,
            unit=figure.unit.strip(),
        )
        row.full_clean()
        row.save()
    for milestone in milestones:
        evidence = MilestoneEvidence(
            report=report,
            target=milestone.target,
            done_on=milestone.done_on,
            evidence=milestone.evidence.strip(),
        )
        evidence.full_clean()
        evidence.save()
    _save_attachments(report, files)


def _save_attachments(report: TaskReport, files: Sequence[tuple[UploadedFile, FileKind]]) -> None:
    """Written last, after everything else validated; files already on disk are removed if a
    later one fails, so a refused report leaves nothing behind."""
    stored: list[Attachment] = []
    try:
        for upload, kind in files:
            attachment = Attachment(
                report=report,
                original_name=(upload.name or "")[-200:],
                size=upload.size or 0,
                content_type=kind.content_type,
            )
            attachment.file.save(upload.name or "attachment", upload, save=False)
            stored.append(attachment)
            attachment.full_clean()
            attachment.save()
    except Exception:
        for attachment in stored:
            attachment.file.delete(save=False)
        raise


def _file_report(
    *,
    user: User,
    slot: ReportSlot,
    consolidated: bool,
    status: str,
    narrative: str,
    problems: str,
    files: Sequence[UploadedFile],
    figures: Sequence[FigureInput],
    milestones: Sequence[MilestoneInput],
) -> TaskReport:
    checked = [(f, check_attachment(name=f.name or "", size=f.size, stream=f)) for f in files]
    _check_figures(slot, figures)
    _check_milestones(slot, milestones)
    locked = ReportSlot.objects.select_for_update().select_related("task").get(pk=slot.pk)
    # The round's row lock orders this filing and a concurrent `round_close`: a report is
    # never filed in a round that ended meanwhile. Filings are a few dozen a round.
    if ReportingRound.objects.select_for_update().get(pk=locked.round_id).is_closed:
        raise ValidationError("该调度轮次已经结束，不能再报送。", code="round_closed")
    report = TaskReport(
        slot=locked,
        is_consolidated=consolidated,
        version=_next_version(locked, consolidated=consolidated),
        is_current=True,
        status=status,
        narrative=narrative.strip(),
        problems=problems.strip(),
        submitted_by=user,
        submitted_at=timezone.now(),
    )
    report.full_clean()
    report.save()
    _save_details(report, figures=figures, milestones=milestones, files=checked)
    return report


@transaction.atomic
def report_submit(
    *,
    user: User,
    slot: ReportSlot,
    status: str,
    narrative: str,
    problems: str = "",
    files: Sequence[UploadedFile] = (),
    figures: Sequence[FigureInput] = (),
    milestones: Sequence[MilestoneInput] = (),
) -> TaskReport:
    """A unit's progress report for its slot: a new version each time, the old one kept."""
    if not permissions.is_liaison_for(user, slot.unit_id):
        raise PermissionDenied("只能报送本单位的任务进展")
    return _file_report(
        user=user,
        slot=slot,
        consolidated=False,
        status=status,
        narrative=narrative,
        problems=problems,
        files=files,
        figures=figures,
        milestones=milestones,
    )


@transaction.atomic
def report_consolidate(
    *,
    user: User,
    round: ReportingRound,
    task: TaskItem,
    status: str,
    narrative: str,
    problems: str = "",
    files: Sequence[UploadedFile] = (),
    figures: Sequence[FigureInput] = (),
    milestones: Sequence[MilestoneInput] = (),
) -> TaskReport:
    """The lead unit's consolidated report on the task for the round (also versioned)."""
    slot = ReportSlot.objects.filter(round=round, task=task, role=TaskAssignment.Role.LEAD).first()
    if slot is None:
        raise ValidationError("本轮次未调度该任务，或该任务未列明牵头单位。", code="no_lead")
    if not permissions.is_liaison_for(user, slot.unit_id):
        raise PermissionDenied("只有牵头单位联络员可以汇总报送")
    return _file_report(
        user=user,
        slot=slot,
        consolidated=True,
        status=status,
        narrative=narrative,
        problems=problems,
        files=files,
        figures=figures,
        milestones=milestones,
    )


def _review(*, user: User, report: TaskReport, to: str, reason: str = "") -> TaskReport:
    if not permissions.can_review_reports(user):
        raise PermissionDenied("只有审核员可以审核任务报送")
    locked = TaskReport.objects.select_for_update().get(pk=report.pk)
    if not locked.is_current:
        raise ValidationError("该版本已被新版本取代，请审核最新版本。", code="superseded")
    if locked.review_state != TaskReport.Review.SUBMITTED:
        raise ValidationError(
            "该报告当前为“%(state)s”，不能再审核。",
            code="reviewed",
            params={"state": locked.get_review_state_display()},
        )
    locked.review_state = to
    locked.reviewed_by = user
    locked.reviewed_at = timezone.now()
    locked.return_reason = reason.strip()
    locked.full_clean()
    locked.save(update_fields=["review_state", "reviewed_by", "reviewed_at", "return_reason"])
    return locked


@transaction.atomic
def report_accept(*, user: User, report: TaskReport) -> TaskReport:
    return _review(user=user, report=report, to=TaskReport.Review.ACCEPTED)


@transaction.atomic
def report_return(*, user: User, report: TaskReport, reason: str) -> TaskReport:
    """Return a report for rework; the unit then files a new version. A reason is required."""
    if permissions.can_review_reports(user) and not reason.strip():
        raise ValidationError("退回时必须填写原因。", code="reason_required")
    return _review(user=user, report=report, to=TaskReport.Review.RETURNED, reason=reason)


def _due_slots(*, today: datetime.date) -> dict[str, list[ReportSlot]]:
    """Unreported slots owed a reminder today, by kind, leaving out reminders already sent."""
    start, end = rules.before_due_window(today)
    windows = {
        Reminder.Kind.BEFORE_DUE: {"round__due_date__gte": start, "round__due_date__lte": end},
        Reminder.Kind.AFTER_DUE: {"round__due_date__lt": today},
    }
    base = (
        unreported_slots()
        .filter(round__closed_at__isnull=True)
        .select_related("round", "task__document", "unit")
    )
    return {
        kind: list(
            base.filter(**where).exclude(reminders__kind=kind).order_by("round__due_date", "task")
        )
        for kind, where in windows.items()
    }


def _liaison_emails(unit_ids: set[int]) -> dict[int, list[str]]:
    """Unit id → the e-mail addresses of its liaisons who have one."""
    return {
        unit_id: sorted(user.email for user in users if user.email)
        for unit_id, users in people.liaisons_of(unit_ids).items()
    }


@transaction.atomic
def _remind_unit(
    *, kind: str, slots: list[ReportSlot], emails: list[str], now: datetime.datetime
) -> bool:
    Reminder.objects.bulk_create(
        Reminder(slot=slot, kind=kind, sent_at=now, recipients=", ".join(emails)) for slot in slots
    )
    if not emails:
        return False
    unit_name = slots[0].unit.name
    send_mail(
        notifications.reminder_subject(kind=kind, unit_name=unit_name, count=len(slots)),
        notifications.reminder_body(
            kind=kind, unit_name=unit_name, slots=slots, portal_url=settings.PORTAL_URL
        ),
        None,
        emails,
    )
    return True


def reminders_send(*, now: datetime.datetime) -> ReminderRun:
    """Remind units of unreported slots: 3 days before the due date and after it, each kind at
    most once per slot; one e-mail per unit and kind, to the unit's liaisons.

    Each unit is its own transaction, so a mail failure leaves that unit's reminders unsent
    (and unrecorded) for the next run while the units already mailed stay recorded."""
    due = _due_slots(today=timezone.localdate(now))
    unit_ids = {slot.unit_id for slots in due.values() for slot in slots}
    emails = _liaison_emails(unit_ids) if unit_ids else {}
    reminders = sent = 0
    for kind, slots in due.items():
        by_unit: dict[int, list[ReportSlot]] = defaultdict(list)
        for slot in slots:
            by_unit[slot.unit_id].append(slot)
        for unit_id, unit_slots in by_unit.items():
            sent += _remind_unit(
                kind=kind, slots=unit_slots, emails=emails.get(unit_id, []), now=now
            )
            reminders += len(unit_slots)
    return ReminderRun(reminders=reminders, emails=sent)
