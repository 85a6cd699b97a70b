"""The reporting calendar and a month's state, without a database."""

from __future__ import annotations

import datetime

import pytest

from chuxiong_zones.periods import Period
from reporting.deadlines import Calendar, MonthState, State, month_state, rates, reporting_month

D = datetime.date
CAL = Calendar()


def test_a_month_is_due_by_the_fifth_of_the_next_month() -> None:
    assert CAL.due_date(2026, 11) == D(2026, 12, 5)
    assert CAL.due_date(2026, 12) == D(2027, 1, 5)


def test_a_due_day_past_the_next_months_end_falls_on_its_last_day() -> None:
    assert Calendar(due_day=31).due_date(2026, 1) == D(2026, 2, 28)


def test_an_exception_moves_the_deadline() -> None:
    spring_festival = Calendar(exceptions={Period(2026, 1): D(2026, 2, 24)})

    assert spring_festival.due_date(2026, 1) == D(2026, 2, 24)
    assert spring_festival.due_date(2026, 2) == D(2026, 3, 5)  # other months keep the rule


def test_annual_indicators_are_due_in_the_following_year() -> None:
    assert CAL.annual_due_date(2026) == D(2027, 3, 31)
    assert Calendar(annual_due_month=2, annual_due_day=30).annual_due_date(2027) == D(2028, 2, 29)


@pytest.mark.parametrize(
    ("today", "month"),
    [
        (D(2026, 12, 3), Period(2026, 11)),
        (D(2026, 12, 31), Period(2026, 11)),
        (D(2027, 1, 1), Period(2026, 12)),
    ],
)
def test_the_month_being_reported_is_the_last_that_has_ended(
    today: datetime.date, month: Period
) -> None:
    assert reporting_month(today) == month


def state(status: str | None, submitted: datetime.date | None, today: datetime.date) -> MonthState:
    return month_state(
        year=2026, month=11, status=status, first_submitted=submitted, today=today, cal=CAL
    )


@pytest.mark.parametrize(
    ("status", "submitted", "today", "expected", "label"),
    [
        (None, None, D(2026, 11, 30), State.NOT_DUE, "未到报送期"),
        (None, None, D(2026, 12, 1), State.OPEN, "待报"),
        ("draft", None, D(2026, 12, 5), State.OPEN, "待报"),  # the due date itself: not late
        ("draft", None, D(2026, 12, 6), State.MISSING, "未报 1天"),
        (None, None, D(2026, 12, 15), State.MISSING, "未报 10天"),
        ("submitted", D(2026, 12, 5), D(2026, 12, 20), State.ON_TIME, "已报"),
        ("submitted", D(2026, 12, 8), D(2026, 12, 20), State.LATE, "逾期报送 3天"),
        ("returned", D(2026, 12, 2), D(2026, 12, 20), State.RETURNED, "已退回"),
        ("approved", D(2026, 12, 4), D(2026, 12, 20), State.APPROVED, "已审核"),
        ("approved", D(2026, 12, 9), D(2026, 12, 20), State.APPROVED, "已审核（逾期4天）"),
    ],
)
def test_each_state_at_a_frozen_date(
    status: str | None,
    submitted: datetime.date | None,
    today: datetime.date,
    expected: State,
    label: str,
) -> None:
    result = state(status, submitted, today)

    assert result.state is expected
    assert result.label == label


def test_an_approved_month_keeps_how_late_it_was_submitted() -> None:
    assert state("approved", D(2026, 12, 9), D(2026, 12, 20)).days_late == 4


def test_rates_count_expected_months_only_and_returned_ones_as_not_reported() -> None:
    today = D(2026, 12, 20)
    states = [
        state("approved", D(2026, 12, 4), today),  # on time
        state("submitted", D(2026, 12, 9), today),  # late
        state("returned", D(2026, 12, 1), today),  # expected, not reported
        state(None, None, today),  # missing
        month_state(year=2026, month=12, status=None, first_submitted=None, today=today, cal=CAL),
    ]

    result = rates(states)

    assert (result.expected, result.reported, result.on_time) == (4, 2, 1)
    assert str(result.reporting_rate) == "50.0"
    assert str(result.on_time_rate) == "25.0"
    assert rates([]).reporting_rate is None
