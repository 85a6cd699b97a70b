"""Writes to figures and submissions. Each is one transaction that checks who may write, the
lock, concurrent edits and the validation rules, and records every change with who and when."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from indicators import roles
from indicators.models import Figure, FigureRevision, Indicator, Submission, SubmissionEvent
from indicators.validation import Entry, History, Issue, check_entry, check_period, explained

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from targets.models import Zone


class MonthRejected(Exception):  # noqa: N818 - named for what the user is told
    """Nothing was written: the issues say why (row, column and reason in Chinese)."""

    def __init__(self, message: str, issues: Iterable[Issue] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.issues = list(issues)


class ConcurrentEdit(MonthRejected):
    pass


@dataclass
class SaveResult:
    submission: Submission
    changed: int
    warnings: list[Issue] = field(default_factory=list)


def month_history(*, zone: Zone, year: int, month: int, codes: Iterable[str]) -> dict[str, History]:
    """Previous month and same month last year for each indicator, in one query."""
    previous = (year, month - 1) if month > 1 else (year - 1, 12)
    rows = Figure.objects.filter(
        zone=zone,
        indicator__code__in=list(codes),
        year__in={year, year - 1, previous[0]},
        month__in={month, previous[1]},
    ).values_list("indicator__code", "year", "month", "value")
    found: dict[tuple[str, int, int], Decimal | None] = {(code, y, m): v for code, y, m, v in rows}
    return {
        code: History(
            previous_month=found.get((code, year, month - 1)) if month > 1 else None,
            last_year=found.get((code, year - 1, month)),
        )
        for code in codes
    }


def validate_month(
    *, zone: Zone, year: int, month: int, entries: list[Entry], today: datetime.date | None = None
) -> list[Issue]:
    """Every error and warning for a month's entries, without writing anything."""
    today = today or timezone.localdate()
    period_error = check_period(year=year, month=month, today=today)
    if period_error:
        raise MonthRejected(period_error)
    history = month_history(
        zone=zone, year=year, month=month, codes=[e.indicator.code for e in entries]
    )
    issues: list[Issue] = []
    for entry in entries:
        issues.extend(check_entry(entry, history[entry.indicator.code], month=month))
    return issues


def _lock_submission(*, zone: Zone, year: int, month: int) -> Submission:
    submission, _ = Submission.objects.get_or_create(zone=zone, year=year, month=month)
    return Submission.objects.select_for_update().get(pk=submission.pk)


BULK_FROM = 20  # entries in one month from which figures are written in bulk


@dataclass
class _Plan:
    """What a month's entries change: new figures, changed figures, and the revisions owed
    (figure, entry, old value, old 同比). Figures are already set to their new values."""

    created: list[Figure] = field(default_factory=list)
    updated: list[Figure] = field(default_factory=list)
    revised: list[tuple[Figure, Entry, Decimal | None, Decimal | None]] = field(
        default_factory=list
    )

    @property
    def written(self) -> list[Figure]:
        return self.created + self.updated

    def revisions(self, *, user: User | None, origin: str, reason: str) -> list[FigureRevision]:
        return [
            FigureRevision(
                figure=figure, old_value=old_value, new_value=entry.value,
                old_reported_growth_pct=old_growth, new_reported_growth_pct=entry.reported_growth_pct,
                stage=figure.stage, origin=origin, reason=reason, changed_by=user,
            )
            for figure, entry, old_value, old_growth in self.revised
        ]  # fmt: skip


def _plan_writes(
    *, zone: Zone, year: int, month: int, entries: list[Entry], user: User | None
) -> _Plan:
    """One query for the existing figures; unchanged and blank-and-absent rows are skipped."""
    existing = {
        f.indicator_id: f
        for f in Figure.objects.filter(
            zone=zone, year=year, month=month, indicator__in=[e.indicator for e in entries]
        )
    }
    now = timezone.now()
    plan = _Plan()
    for entry in entries:
        figure = existing.get(entry.indicator.pk)
        old_value = figure.value if figure else None
        old_growth = figure.reported_growth_pct if figure else None
        if figure is None and entry.value is None and entry.reported_growth_pct is None:
            continue
        if figure is not None and (old_value, old_growth, figure.explanation) == (
            entry.value, entry.reported_growth_pct, entry.explanation
        ):  # fmt: skip
            continue
        if figure is None:
            figure = Figure(zone=zone, indicator=entry.indicator, year=year, month=month)
            plan.created.append(figure)
        else:
            plan.updated.append(figure)
        figure.value = entry.value
        figure.reported_growth_pct = entry.reported_growth_pct
        figure.explanation = entry.explanation
        figure.updated_by = user
        figure.updated_at = now
        figure.is_demo = False
        if (old_value, old_growth) != (entry.value, entry.reported_growth_pct):
            plan.revised.append((figure, entry, old_value, old_growth))
    return plan


def _write_figures(
    *, zone: Zone, year: int, month: int, entries: list[Entry], user: User | None,
    origin: str, reason: str,
) -> int:  # fmt: skip
    indicators = {e.indicator.pk for e in entries}
    if len(entries) >= BULK_FROM and len(indicators) == len(entries):
        return _write_figures_in_bulk(
            zone=zone, year=year, month=month, entries=entries, user=user, origin=origin,
            reason=reason,
        )  # fmt: skip
    plan = _plan_writes(zone=zone, year=year, month=month, entries=entries, user=user)
    for figure in plan.written:
        figure.full_clean()
        figure.save()
    for revision in plan.revisions(user=user, origin=origin, reason=reason):
        revision.save()
    return len(plan.written)


def _write_figures_in_bulk(
    *, zone: Zone, year: int, month: int, entries: list[Entry], user: User | None,
    origin: str, reason: str,
) -> int:  # fmt: skip
    """`_write_figures` in a bounded number of queries, with the same outcome: unchanged rows
    skipped, every change of value or 同比 recorded as a revision, and each figure checked as
    `full_clean` checks it before anything is written. The checks that would cost a query per
    figure are made once: the foreign keys (the same zone and user for all, the indicators in
    one query), and the unique month, which the read of the existing figures already decides
    (the entries name each indicator once, and the caller holds the month's submission lock)."""
    plan = _plan_writes(zone=zone, year=year, month=month, entries=entries, user=user)
    created, updated, written = plan.created, plan.updated, plan.written
    if not written:
        return 0
    _clean_in_bulk(written)
    Figure.objects.bulk_create(created)
    if any(f.pk is None for f in created):  # a backend that returns no ids from bulk inserts
        ids = dict(
            Figure.objects.filter(
                zone=zone, year=year, month=month, indicator__in=[f.indicator for f in created]
            ).values_list("indicator_id", "pk")
        )
        for figure in created:
            figure.pk = ids[figure.indicator_id]
    Figure.objects.bulk_update(
        updated,
        ["value", "reported_growth_pct", "explanation", "updated_by", "updated_at", "is_demo"],
    )
    FigureRevision.objects.bulk_create(plan.revisions(user=user, origin=origin, reason=reason))
    return len(written)


# Set per figure; every other field is the same for all figures of one write (zone, year,
# month, updated_by, updated_at, is_demo) or is the indicator, checked in one query.
_OWN_FIELDS = frozenset({"value", "reported_growth_pct", "explanation", "stage", "source"})


def _clean_in_bulk(figures: list[Figure]) -> None:
    """What `full_clean` checks on each figure, the per-figure queries made once; raises the
    ValidationError `full_clean` would raise for the first figure that fails."""
    shared = [f.name for f in Figure._meta.get_fields() if f.name not in _OWN_FIELDS]
    for figure in figures:
        figure.clean_fields(exclude=shared)
    # One figure's checks of the shared fields hold for all (its indicator aside: below).
    figures[0].full_clean(exclude=["indicator", *_OWN_FIELDS])
    wanted = {f.indicator_id for f in figures}
    found = set(Indicator._base_manager.filter(pk__in=wanted).values_list("pk", flat=True))
    for figure in figures:
        if figure.indicator_id not in found:
            figure.full_clean(validate_unique=False, validate_constraints=False)


@transaction.atomic
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
    if not roles.can_edit_zone(user, zone):
        raise PermissionDenied("只能填报本开发区的数据")
    submission = _lock_submission(zone=zone, year=year, month=month)
    if submission.is_locked:
        raise MonthRejected(f"{zone}{year}年{month}月已审核锁定，如需修改请联系管理员解锁")
    if expected_version is not None and submission.version != expected_version:
        raise ConcurrentEdit(
            "该月数据已被他人修改并保存，请刷新页面查看最新数据后再修改；您填写的内容仍保留在表单中"
        )
    issues = validate_month(zone=zone, year=year, month=month, entries=entries, today=today)
    errors = [i for i in issues if i.is_error]
    if errors:
        raise MonthRejected("数据有误，未保存任何内容", errors)
    by_code = {e.indicator.code: e for e in entries}
    if submit and (unexplained := explained(issues, by_code)):
        raise MonthRejected("以下预警需填写说明后才能提交", unexplained)
    changed = _write_figures(
        zone=zone, year=year, month=month, entries=entries, user=user, origin=origin, reason=reason
    )
    if submit:
        submission.status = Submission.Status.SUBMITTED
    elif submission.status == Submission.Status.RETURNED and changed:
        submission.status = Submission.Status.DRAFT
    submission.version = F("version") + 1
    submission.save(update_fields=["status", "version", "updated_at"])
    submission.refresh_from_db()
    action = SubmissionEvent.Action.SUBMIT if submit else SubmissionEvent.Action.SAVE
    if origin == FigureRevision.Origin.UPLOAD:
        action = SubmissionEvent.Action.IMPORT
    SubmissionEvent.objects.create(submission=submission, action=action, actor=user, reason=reason)
    warnings = [i for i in issues if not i.is_error]
    return SaveResult(submission=submission, changed=changed, warnings=warnings)


def _transition(
    *, submission: Submission, user: User, allowed_from: set[str], to: str, action: str,
    reason: str = "",
) -> Submission:  # fmt: skip
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if locked.status not in allowed_from:
        raise MonthRejected(f"当前状态为“{locked.get_status_display()}”，不能执行此操作")
    locked.status = to
    locked.version = F("version") + 1
    locked.save(update_fields=["status", "version", "updated_at"])
    locked.refresh_from_db()
    SubmissionEvent.objects.create(submission=locked, action=action, actor=user, reason=reason)
    return locked


@transaction.atomic
def submission_return(*, user: User, submission: Submission, reason: str) -> Submission:
    if not roles.can_review(user):
        raise PermissionDenied("只有审核员可以退回报送")
    if not reason.strip():
        raise MonthRejected("退回时必须填写原因")
    return _transition(
        submission=submission, user=user, allowed_from={Submission.Status.SUBMITTED},
        to=Submission.Status.RETURNED, action=SubmissionEvent.Action.RETURN, reason=reason,
    )  # fmt: skip


@transaction.atomic
def submission_approve(*, user: User, submission: Submission) -> Submission:
    if not roles.can_review(user):
        raise PermissionDenied("只有审核员可以审核报送")
    return _transition(
        submission=submission, user=user, allowed_from={Submission.Status.SUBMITTED},
        to=Submission.Status.APPROVED, action=SubmissionEvent.Action.APPROVE,
    )  # fmt: skip


@transaction.atomic
def submission_unlock(*, user: User, submission: Submission, reason: str) -> Submission:
    if not roles.can_unlock(user):
        raise PermissionDenied("只有管理员可以解锁已审核的月份")
    if not reason.strip():
        raise MonthRejected("解锁时必须填写原因")
    return _transition(
        submission=submission, user=user, allowed_from={Submission.Status.APPROVED},
        to=Submission.Status.RETURNED, action=SubmissionEvent.Action.UNLOCK, reason=reason,
    )  # fmt: skip


# --- Admin import of historical figures (added for indicators/resources.py) ----------------


@dataclass(frozen=True)
class ImportRow:
    """One parsed figure of an admin import; `row` is its row in the file, for messages."""

    row: int
    zone: Zone
    year: int
    month: int
    entry: Entry


def _import_month(
    *, user: User, zone: Zone, year: int, month: int, rows: list[ImportRow], reason: str
) -> int:
    """Validate and write one zone's month of an import, or raise MonthRejected (rows named)."""
    submission = _lock_submission(zone=zone, year=year, month=month)
    if submission.is_locked:
        raise MonthRejected(f"{zone}{year}年{month}月已审核锁定，不能导入；如需修改请先解锁")
    entries = [r.entry for r in rows]
    issues = validate_month(zone=zone, year=year, month=month, entries=entries)
    errors = [i for i in issues if i.is_error]
    if errors:
        numbers = {r.entry.indicator.code: r.row for r in rows}
        located = [
            Issue(i.indicator, i.level, i.code, f"第 {numbers[i.indicator]} 行：{zone}{year}年{month}月{i.message}", i.field)
            for i in errors
        ]  # fmt: skip
        raise MonthRejected("数据有误", located)
    changed = _write_figures(
        zone=zone, year=year, month=month, entries=entries, user=user,
        origin=FigureRevision.Origin.ADMIN_IMPORT, reason=reason,
    )  # fmt: skip
    submission.version = F("version") + 1
    submission.save(update_fields=["version", "updated_at"])
    SubmissionEvent.objects.create(
        submission=submission, action=SubmissionEvent.Action.IMPORT, actor=user, reason=reason
    )
    return changed


@transaction.atomic
def figures_import(*, user: User, rows: Iterable[ImportRow], reason: str = "管理员导入") -> int:
    """Import figures for any zones and months (admins only), through the same rules as the
    form, refusing approved months, with revisions of origin admin_import. All or nothing:
    every month is checked, and if any row fails MonthRejected lists them all and nothing stays
    written. Months are saved in order, so month N is checked against the imported month N−1."""
    from indicators.validation import Level  # imports stay below the existing code

    if not roles.can_unlock(user):
        raise PermissionDenied("只有管理员可以导入数据")
    months: dict[tuple[int, int, int], list[ImportRow]] = {}
    first_row: dict[tuple[int, int, int, int], int] = {}
    issues: list[Issue] = []
    for r in rows:
        key = (r.zone.pk, r.entry.indicator.pk, r.year, r.month)
        if key in first_row:
            issues.append(Issue(r.entry.indicator.code, Level.ERROR, "duplicate",
                                f"第 {r.row} 行：与第 {first_row[key]} 行重复（同一开发区、指标、月份）"))  # fmt: skip
            continue
        first_row[key] = r.row
        months.setdefault((r.year, r.month, r.zone.pk), []).append(r)
    changed = 0
    for (year, month, _), group in sorted(months.items(), key=lambda item: item[0]):
        try:
            changed += _import_month(
                user=user, zone=group[0].zone, year=year, month=month, rows=group, reason=reason
            )
        except MonthRejected as exc:
            where = "、".join(str(r.row) for r in group)
            issues.extend(
                exc.issues or [Issue("", Level.ERROR, "month", f"第 {where} 行：{exc.message}")]
            )
    if issues:
        raise MonthRejected("数据有误，未导入任何数据", issues)
    return changed
