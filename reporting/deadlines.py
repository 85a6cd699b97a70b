"""The reporting calendar and a month's reporting state, in plain Python (no database).

A month's figures are due by `due_day` of the following month (the 5th unless an admin sets
another day), or by the date an exception sets for that month (春节, 国庆). Annual indicators
are due by a day of the following year. "Today" is the date in Asia/Shanghai
(`timezone.localdate()`), and a deadline is a whole day: a month submitted at 23:59 on its
due date is on time (已报); from the day after, it is late (逾期).
"""

from __future__ import annotations

import calendar
import datetime
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from chuxiong_zones.periods import Period, last_closed_month


@dataclass(frozen=True)
class Calendar:
    due_day: int = 5
    annual_due_month: int = 3
    annual_due_day: int = 31
    remind_days_before: int = 3
    review_wait_days: int = 5
    exceptions: Mapping[Period, datetime.date] = field(default_factory=dict)

    def due_date(self, year: int, month: int) -> datetime.date:
        """The deadline of month (year, month): its exception, or `due_day` of the next month
        (the month's last day where it has fewer days)."""
        exception = self.exceptions.get(Period(year, month))
        if exception is not None:
            return exception
        next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
        last = calendar.monthrange(next_year, next_month)[1]
        return datetime.date(next_year, next_month, min(self.due_day, last))

    def annual_due_date(self, year: int) -> datetime.date:
        """The deadline of the annual indicators of `year`, in the following year."""
        last = calendar.monthrange(year + 1, self.annual_due_month)[1]
        return datetime.date(year + 1, self.annual_due_month, min(self.annual_due_day, last))


def reporting_month(today: datetime.date) -> Period:
    """The month being reported now: the last month that has ended (on 3 December 2026,
    November 2026), as the dashboards' latest closed month."""
    return last_closed_month(today)


class State(enum.Enum):
    """A zone's month, as the completeness page colours it."""

    APPROVED = "approved"  # 已审核
    ON_TIME = "on_time"  # 已报: submitted by the deadline, awaiting review
    LATE = "late"  # 逾期报送: submitted after the deadline, awaiting review
    RETURNED = "returned"  # 已退回: to be corrected and submitted again
    MISSING = "missing"  # 未报: not submitted, deadline passed
    OPEN = "open"  # 待报: not submitted, deadline not yet passed
    NOT_DUE = "not_due"  # the month has not ended: nothing expected yet


STATE_LABELS = {
    State.APPROVED: "已审核",
    State.ON_TIME: "已报",
    State.LATE: "逾期报送",
    State.RETURNED: "已退回",
    State.MISSING: "未报",
    State.OPEN: "待报",
    State.NOT_DUE: "未到报送期",
}


@dataclass(frozen=True)
class MonthState:
    state: State
    due: datetime.date
    days_late: int | None = None  # submitted late (from the first submit), or overdue by

    @property
    def label(self) -> str:
        text = STATE_LABELS[self.state]
        if self.days_late and self.state in (State.LATE, State.MISSING):
            text += f" {self.days_late}天"
        elif self.days_late:  # approved or returned, first submitted late
            text += f"（逾期{self.days_late}天）"
        return text

    @property
    def is_expected(self) -> bool:
        """Counts in the rates' denominator: the deadline has passed, or it is reported."""
        return self.state not in (State.OPEN, State.NOT_DUE)

    @property
    def is_reported(self) -> bool:
        """Counts as reported (DHIS2's reporting rate): submitted or approved, not returned."""
        return self.state in (State.APPROVED, State.ON_TIME, State.LATE)

    @property
    def is_on_time(self) -> bool:
        return self.is_reported and not self.days_late


def month_state(
    *,
    year: int,
    month: int,
    status: str | None,
    first_submitted: datetime.date | None,
    today: datetime.date,
    cal: Calendar,
) -> MonthState:
    """`status`: the submission's status (草稿 draft, submitted, returned, approved) or None;
    `first_submitted`: the local date of its first submit, which decides timeliness."""
    due = cal.due_date(year, month)
    late = (first_submitted - due).days if first_submitted and first_submitted > due else None
    if status == "approved":
        return MonthState(State.APPROVED, due, late)
    if status == "submitted":
        return MonthState(State.LATE if late else State.ON_TIME, due, late)
    if status == "returned":
        return MonthState(State.RETURNED, due, late)
    if today <= Period(year, month).last_day:
        return MonthState(State.NOT_DUE, due)
    if today <= due:
        return MonthState(State.OPEN, due)
    return MonthState(State.MISSING, due, (today - due).days)


def rate_pct(part: int, whole: int) -> Decimal | None:
    """part / whole as a percentage with one decimal; None where nothing is expected."""
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Rates:
    """DHIS2's reporting rate and reporting rate on time, over the expected zone-months."""

    expected: int
    reported: int
    on_time: int

    @property
    def reporting_rate(self) -> Decimal | None:
        return rate_pct(self.reported, self.expected)

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate_pct(self.on_time, self.expected)


def rates(states: list[MonthState]) -> Rates:
    expected = [s for s in states if s.is_expected]
    return Rates(
        expected=len(expected),
        reported=sum(s.is_reported for s in expected),
        on_time=sum(s.is_on_time for s in expected),
    )
