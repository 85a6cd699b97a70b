"""Writes to figures and submissions. Each is one transaction that checks who may write, the
lock, concurrent edits and the validation rules, and records every change with who and when."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from audit.services import record as audit_record
from indicators import bulk, notices, roles
from indicators.models import (
    Figure,
    FigureRevision,
    Indicator,
    Submission,
    SubmissionEvent,
    month_filter,
)
from indicators.validation import Entry, History, Issue, check_entry, check_period, explained

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from targets.models import Zone


Period = tuple[int, int]  # year, month


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


OnFile = dict[tuple[int, int, int], Decimal | None]  # (indicator id, year, month) → value


@dataclass(frozen=True)
class MonthEntries:
    """One month's entries for `months_save`, with the submission version the user saw."""

    year: int
    month: int
    entries: list[Entry]
    expected_version: int | None = None

    @property
    def period(self) -> Period:
        return (self.year, self.month)


def _of_periods(zone: Zone, periods: Iterable[Period]) -> QuerySet[Figure]:
    """The zone's figures of those months, one index range a year (figure_zone_period_idx)."""
    return Figure.objects.filter(month_filter(periods, zone=zone)).order_by()


def _values_on_file(zone: Zone, periods: set[Period]) -> OnFile:
    if not periods:
        return {}
    rows = _of_periods(zone, periods).values_list("indicator_id", "year", "month", "value")
    return {(i, y, m): v for i, y, m, v in rows}


def _history_periods(year: int, month: int) -> list[Period]:
    """What a month is checked against: the same month last year and, within the year (figures
    are year-to-date), the month before."""
    return [(year - 1, month)] + ([(year, month - 1)] if month > 1 else [])


def _check_entries(entries: list[Entry], *, year: int, month: int, on_file: OnFile) -> list[Issue]:
    issues: list[Issue] = []
    for entry in entries:
        pk = entry.indicator.pk
        history = History(
            previous_month=on_file.get((pk, year, month - 1)) if month > 1 else None,
            last_year=on_file.get((pk, year - 1, month)),
        )
        issues.extend(check_entry(entry, history, month=month))
    return issues


def validate_month(
    *, zone: Zone, year: int, month: int, entries: list[Entry], today: datetime.date | None = None
) -> list[Issue]:
    """Every error and warning for a month's entries, without writing anything."""
    today = today or timezone.localdate()
    period_error = check_period(year=year, month=month, today=today)
    if period_error:
        raise MonthRejected(period_error)
    on_file = _values_on_file(zone, set(_history_periods(year, month)))
    return _check_entries(entries, year=year, month=month, on_file=on_file)


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
        return {(s.year, s.month): s for s in rows}

    found = locked()
    if missing := wanted - found.keys():
        Submission.objects.bulk_create(
            [Submission(zone=zone, year=y, month=m) for y, m in sorted(missing)],
            ignore_conflicts=True,  # another save created it meanwhile: lock that one
        )
        found = locked()
    return found


BULK_FROM = 20  # entries in one month from which figures are written in bulk


@dataclass
class _Plan:
    """What a month's entries change: entries without a figure on file (`created`), figures on
    file with their entry (`updated`, not yet changed), and the revisions owed (entry, old value,
    old 同比). Unchanged and blank-and-absent entries are in none."""

    year: int
    month: int
    created: list[Entry] = field(default_factory=list)
    updated: list[tuple[Figure, Entry]] = field(default_factory=list)
    revised: list[tuple[Entry, Decimal | None, Decimal | None]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.created) + len(self.updated)


def _plan(item: MonthEntries, existing: dict[int, Figure]) -> _Plan:
    """`existing`: the month's figures on file, by indicator id."""
    plan = _Plan(item.year, item.month)
    for entry in item.entries:
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


def _in_bulk(entries: list[Entry]) -> bool:
    return len(entries) >= BULK_FROM and len({e.indicator.pk for e in entries}) == len(entries)


def _write_months(
    *, zone: Zone, months: list[MonthEntries], user: User | None, origin: str, reason: str
) -> dict[Period, int]:
    """Write the months' figures and revisions; the number of figures changed in each month.

    A month of many entries (BULK_FROM, each indicator once) goes in bulk, with every other such
    month: its figures checked as `full_clean` checks them (`_check_in_bulk`), then inserted,
    updated and revised in a few statements for all of them. Any other month is written figure
    by figure (`full_clean`, `save`). Either way, unchanged entries are skipped and every change
    of value or 同比 is recorded as a revision."""
    existing: dict[Period, dict[int, Figure]] = defaultdict(dict)
    for figure in _of_periods(zone, {item.period for item in months}):
        existing[(figure.year, figure.month)][figure.indicator_id] = figure
    plans = [_plan(item, existing[item.period]) for item in months]
    now = timezone.now()
    bulk: list[_Plan] = []
    single: list[_Plan] = []
    for item, plan in zip(months, plans, strict=True):
        (bulk if _in_bulk(item.entries) else single).append(plan)
    _check_in_bulk(bulk, zone=zone, user=user, now=now)
    for plan in single:
        _write_one_by_one(plan, zone=zone, user=user, now=now, origin=origin, reason=reason)
    _write_in_bulk(bulk, zone=zone, user=user, now=now, origin=origin, reason=reason)
    return {(plan.year, plan.month): plan.count for plan in plans}


def _write_one_by_one(
    plan: _Plan, *, zone: Zone, user: User | None, now: datetime.datetime, origin: str,
    reason: str,
) -> None:  # fmt: skip
    pairs = [
        (Figure(zone=zone, indicator=e.indicator, year=plan.year, month=plan.month), e)
        for e in plan.created
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


def _write_in_bulk(
    plans: list[_Plan], *, zone: Zone, user: User | None, now: datetime.datetime, origin: str,
    reason: str,
) -> None:  # fmt: skip
    """The months' new figures and the revisions inserted, the changed figures updated, all
    without building model instances (`bulk.insert_rows`, `bulk.update_rows`)."""
    user_id = user.pk if user else None
    ids = _insert_figures(plans, zone=zone, user_id=user_id, now=now)
    updated = [pair for plan in plans for pair in plan.updated]
    bulk.update_rows(
        Figure,
        shared={"updated_by_id": user_id, "updated_at": now, "is_demo": False},
        columns=("id", "value", "reported_growth_pct", "explanation"),
        rows=[(f.pk, e.value, e.reported_growth_pct, e.explanation) for f, e in updated],
    )
    stages = {(f.indicator_id, f.year, f.month): f.stage for f, _ in updated}
    ids |= {(f.indicator_id, f.year, f.month): f.pk for f, _ in updated}
    new_stage = Figure._meta.get_field("stage").get_default()
    revised = [
        ((entry.indicator.pk, plan.year, plan.month), entry, old_value, old_growth)
        for plan in plans
        for entry, old_value, old_growth in plan.revised
    ]
    bulk.insert_rows(
        FigureRevision,
        shared={"origin": origin, "reason": reason, "changed_by_id": user_id, "changed_at": now},
        columns=("figure_id", "old_value", "new_value", "old_reported_growth_pct",
                 "new_reported_growth_pct", "stage"),
        rows=[
            (ids[key], old_value, entry.value, old_growth, entry.reported_growth_pct,
             stages.get(key, new_stage))
            for key, entry, old_value, old_growth in revised
        ],
    )  # fmt: skip


def _insert_figures(
    plans: list[_Plan], *, zone: Zone, user_id: int | None, now: datetime.datetime
) -> dict[tuple[int, int, int], int]:
    """Insert a figure for each new entry; (indicator id, year, month) → the new figure's id."""
    rows = [
        (e.indicator.pk, plan.year, plan.month, e.value, e.reported_growth_pct, e.explanation)
        for plan in plans
        for e in plan.created
    ]
    if not rows:
        return {}
    returned = bulk.insert_rows(
        Figure,
        shared={"zone_id": zone.pk, "updated_by_id": user_id, "updated_at": now, "is_demo": False},
        columns=("indicator_id", "year", "month", "value", "reported_growth_pct", "explanation"),
        rows=rows,
        returning=("indicator_id", "year", "month", "id"),
    )
    if not returned:  # a backend that returns no rows from a bulk insert: read the ids back
        periods = {(plan.year, plan.month) for plan in plans if plan.created}
        returned = list(
            _of_periods(zone, periods).values_list("indicator_id", "year", "month", "pk")
        )
    return {(i, y, m): pk for i, y, m, pk in returned}


# The fields that differ from figure to figure in a write. Every other field is the same for
# all figures of one month (zone, year, month, updated_by, updated_at, is_demo; stage and
# source keep their default or what is on file) or is the indicator, checked in one query.
_OWN_FIELDS = ("value", "reported_growth_pct", "explanation")


def _check_in_bulk(
    plans: list[_Plan], *, zone: Zone, user: User | None, now: datetime.datetime
) -> None:
    """What `full_clean` checks on each figure of the plans, the per-figure queries made once;
    raises the ValidationError `full_clean` would raise for the first figure that fails.

    For the own fields `full_clean` converts the value (an Entry holds it typed already), checks
    null and blank (all three allow both) and runs the field's validators: that last step is
    what can fail, and is run here for each figure."""
    fields = [f for f in Figure._meta.concrete_fields if f.name in _OWN_FIELDS]
    assert [f.name for f in fields] == list(_OWN_FIELDS)  # in the order of the values below
    written = [(plan, [*plan.created, *(entry for _, entry in plan.updated)]) for plan in plans]
    for plan, entries in written:
        for entry in entries:
            for model_field, value in zip(
                fields, (entry.value, entry.reported_growth_pct, entry.explanation), strict=True
            ):
                try:
                    model_field.run_validators(value)
                except ValidationError as exc:
                    raise ValidationError({model_field.name: exc.error_list}) from exc
        # The shared fields, once a month. Not the zone and the user, instances the caller
        # holds (their existence would cost a query each), nor the month's range (checked by
        # `check_period`).
        if entries:
            sample = Figure(
                zone=zone, indicator=entries[0].indicator, year=plan.year, month=plan.month,
                updated_by=user, updated_at=now, is_demo=False,
            )  # fmt: skip
            sample.clean_fields(exclude=["zone", "indicator", "updated_by", *_OWN_FIELDS])
    wanted = {entry.indicator.pk for _, entries in written for entry in entries}
    found = set(Indicator._base_manager.filter(pk__in=wanted).values_list("pk", flat=True))
    for plan, entries in written:
        for entry in entries:
            if entry.indicator.pk not in found:
                Figure(
                    zone=zone, indicator_id=entry.indicator.pk, year=plan.year, month=plan.month
                ).full_clean(validate_unique=False, validate_constraints=False)


def _check_month(
    item: MonthEntries, *, zone: Zone, submission: Submission, on_file: OnFile, submit: bool,
    today: datetime.date,
) -> list[Issue]:  # fmt: skip
    """Refuse the month as `month_save` refuses it (locked, edited meanwhile, a month not yet
    reportable, an error, a warning left unexplained on submitting); else its warnings."""
    year, month = item.period
    if submission.is_locked:
        raise MonthRejected(
            f"{zone}{year}年{month}月已审核锁定，如需修改请联系管理员解锁", period=item.period
        )
    if submission.status == Submission.Status.SUBMITTED:
        raise MonthRejected(
            f"{zone}{year}年{month}月已提交，正在等待审核；审核员退回后才能修改",
            period=item.period,
        )
    if item.expected_version is not None and submission.version != item.expected_version:
        raise ConcurrentEdit(
            "该月数据已被他人修改并保存，请刷新页面查看最新数据后再修改；您填写的内容仍保留在表单中",
            period=item.period,
        )
    if period_error := check_period(year=year, month=month, today=today):
        raise MonthRejected(period_error, period=item.period)
    issues = _check_entries(item.entries, year=year, month=month, on_file=on_file)
    if errors := [i for i in issues if i.is_error]:
        raise MonthRejected("数据有误，未保存任何内容", errors, period=item.period)
    by_code = {e.indicator.code: e for e in item.entries}
    if submit and (unexplained := explained(issues, by_code)):
        raise MonthRejected("以下预警需填写说明后才能提交", unexplained, period=item.period)
    return [i for i in issues if not i.is_error]


def _advance(
    submissions: dict[Period, Submission], changed: dict[Period, int], *, user: User,
    submit: bool, action: str, reason: str,
) -> dict[Period, Submission]:  # fmt: skip
    """A new version of each month's submission, submitted or back to draft where due, and an
    event for each; the submissions as they now are."""
    pks = [s.pk for s in submissions.values()]
    now = timezone.now()
    Submission.objects.filter(pk__in=pks).update(version=F("version") + 1, updated_at=now)
    if submit:
        Submission.objects.filter(pk__in=pks).update(status=Submission.Status.SUBMITTED)
    elif returned := [
        s.pk for period, s in submissions.items()
        if s.status == Submission.Status.RETURNED and changed[period]
    ]:  # fmt: skip
        Submission.objects.filter(pk__in=returned).update(status=Submission.Status.DRAFT)
    SubmissionEvent.objects.bulk_create(
        SubmissionEvent(submission=submissions[period], action=action, actor=user, reason=reason)
        for period in sorted(submissions)
    )
    return {(s.year, s.month): s for s in Submission.objects.filter(pk__in=pks)}


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

    The queries do not grow with the number of months or figures, except for months of fewer
    than BULK_FROM entries, which are written figure by figure."""
    if not roles.can_edit_zone(user, zone):
        raise PermissionDenied("只能填报本开发区的数据")
    months = sorted(months, key=lambda item: item.period)
    periods = [item.period for item in months]
    if len(set(periods)) != len(periods):
        raise ValueError("months_save: a month is given twice")
    today = today or timezone.localdate()
    submissions = _lock_submissions(zone=zone, periods=periods)
    on_file = _values_on_file(zone, {p for y, m in periods for p in _history_periods(y, m)})
    warnings: dict[Period, list[Issue]] = {}
    for item in months:
        warnings[item.period] = _check_month(
            item, zone=zone, submission=submissions[item.period], on_file=on_file,
            submit=submit, today=today,
        )  # fmt: skip
        # What the month leaves on file, for the months after it.
        on_file |= {(e.indicator.pk, item.year, item.month): e.value for e in item.entries}
    changed = _write_months(zone=zone, months=months, user=user, origin=origin, reason=reason)
    action = SubmissionEvent.Action.SUBMIT if submit else SubmissionEvent.Action.SAVE
    if origin == FigureRevision.Origin.UPLOAD:
        action = SubmissionEvent.Action.IMPORT
    saved = _advance(submissions, changed, user=user, submit=submit, action=action, reason=reason)
    return [
        SaveResult(submission=saved[p], changed=changed[p], warnings=warnings[p]) for p in periods
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
        user=user, zone=zone, months=[MonthEntries(year, month, entries, expected_version)],
        submit=submit, origin=origin, reason=reason, today=today,
    )  # fmt: skip
    return result


class StaleReview(ConcurrentEdit):
    """The month changed after the reviewer opened it: what they saw is not what is on file."""


def _transition(
    *, submission: Submission, user: User, allowed_from: set[str], to: str, action: str,
    reason: str = "", expected_version: int | None = None,
) -> Submission:  # fmt: skip
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
    if not roles.can_review(user):
        raise PermissionDenied("只有审核员可以退回报送")
    if not reason.strip():
        raise MonthRejected("退回时必须填写原因")
    returned = _transition(
        submission=submission, user=user, allowed_from={Submission.Status.SUBMITTED},
        to=Submission.Status.RETURNED, action=SubmissionEvent.Action.RETURN, reason=reason,
        expected_version=expected_version,
    )  # fmt: skip
    notices.month_returned(submission=returned, reason=reason)
    return returned


@transaction.atomic
def submission_approve(
    *, user: User, submission: Submission, expected_version: int | None = None
) -> Submission:
    """Approve and lock a submitted month: exactly the version the reviewer saw
    (`expected_version`), else StaleReview and nothing changes."""
    if not roles.can_review(user):
        raise PermissionDenied("只有审核员可以审核报送")
    approved = _transition(
        submission=submission, user=user, allowed_from={Submission.Status.SUBMITTED},
        to=Submission.Status.APPROVED, action=SubmissionEvent.Action.APPROVE,
        expected_version=expected_version,
    )  # fmt: skip
    notices.month_approved(submission=approved)
    return approved


@transaction.atomic
def submission_unlock(*, user: User, submission: Submission, reason: str) -> Submission:
    if not roles.can_unlock(user):
        raise PermissionDenied("只有管理员可以解锁已审核的月份")
    if not reason.strip():
        raise MonthRejected("解锁时必须填写原因")
    audit_record(event="unlock", user=user, object=str(submission), detail={"reason": reason})
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
    submission = _lock_submissions(zone=zone, periods=[(year, month)])[(year, month)]
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
    changed = _write_months(
        zone=zone, months=[MonthEntries(year, month, entries)], user=user,
        origin=FigureRevision.Origin.ADMIN_IMPORT, reason=reason,
    )[(year, month)]  # fmt: skip
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
