"""Writes to figures and submissions. Each is one transaction that checks who may write, the
lock, concurrent edits and the validation rules, and records every change with who and when."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from indicators import inserts, roles
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


def month_history(
    *, zone: Zone, year: int, month: int, indicators: Iterable[Indicator]
) -> dict[str, History]:
    """Previous month (within the year: figures are year-to-date) and same month last year for
    each indicator, by code, in one query: the zone's figures of those two months, all
    indicators (a few hundred rows at most, and no join)."""
    periods = Q(zone=zone, year=year - 1, month=month)  # the zone in each arm: SQLite then
    if month > 1:  # searches figure_zone_period_idx once per month
        periods |= Q(zone=zone, year=year, month=month - 1)
    rows = (
        Figure.objects.filter(periods)
        .order_by()
        .values_list("indicator_id", "year", "month", "value")
    )
    found: dict[tuple[int, int, int], Decimal | None] = {(i, y, m): v for i, y, m, v in rows}
    return {
        indicator.code: History(
            previous_month=found.get((indicator.pk, year, month - 1)) if month > 1 else None,
            last_year=found.get((indicator.pk, year - 1, month)),
        )
        for indicator in indicators
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
        zone=zone, year=year, month=month, indicators=[e.indicator for e in entries]
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
    """What a month's entries change: entries without a figure on file (`created`), figures on
    file with their entry (`updated`, not yet changed), and the revisions owed (entry, old value,
    old 同比). Unchanged and blank-and-absent entries are in none."""

    created: list[Entry] = field(default_factory=list)
    updated: list[tuple[Figure, Entry]] = field(default_factory=list)
    revised: list[tuple[Entry, Decimal | None, Decimal | None]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.created) + len(self.updated)


def _plan_writes(*, zone: Zone, year: int, month: int, entries: list[Entry]) -> _Plan:
    """One query for the figures on file."""
    existing = {  # the month's figures, all indicators: no list of ids to send
        f.indicator_id: f for f in Figure.objects.filter(zone=zone, year=year, month=month)
    }
    plan = _Plan()
    for entry in entries:
        figure = existing.get(entry.indicator.pk)
        if figure is None:
            if entry.value is None and entry.reported_growth_pct is None:
                continue
            plan.created.append(entry)
            plan.revised.append((entry, None, None))
            continue
        old = (figure.value, figure.reported_growth_pct)
        if (*old, figure.explanation) == (
            entry.value, entry.reported_growth_pct, entry.explanation
        ):  # fmt: skip
            continue
        plan.updated.append((figure, entry))
        if old != (entry.value, entry.reported_growth_pct):
            plan.revised.append((entry, *old))
    return plan


def _apply(figure: Figure, entry: Entry, *, user: User | None, now: datetime.datetime) -> None:
    figure.value = entry.value
    figure.reported_growth_pct = entry.reported_growth_pct
    figure.explanation = entry.explanation
    figure.updated_by = user
    figure.updated_at = now
    figure.is_demo = False


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
    plan = _plan_writes(zone=zone, year=year, month=month, entries=entries)
    now = timezone.now()
    pairs = [
        (Figure(zone=zone, indicator=e.indicator, year=year, month=month), e) for e in plan.created
    ] + plan.updated
    for figure, entry in pairs:
        _apply(figure, entry, user=user, now=now)
        figure.full_clean()
        figure.save()
    written = {figure.indicator_id: figure for figure, _ in pairs}
    for entry, old_value, old_growth in plan.revised:
        figure = written[entry.indicator.pk]
        FigureRevision.objects.create(
            figure=figure, old_value=old_value, new_value=entry.value,
            old_reported_growth_pct=old_growth, new_reported_growth_pct=entry.reported_growth_pct,
            stage=figure.stage, origin=origin, reason=reason, changed_by=user,
        )  # fmt: skip
    return plan.count


def _write_figures_in_bulk(
    *, zone: Zone, year: int, month: int, entries: list[Entry], user: User | None,
    origin: str, reason: str,
) -> int:  # fmt: skip
    """`_write_figures` in a bounded number of queries, with the same outcome: unchanged rows
    skipped, every change of value or 同比 recorded as a revision, each figure checked as
    `full_clean` checks it before anything is written (`_check_in_bulk`). New figures and the
    revisions are inserted without building model instances (`inserts.insert_rows`)."""
    plan = _plan_writes(zone=zone, year=year, month=month, entries=entries)
    if not plan.count:
        return 0
    now = timezone.now()
    _check_in_bulk(plan, zone=zone, year=year, month=month, user=user, now=now)
    user_id = user.pk if user else None
    figure_ids = _insert_figures(
        plan.created, zone=zone, year=year, month=month, user_id=user_id, now=now
    )
    for figure, entry in plan.updated:
        _apply(figure, entry, user=user, now=now)
    Figure.objects.bulk_update(
        [figure for figure, _ in plan.updated],
        ["value", "reported_growth_pct", "explanation", "updated_by", "updated_at", "is_demo"],
    )
    stages = {figure.indicator_id: figure.stage for figure, _ in plan.updated}
    figure_ids |= {figure.indicator_id: figure.pk for figure, _ in plan.updated}
    new_stage = Figure._meta.get_field("stage").get_default()
    inserts.insert_rows(
        FigureRevision,
        shared={"origin": origin, "reason": reason, "changed_by_id": user_id, "changed_at": now},
        columns=("figure_id", "old_value", "new_value", "old_reported_growth_pct",
                 "new_reported_growth_pct", "stage"),
        rows=[
            (figure_ids[entry.indicator.pk], old_value, entry.value, old_growth,
             entry.reported_growth_pct, stages.get(entry.indicator.pk, new_stage))
            for entry, old_value, old_growth in plan.revised
        ],
    )  # fmt: skip
    return plan.count


def _insert_figures(
    entries: list[Entry], *, zone: Zone, year: int, month: int, user_id: int | None,
    now: datetime.datetime,
) -> dict[int, int]:  # fmt: skip
    """Insert a figure for each entry; indicator id → the new figure's id."""
    if not entries:
        return {}
    returned = inserts.insert_rows(
        Figure,
        shared={"zone_id": zone.pk, "year": year, "month": month, "updated_by_id": user_id,
                "updated_at": now, "is_demo": False},
        columns=("indicator_id", "value", "reported_growth_pct", "explanation"),
        rows=[(e.indicator.pk, e.value, e.reported_growth_pct, e.explanation) for e in entries],
        returning=("indicator_id", "id"),
    )  # fmt: skip
    if returned:
        return dict(returned)
    # A backend that returns no rows from a bulk insert: read the new ids back.
    return dict(
        Figure.objects.filter(
            zone=zone, year=year, month=month, indicator__in=[e.indicator for e in entries]
        ).values_list("indicator_id", "pk")
    )


# The fields that differ from figure to figure in a write. Every other field is the same for
# all figures of one write (zone, year, month, updated_by, updated_at, is_demo; stage and
# source keep their default or what is on file) or is the indicator, checked in one query.
_OWN_FIELDS = ("value", "reported_growth_pct", "explanation")


def _check_in_bulk(
    plan: _Plan, *, zone: Zone, year: int, month: int, user: User | None, now: datetime.datetime
) -> None:
    """What `full_clean` checks on each figure of the plan, the per-figure queries made once;
    raises the ValidationError `full_clean` would raise for the first figure that fails.

    For the own fields `full_clean` converts the value (an Entry holds it typed already), checks
    null and blank (all three allow both) and runs the field's validators: that last step is
    what can fail, and is run here for each figure."""
    fields = [f for f in Figure._meta.concrete_fields if f.name in _OWN_FIELDS]
    assert [f.name for f in fields] == list(_OWN_FIELDS)  # in the order of the values below
    entries = plan.created + [entry for _, entry in plan.updated]
    for entry in entries:
        for model_field, value in zip(
            fields, (entry.value, entry.reported_growth_pct, entry.explanation), strict=True
        ):
            try:
                model_field.run_validators(value)
            except ValidationError as exc:
                raise ValidationError({model_field.name: exc.error_list}) from exc
    # The shared fields, once. Not the zone and the user, instances the caller holds (their
    # existence would cost a query each), nor the month's range, `check_period`'s first rule.
    sample = Figure(
        zone=zone, indicator=entries[0].indicator, year=year, month=month, updated_by=user,
        updated_at=now, is_demo=False,
    )  # fmt: skip
    sample.clean_fields(exclude=["zone", "indicator", "updated_by", *_OWN_FIELDS])
    wanted = {entry.indicator.pk for entry in entries}
    found = set(Indicator._base_manager.filter(pk__in=wanted).values_list("pk", flat=True))
    for entry in entries:
        if entry.indicator.pk not in found:
            Figure(zone=zone, indicator_id=entry.indicator.pk, year=year, month=month).full_clean(
                validate_unique=False, validate_constraints=False
            )


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
