"""Rounds over the shipped catalogue of 5号 and 7号 (fixtures loaded once for the module)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from accounts.roles import ADMIN, ensure_groups
from supervision import services
from supervision.models import ReportingRound, ReportSlot
from targets.models import TaskAssignment, TaskItem

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_catalogue")]

DOC5, DOC7 = "cbf-2023-5", "cbf-2023-7"


@pytest.fixture
def admin(django_user_model: Any) -> Any:
    user = django_user_model.objects.create_user(username="round-admin", password="x-Admin-2025")
    user.groups.set([ensure_groups()[ADMIN.group]])
    return user


def open_round(admin: Any, tasks: Any) -> ReportingRound:
    return services.round_open(
        user=admin,
        title="2025年第三季度调度",
        rhythm=ReportingRound.Rhythm.QUARTERLY,
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2025, 9, 30),
        due_date=datetime.date(2025, 10, 10),
        tasks=tasks,
    )


def test_task_9_of_5hao_gives_15_slots_with_one_lead(admin: Any) -> None:
    task = TaskItem.objects.get(document__code=DOC5, number=9)

    opened = open_round(admin, [task])

    slots = ReportSlot.objects.filter(round=opened).select_related("unit")
    assert slots.count() == 15
    leads = [s.unit.name for s in slots if s.role == "lead"]
    assert leads == ["州工业和信息化局"]
    assert {s.unit.name for s in slots} >= {
        "州统计局",
        "县市人民政府",
        "楚雄国家高新区和各产业园区",
    }


def test_all_26_tasks_give_one_slot_per_assignment_and_a_lead_each(admin: Any) -> None:
    tasks = TaskItem.objects.filter(document__code=DOC5)

    opened = open_round(admin, tasks)

    assignments = TaskAssignment.objects.filter(task__document__code=DOC5).count()
    assert opened.slots.count() == assignments
    assert opened.slots.filter(role="lead").count() == 26


def test_7hao_measures_without_responsible_units_get_no_slot(admin: Any) -> None:
    measures = TaskItem.objects.filter(document__code=DOC7)

    opened = open_round(admin, measures)

    numbers = set(opened.slots.values_list("task__number", flat=True))
    assert numbers == set(range(1, 21))
    assert opened.tasks.count() == 23
