"""What units report through task supervision shows on the dashboards."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from accounts.models import Profile
from accounts.roles import ADMIN, LIAISON, ensure_groups
from dashboards.selectors import Period, target_assessments, task_overview
from indicators import calculations as calc
from supervision import services
from supervision.models import ReportSlot, TaskReport
from targets.models import Target, TaskItem, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(reference_catalogue: None, django_user_model: Any) -> dict[str, Any]:
    """Task 2 of 5号 reported done by its lead (州委组织部), with the 两新党建样板区 milestone."""
    groups = ensure_groups()
    admin = django_user_model.objects.create_user("admin-e", password="x-Secret-123")
    admin.groups.set([groups[ADMIN.group]])
    liaison = django_user_model.objects.create_user("liaison-e", password="x-Secret-123")
    liaison.groups.set([groups[LIAISON.group]])
    Profile.objects.create(user=liaison, unit=Unit.objects.get(name="州委组织部"))
    task = TaskItem.objects.get(document__code="cbf-2023-5", number=2)
    reporting_round = services.round_open(
        user=admin,
        title="2023年第四季度调度",
        rhythm="quarterly",
        period_start=datetime.date(2023, 10, 1),
        period_end=datetime.date(2023, 12, 31),
        due_date=datetime.date(2024, 1, 10),
        tasks=[task],
    )
    slot = ReportSlot.objects.get(round=reporting_round, task=task, unit__name="州委组织部")
    milestone = Target.objects.get(code="5-cxgx-lxdj-2023")
    services.report_submit(
        user=liaison,
        slot=slot,
        status=TaskReport.Status.DONE,
        narrative="楚雄国家高新区两新党建样板区通过验收。",
        milestones=[
            services.MilestoneInput(
                target=milestone, done_on=datetime.date(2023, 11, 20), evidence="验收通知"
            )
        ],
    )
    return {"task": task, "milestone": milestone}


def test_a_milestone_reported_done_is_done_from_its_date_on(filed: dict[str, Any]) -> None:
    def status(as_of: Period) -> calc.Status:
        rows = target_assessments(as_of=as_of)
        return next(r.status for r in rows if r.target.pk == filed["milestone"].pk)

    assert status(Period(2023, 12)) == calc.Status.DONE
    # before the reported completion date nothing is reported yet: 待报送 (no data)
    assert status(Period(2023, 10)) == calc.Status.NO_DATA
    # the milestone's year has closed: judged on its report, once and for all
    assert status(Period(2026, 6)) == calc.Status.DONE


def test_task_status_is_as_it_stood_at_the_as_of_month(filed: dict[str, Any]) -> None:
    """The report was filed today: a page for a month before it shows the task unreported."""
    task = filed["task"].pk
    assert task_overview().statuses[task].label == "已完成"
    assert task_overview(as_of=Period(2023, 6)).statuses[task].label == "未报送"


def test_task_status_comes_from_the_units_report(filed: dict[str, Any]) -> None:
    statuses = task_overview().statuses
    assert statuses[filed["task"].pk].label == "已完成"
    other = TaskItem.objects.get(document__code="cbf-2023-5", number=3)
    assert statuses[other.pk].label == "未报送"
