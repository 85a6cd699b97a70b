"""The one planner of figure writes: what a write of some months of one zone's figures would
change, and every error and warning it raises. Pure: no queries, no writes.

Every path that writes figures (the month form, the Excel upload's preview and confirm, the
API and the admin import) gives the planner the zone, the months' entries, what is on file,
the months' submission states and today, then renders the plan (a preview, inline messages) or
hands it to the one writer (`indicators.figures.write`). Each rule is written here once: the
lock, the month that has not ended, the value's size, the zone's clusters, the checks against
earlier months and the 审核公式, and the revisions owed.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from chuxiong_zones.periods import Period
from indicators.validation import (
    Entry,
    History,
    Issue,
    Level,
    Rule,
    check_ended,
    check_entry,
    check_period,
    check_rules,
    check_value,
    explanation_issue,
)

Key = tuple[int, int, int]  # indicator id, year, month

DRAFT, SUBMITTED, RETURNED, APPROVED = "draft", "submitted", "returned", "approved"


class Stored(NamedTuple):
    """A figure on file, as much of it as a write compares and revises (a tuple: a write
    reads thousands of them)."""

    id: int
    value: Decimal | None
    reported_growth_pct: Decimal | None = None
    explanation: str = ""
    stage: str = "flash"


@dataclass(frozen=True)
class MonthState:
    """A month's submission as it stands (a month without one is a draft of version 0)."""

    status: str = DRAFT
    version: int = 0


class Writer(StrEnum):
    """Who writes, which decides the month-level refusals."""

    STATISTICIAN = "statistician"  # form, upload, API: a submitted month waits for review
    ADMIN = "admin"  # admin import of history: only an approved month is refused


class Refusal(StrEnum):
    LOCKED = "locked"
    SUBMITTED = "submitted"
    STALE = "stale"  # edited by someone else since the page was opened
    PERIOD = "period"  # not a month that can be entered (or submitted) yet


@dataclass(frozen=True)
class MonthEntries:
    """One month's entries, with the submission version the user saw (None: not checked)."""

    year: int
    month: int
    entries: list[Entry]
    expected_version: int | None = None

    @property
    def period(self) -> Period:
        return Period(self.year, self.month)


@dataclass(frozen=True)
class Context:
    """What the planner reads: everything a write of these months is checked against."""

    zone_name: str
    zone_clusters: frozenset[int]
    on_file: Mapping[Key, Stored]  # the months written and the months they are compared with
    states: Mapping[Period, MonthState]
    rules: Sequence[Rule] = ()
    today: datetime.date = field(default_factory=datetime.date.today)


@dataclass
class MonthPlan:
    """One month's outcome: a refusal of the whole month, or its issues and its writes."""

    year: int
    month: int
    state: MonthState
    refusal: Refusal | None = None
    message: str = ""
    issues: list[Issue] = field(default_factory=list)
    unexplained: list[Issue] = field(default_factory=list)  # warnings a submission must explain
    created: list[Entry] = field(default_factory=list)
    updated: list[tuple[Stored, Entry]] = field(default_factory=list)
    # The revisions owed: each entry that changes a value or a 同比, with the figure on file
    # before it (None for a new figure).
    revised: list[tuple[Entry, Stored | None]] = field(default_factory=list)

    @property
    def period(self) -> Period:
        return Period(self.year, self.month)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.is_error]

    @property
    def changed(self) -> int:
        """Figures the write changes (created or updated; unchanged entries are in neither)."""
        return len(self.created) + len(self.updated)

    def refused(self, *, submit: bool) -> bool:
        return bool(self.refusal or self.errors or (submit and self.unexplained))


@dataclass
class Plan:
    months: list[MonthPlan]

    def first_refused(self, *, submit: bool) -> MonthPlan | None:
        return next((m for m in self.months if m.refused(submit=submit)), None)

    @property
    def issues(self) -> dict[tuple[str, int, int], list[Issue]]:
        """Every issue, keyed by (indicator code, year, month)."""
        keyed: dict[tuple[str, int, int], list[Issue]] = {}
        for month in self.months:
            for issue in month.issues:
                keyed.setdefault((issue.indicator, month.year, month.month), []).append(issue)
        return keyed


def history_periods(period: Period) -> list[Period]:
    """What a month is checked against: the same month last year and the period before (within
    the year for year-to-date figures; last December for a January's stocks)."""
    return [period.last_year(), period.shift(-1)]


def plan_months(
    context: Context, months: Sequence[MonthEntries], *, writer: Writer, submit: bool = False
) -> Plan:
    """The plan of writing `months` (in month order; each month is checked against what the
    months before it in the same write leave on file)."""
    # The values each month holds, as the months before it in this write leave them.
    after: dict[Period, dict[int, Decimal | None]] = defaultdict(dict)
    for (pk, year, month), stored in context.on_file.items():
        after[Period(year, month)][pk] = stored.value
    plans = []
    for item in sorted(months, key=lambda m: m.period):
        plan = _plan_month(context, item, after=after, writer=writer, submit=submit)
        plans.append(plan)
        after[item.period].update({e.indicator.pk: e.value for e in item.entries})
    return Plan(plans)


def _refusal(
    context: Context, item: MonthEntries, state: MonthState, *, writer: Writer, submit: bool
) -> tuple[Refusal, str] | None:
    year, month = item.period
    where = f"{context.zone_name}{year}年{month}月"
    if state.status == APPROVED:
        if writer == Writer.ADMIN:
            return Refusal.LOCKED, f"{where}已审核锁定，不能导入；如需修改请先解锁"
        return Refusal.LOCKED, f"{where}已审核锁定，如需修改请联系管理员解锁"
    if writer == Writer.STATISTICIAN and state.status == SUBMITTED:
        return Refusal.SUBMITTED, f"{where}已提交，正在等待审核；审核员退回后才能修改"
    if item.expected_version is not None and state.version != item.expected_version:
        return (
            Refusal.STALE,
            "该月数据已被他人修改并保存，请刷新页面查看最新数据后再修改；您填写的内容仍保留在表单中",
        )
    if reason := check_period(year=year, month=month, today=context.today):
        return Refusal.PERIOD, reason
    if submit and (reason := check_ended(year=year, month=month, today=context.today)):
        return Refusal.PERIOD, reason
    return None


def _entry_issues(context: Context, entry: Entry) -> list[Issue]:
    """The value's own checks: size and decimals (whatever path parsed it), the explanation's
    length, and a cluster indicator only for a zone of that cluster."""
    indicator = entry.indicator
    issues = [
        check_value(entry.value, indicator) if entry.value is not None else None,
        check_value(entry.reported_growth_pct, indicator, field="reported_growth_pct")
        if entry.reported_growth_pct is not None
        else None,
        explanation_issue(entry.explanation, indicator),
    ]
    if indicator.cluster_id is not None and indicator.cluster_id not in context.zone_clusters:
        issues.append(
            Issue(
                indicator.code,
                Level.ERROR,
                "not_zone_cluster",
                f"「{indicator.name}」是产业集群分项指标，{context.zone_name}不属于该集群",
            )
        )
    return [i for i in issues if i is not None]


def _plan_month(
    context: Context,
    item: MonthEntries,
    *,
    after: Mapping[Period, Mapping[int, Decimal | None]],
    writer: Writer,
    submit: bool,
) -> MonthPlan:
    year, month = item.period
    state = context.states.get(item.period, MonthState())
    plan = MonthPlan(year, month, state)
    if refused := _refusal(context, item, state, writer=writer, submit=submit):
        plan.refusal, plan.message = refused
        return plan
    (last_year, before) = history_periods(item.period)
    earlier, a_year_ago = after.get(before, {}), after.get(last_year, {})
    for entry in item.entries:
        own = _entry_issues(context, entry)
        plan.issues.extend(own)
        if own:
            continue
        pk = entry.indicator.pk
        history = History(
            previous_month=earlier.get(pk) if month > 1 else None,
            last_year=a_year_ago.get(pk),
        )
        plan.issues.extend(check_entry(entry, history, month=month))
    entered = {e.indicator.pk for e in item.entries}
    values = {**after.get(item.period, {}), **{e.indicator.pk: e.value for e in item.entries}}
    plan.issues.extend(check_rules(context.rules, values=values, before=earlier, entered=entered))
    if submit:
        explanations = {e.indicator.code: e.explanation.strip() for e in item.entries}
        plan.unexplained = [i for i in plan.warnings if not explanations.get(i.indicator)]
    _diff(plan, item, context.on_file)
    return plan


def _diff(plan: MonthPlan, item: MonthEntries, on_file: Mapping[Key, Stored]) -> None:
    """What the month's entries change: entries without a figure on file (`created`), figures
    on file with their entry (`updated`), and the revisions owed. Unchanged entries, and blank
    entries with nothing on file, are in none; a change of the explanation alone owes no
    revision."""
    for entry in item.entries:
        stored = on_file.get((entry.indicator.pk, item.year, item.month))
        new = (entry.value, entry.reported_growth_pct)
        if stored is None:
            if new == (None, None):
                continue
            plan.created.append(entry)
            plan.revised.append((entry, None))
            continue
        old = (stored.value, stored.reported_growth_pct)
        if (*old, stored.explanation) == (*new, entry.explanation):
            continue
        plan.updated.append((stored, entry))
        if old != new:
            plan.revised.append((entry, stored))
