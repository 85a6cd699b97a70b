"""A slot is overdue when it has no standing report and today (Asia/Shanghai) is after the due
date; the due date itself is not overdue."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from supervision import rules, selectors, services

DAY = datetime.timedelta(days=1)
DUE = datetime.date(2025, 10, 10)


@pytest.mark.parametrize(
    ("today", "reported", "overdue"),
    [
        (DUE - DAY, False, False),
        (DUE, False, False),
        (DUE + DAY, False, True),
        (DUE + DAY, True, False),
    ],
)
def test_overdue_rule_at_the_due_date_boundary(
    today: datetime.date, reported: bool, overdue: bool
) -> None:
    assert rules.is_overdue(due_date=DUE, reported=reported, today=today) is overdue


def test_a_report_filed_late_on_the_due_date_in_shanghai_is_on_time() -> None:
    # 23:30 in 楚雄 is 15:30 UTC: still the due date locally.
    late_evening = datetime.datetime(2025, 10, 10, 15, 30, tzinfo=datetime.UTC)
    after_midnight = datetime.datetime(2025, 10, 10, 16, 30, tzinfo=datetime.UTC)

    assert timezone.localdate(late_evening) == DUE
    assert rules.is_on_time(first_filed=timezone.localdate(late_evening), due_date=DUE)
    assert not rules.is_on_time(first_filed=timezone.localdate(after_midnight), due_date=DUE)
    assert not rules.is_on_time(first_filed=None, due_date=DUE)


@pytest.mark.django_db
def test_no_slot_is_overdue_on_the_due_date(world: Any) -> None:
    assert world.round.due_date == DUE
    assert list(selectors.overdue_slots(today=DUE)) == []


@pytest.mark.django_db
def test_every_unreported_slot_is_overdue_the_day_after(world: Any) -> None:
    world.submit("州发展改革委", task_index=0)

    overdue = selectors.overdue_slots(today=DUE + DAY)

    assert overdue.count() == 8
    assert ("州发展改革委", world.catalogue.tasks[0].pk) not in {
        (s.unit.name, s.task_id) for s in overdue
    }


@pytest.mark.django_db
def test_a_returned_report_leaves_the_slot_overdue_until_a_new_version(world: Any) -> None:
    report = world.submit("州发展改革委")
    slot = report.slot
    services.report_return(user=world.reviewer, report=report, reason="请补充。")
    assert slot in selectors.overdue_slots(today=DUE + DAY)

    world.submit("州发展改革委", narrative="已补充。")

    assert slot not in selectors.overdue_slots(today=DUE + DAY)


@pytest.mark.django_db
def test_my_tasks_shows_overdue_slots_in_red_and_due_today_not(
    client: Client, make_catalogue: Any, make_world: Any
) -> None:
    today = timezone.localdate()
    world = make_world(make_catalogue(tasks=1), due=today - DAY)
    services.round_open(
        user=world.admin,
        title="本期双周调度",
        rhythm="biweekly",
        period_start=today - 14 * DAY,
        period_end=today,
        due_date=today,
        tasks=world.catalogue.tasks,
    )
    client.force_login(world.liaisons["州发展改革委"])

    html = client.get(reverse("supervision:mine")).content.decode()

    rows = re.findall(r"<tr[^>]*>.*?</tr>", html, flags=re.DOTALL)
    overdue_row = next(r for r in rows if "2025年第三季度调度" in r)
    due_today_row = next(r for r in rows if "本期双周调度" in r)
    assert 'class="is-overdue"' in overdue_row
    assert "逾期未报" in overdue_row
    assert "is-overdue" not in due_today_row
    assert "逾期未报" not in due_today_row
