"""Writes to figures and submissions. Each is one transaction that checks who may write, the
lock, concurrent edits and the validation rules, and records every change with who and when."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts import permissions
from audit.services import record as audit_record
from chuxiong_zones.lookups import month_filter
from chuxiong_zones.periods import Period
from indicators import notices
from indicators.figures import load
from indicators.figures.plan import MonthEntries as MonthEntries  # callers build months with it
from indicators.figures.plan import (
    MonthPlan,
    MonthState,
    Refusal,
    Writer,
    plan_months,
)
from indicators.figures.write import write_plan
from indicators.models import FigureRevision, Submission, SubmissionEvent
from indicators.validation import Entry, Issue, Level, check_ended

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from targets.models import Zone


class MonthRejected(Exception):  # noqa: N818 - named for what the user is told
    """Nothing was written: the issues say why (row, column and reason in Chinese)."""

    def __init__(
        self, message: str, issues: Iterable[Issue] = (), *, period: Period | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.issues = list(issues)
        self.period = period  # the month refused, where one month is


class ConcurrentEdit(MonthRejected):
    pass


@dataclass
class SaveResult:
    submission: Submission
    changed: int
    warnings: list[Issue] = field(default_factory=list)


def _rejection(month: MonthPlan, *, submit: bool) -> MonthRejected:
    """What the user is told of the first month a plan refuses."""
    if month.refusal == Refusal.STALE:
        return ConcurrentEdit(month.message, period=month.period)
    if month.refusal:
        return MonthRejected(month.message, period=month.period)
    if month.errors:
        return MonthRejected("数据有误，未保存任何内容", month.errors, period=month.period)
    assert submit
    return MonthRejected("以下预警需填写说明后才能提交", month.unexplained, period=month.period)


def validate_month(
    *, zone: Zone, year: int, month: int, entries: list[Entry], today: datetime.date | None = None
) -> list[Issue]:
    """Every error and warning for a month's entries, without writing anything (whatever the
    month's state; a month that cannot be entered yet raises MonthRejected)."""
    today = today or timezone.localdate()
    context = load.context(zone=zone, periods=[Period(year, month)], today=today, states={})
    [planned] = plan_months(
        context, [MonthEntries(year, month, entries)], writer=Writer.STATISTICIAN
    ).months
    if planned.refusal:
        raise MonthRejected(planned.message, period=planned.period)
    return planned.issues


def _lock_submissions(*, zone: Zone, periods: list[Period]) -> dict[Period, Submission]:
    """The months' submissions, created where missing, locked (select_for_update) in month
    order, so that two saves of overlapping months wait for each other instead of deadlocking."""
    wanted = set(periods)

    def locked() -> dict[Period, Submission]:
        rows = (
            Submission.objects.select_for_update()
            .filter(month_filter(wanted, zone=zone))
            .order_by("year", "month")
        )
        return {Period(s.year, s.month): s for s in rows}

    found = locked()
    if missing := wanted - found.keys():
        Submission.objects.bulk_create(
            [Submission(zone=zone, year=y, month=m) for y, m in sorted(missing)],
            ignore_conflicts=True,  # another save created it meanwhile: lock that one
        )
        found = locked()
    return found


def _states(submissions: dict[Period, Submission]) -> dict[Period, MonthState]:
    return {p: MonthState(s.status, s.version) for p, s in submissions.items()}


def _advance(
    submissions: dict[Period, Submission],
    changed: dict[Period, int],
    *,
    user: User,
    submit: bool,
    action: str,
    reason: str,
) -> dict[Period, Submission]:
    """A new version of each month's submission, submitted or back to draft where due, and an
    event for each; the submissions as they now are."""
    pks = [s.pk for s in submissions.values()]
    now = timezone.now()
    Submission.objects.filter(pk__in=pks).update(version=F("version") + 1, updated_at=now)
    if submit:
        Submission.objects.filter(pk__in=pks).update(status=Submission.Status.SUBMITTED)
    elif returned := [
        s.pk
        for period, s in submissions.items()
        if s.status == Submission.Status.RETURNED and changed[period]
    ]:
        Submission.objects.filter(pk__in=returned).update(status=Submission.Status.DRAFT)
    SubmissionEvent.objects.bulk_create(
        SubmissionEvent(submission=submissions[period], action=action, actor=user, reason=reason)
        for period in sorted(submissions)
    )
    return {Period(s.year, s.month): s for s in Submission.objects.filter(pk__in=pks)}


@transaction.atomic
def months_save(
    *,
    user: User,
    zone: Zone,
    months: list[MonthEntries],
    submit: bool = False,
    origin: str = FigureRevision.Origin.FORM,
    reason: str = "",
    today: datetime.date | None = None,
) -> list[SaveResult]:
    """Save months of one zone's figures as drafts, or submit them, all or nothing: each month
    as `month_save` saves it, in month order, month N checked against the figures month N−1
    leaves. The first month refused (in that order) is raised, and nothing is saved.

    The queries do not grow with the number of months or figures."""
    if not permissions.can_edit_zone(user, zone):
        raise PermissionDenied("只能填报本开发区的数据")
    months = sorted(months, key=lambda item: item.period)
    periods = [item.period for item in months]
    if len(set(periods)) != len(periods):
        raise ValueError("months_save: a month is given twice")
    today = today or timezone.localdate()
    submissions = _lock_submissions(zone=zone, periods=periods)
    context = load.context(zone=zone, periods=periods, today=today, states=_states(submissions))
    plan = plan_months(context, months, writer=Writer.STATISTICIAN, submit=submit)
    if refused := plan.first_refused(submit=submit):
        raise _rejection(refused, submit=submit)
    write_plan(plan, zone=zone, user=user, origin=origin, reason=reason, now=timezone.now())
    changed = {m.period: m.changed for m in plan.months}
    action = SubmissionEvent.Action.SUBMIT if submit else SubmissionEvent.Action.SAVE
    if origin == FigureRevision.Origin.UPLOAD:
        action = SubmissionEvent.Action.IMPORT
    saved = _advance(submissions, changed, user=user, submit=submit, action=action, reason=reason)
    return [
        SaveResult(submission=saved[m.period], changed=m.changed, warnings=m.warnings)
        for m in plan.months
    ]


def month_save(
    *,
    user: User,
    zone: Zone,
    year: int,
    month: int,
    entries: list[Entry],
    expected_version: int | None,
    submit: bool = False,
    origin: str = FigureRevision.Origin.FORM,
    reason: str = "",
    today: datetime.date | None = None,
) -> SaveResult:
    """Save a month's figures as a draft, or submit them. All or nothing."""
    [result] = months_save(
        user=user,
        zone=zone,
        months=[MonthEntries(year, month, entries, expected_version)],
        submit=submit,
        origin=origin,
        reason=reason,
        today=today,
    )
    return result


class StaleReview(ConcurrentEdit):
    """The month changed after the reviewer opened it: what they saw is not what is on file."""


def _transition(
    *,
    submission: Submission,
    user: User,
    allowed_from: set[str],
    to: str,
    action: str,
    reason: str = "",
    expected_version: int | None = None,
) -> Submission:
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleReview(
            f"{locked.zone}{locked.year}年{locked.month}月在您打开页面后已有变动，"
            "未执行此操作；请核对下方的修改后再审核"
        )
    if locked.status not in allowed_from:
        raise MonthRejected(f"当前状态为“{locked.get_status_display()}”，不能执行此操作")
    locked.status = to
    locked.version = F("version") + 1
    locked.save(update_fields=["status", "version", "updated_at"])
    locked.refresh_from_db()
    SubmissionEvent.objects.create(submission=locked, action=action, actor=user, reason=reason)
    return locked


@transaction.atomic
def submission_return(
    *, user: User, submission: Submission, reason: str, expected_version: int | None = None
) -> Submission:
    """Return a submitted month with a reason. `expected_version`: the version the reviewer
    saw; if the month changed since, StaleReview is raised and nothing changes."""
    if not permissions.can_review(user):
        raise PermissionDenied("只有审核员可以退回报送")
    if not reason.strip():
        raise MonthRejected("退回时必须填写原因")
    returned = _transition(
        submission=submission,
        user=user,
        allowed_from={Submission.Status.SUBMITTED},
        to=Submission.Status.RETURNED,
        action=SubmissionEvent.Action.RETURN,
        reason=reason,
        expected_version=expected_version,
    )
    notices.month_returned(submission=returned, reason=reason)
    return returned


@transaction.atomic
def submission_approve(
    *,
    user: User,
    submission: Submission,
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> Submission:
    """Approve and lock a submitted month: exactly the version the reviewer saw
    (`expected_version`), else StaleReview and nothing changes."""
    if not permissions.can_review(user):
        raise PermissionDenied("只有审核员可以审核报送")
    today = today or timezone.localdate()
    if reason := check_ended(year=submission.year, month=submission.month, today=today):
        raise MonthRejected(reason)
    approved = _transition(
        submission=submission,
        user=user,
        allowed_from={Submission.Status.SUBMITTED},
        to=Submission.Status.APPROVED,
        action=SubmissionEvent.Action.APPROVE,
        expected_version=expected_version,
    )
    notices.month_approved(submission=approved)
    return approved


@transaction.atomic
def submission_unlock(*, user: User, submission: Submission, reason: str) -> Submission:
    if not permissions.can_unlock(user):
        raise PermissionDenied("只有管理员可以解锁已审核的月份")
    if not reason.strip():
        raise MonthRejected("解锁时必须填写原因")
    audit_record(event="unlock", user=user, object=str(submission), detail={"reason": reason})
    return _transition(
        submission=submission,
        user=user,
        allowed_from={Submission.Status.APPROVED},
        to=Submission.Status.RETURNED,
        action=SubmissionEvent.Action.UNLOCK,
        reason=reason,
    )


# --- Admin import of historical figures (added for indicators/resources.py) ----------------


@dataclass(frozen=True)
class ImportRow:
    """One parsed figure of an admin import; `row` is its row in the file, for messages."""

    row: int
    zone: Zone
    year: int
    month: int
    entry: Entry


def _import_zone(
    *, user: User, zone: Zone, rows: list[ImportRow], reason: str, today: datetime.date
) -> tuple[list[Issue], Callable[[], int]]:
    """Plan one zone's months of an import: the issues (rows named), and the write to run if
    the whole import passes."""
    grouped: dict[Period, list[ImportRow]] = defaultdict(list)
    for r in rows:
        grouped[Period(r.year, r.month)].append(r)
    periods = sorted(grouped)
    submissions = _lock_submissions(zone=zone, periods=periods)
    context = load.context(zone=zone, periods=periods, today=today, states=_states(submissions))
    months = [MonthEntries(p.year, p.month, [r.entry for r in grouped[p]]) for p in periods]
    plan = plan_months(context, months, writer=Writer.ADMIN)
    issues: list[Issue] = []
    for month in plan.months:
        group = grouped[month.period]
        if month.refusal:
            where = "、".join(str(r.row) for r in group)
            issues.append(Issue("", Level.ERROR, "month", f"第 {where} 行：{month.message}"))
            continue
        numbers = {r.entry.indicator.code: r.row for r in group}
        issues.extend(
            replace(
                i,
                message=f"第 {numbers.get(i.indicator, group[0].row)} 行：{zone}{month.year}年{month.month}月{i.message}",
            )
            for i in month.errors
        )

    def write() -> int:
        write_plan(
            plan,
            zone=zone,
            user=user,
            origin=FigureRevision.Origin.ADMIN_IMPORT,
            reason=reason,
            now=timezone.now(),
        )
        Submission.objects.filter(pk__in=[s.pk for s in submissions.values()]).update(
            version=F("version") + 1, updated_at=timezone.now()
        )
        SubmissionEvent.objects.bulk_create(
            SubmissionEvent(
                submission=submissions[p],
                action=SubmissionEvent.Action.IMPORT,
                actor=user,
                reason=reason,
            )
            for p in periods
        )
        return sum(m.changed for m in plan.months)

    return issues, write


@transaction.atomic
def figures_import(
    *,
    user: User,
    rows: Iterable[ImportRow],
    reason: str = "管理员导入",
    today: datetime.date | None = None,
) -> int:
    """Import figures for any zones and months (admins only), planned as every write is
    (`indicators.figures.plan`, as an admin: only approved months are refused), with revisions
    of origin admin_import. All or nothing: every month of every zone is checked, and if any
    row fails MonthRejected lists them all and nothing is written. Months are planned in order,
    so month N is checked against the imported month N−1."""
    if not permissions.can_unlock(user):
        raise PermissionDenied("只有管理员可以导入数据")
    today = today or timezone.localdate()
    by_zone: dict[int, list[ImportRow]] = defaultdict(list)
    first_row: dict[tuple[int, int, int, int], int] = {}
    issues: list[Issue] = []
    for r in rows:
        key = (r.zone.pk, r.entry.indicator.pk, r.year, r.month)
        if key in first_row:
            issues.append(
                Issue(
                    r.entry.indicator.code,
                    Level.ERROR,
                    "duplicate",
                    f"第 {r.row} 行：与第 {first_row[key]} 行重复（同一开发区、指标、月份）",
                )
            )
            continue
        first_row[key] = r.row
        by_zone[r.zone.pk].append(r)
    writes = []
    for group in by_zone.values():
        zone_issues, write = _import_zone(
            user=user, zone=group[0].zone, rows=group, reason=reason, today=today
        )
        issues.extend(zone_issues)
        writes.append(write)
    if issues:
        raise MonthRejected("数据有误，未导入任何数据", issues)
    return sum(write() for write in writes)
