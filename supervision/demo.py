"""Demo reporting rounds, so that task supervision has something to show out of the box: the
current round, and a past one whose due date has passed with reports filed on time, late,
returned for rework, and not at all. Every narrative starts with 演示数据.

Reports go through the services (`report_submit`, `report_accept`, `report_return`) as each
unit's liaison; a unit without a demo liaison gets one that cannot log in (it only signs the
demo reports). Collective names (县市人民政府, 楚雄国家高新区和各产业园区, see
`Unit.is_collective`) file nothing: no one logs in for them.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import Profile
from accounts.roles import LIAISON
from supervision import services
from supervision.models import ReportingRound, ReportSlot, TaskReport
from targets.models import TaskItem, Unit

DEMO_PREFIX = "演示"
NARRATIVE = "演示数据：本单位按职责推进该项任务，本期完成调研、方案制定和项目对接等工作。"
RETURN_REASON = "演示数据：未写明本期完成的具体事项和数量，请补充后重新报送。"


@dataclass(frozen=True)
class DemoRounds:
    rounds: int
    reports: int


def _month(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def _liaison(unit: Unit, group: Group) -> Any:
    """The unit's liaison: an existing one (demo-liaison for 州工业和信息化局), or a demo
    account that signs reports and cannot log in."""
    profile = Profile.objects.filter(unit=unit).select_related("user").first()
    if profile is not None:
        return profile.user
    user, created = get_user_model().objects.get_or_create(
        username=f"demo-unit-{unit.pk}", defaults={"first_name": f"演示·{unit.name}联络员"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.set([group])
        Profile.objects.create(user=user, unit=unit)
    return user


def _file(slot: ReportSlot, user: Any, *, status: str, at: datetime.datetime) -> TaskReport:
    report = services.report_submit(user=user, slot=slot, status=status, narrative=NARRATIVE)
    TaskReport.objects.filter(pk=report.pk).update(submitted_at=at)  # as if filed then
    report.refresh_from_db()
    return report


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 30)))


@transaction.atomic
def generate_demo_rounds(*, today: datetime.date, opener: Any, reviewer: Any) -> DemoRounds:
    """Open the demo rounds of `today` (once: a second run adds nothing) and file reports."""
    if ReportingRound.objects.filter(title__startswith=DEMO_PREFIX).exists():
        return DemoRounds(0, 0)
    tasks = list(TaskItem.objects.filter(document__code="cbf-2023-5").order_by("number"))
    if not tasks:
        return DemoRounds(0, 0)
    this_start, this_end = _month(today)
    past_start, past_end = _month(this_start - datetime.timedelta(days=1))
    past_due = max(
        min(past_end + datetime.timedelta(days=5), today - datetime.timedelta(days=1)), past_start
    )
    past = services.round_open(
        user=opener,
        title=f"{DEMO_PREFIX}：{past_start.year}年{past_start.month}月调度",
        rhythm=ReportingRound.Rhythm.MONTHLY,
        period_start=past_start,
        period_end=past_end,
        due_date=past_due,
        tasks=tasks,
    )
    current = services.round_open(
        user=opener,
        title=f"{DEMO_PREFIX}：{this_start.year}年{this_start.month}月调度",
        rhythm=ReportingRound.Rhythm.MONTHLY,
        period_start=this_start,
        period_end=this_end,
        due_date=this_end + datetime.timedelta(days=5),
        tasks=tasks,
    )
    group = Group.objects.get(name=LIAISON.group)
    filed = 0
    slots = ReportSlot.objects.filter(round=past).select_related("unit").order_by("task", "pk")
    for index, slot in enumerate(s for s in slots if not s.unit.is_collective):
        kind = index % 5
        if kind == 0:
            continue  # not reported: overdue
        user = _liaison(slot.unit, group)
        late = kind == 2
        at = _noon(past_due + datetime.timedelta(days=2) if late else past_due)
        status = TaskReport.Status.BEHIND if late else TaskReport.Status.IN_PROGRESS
        report = _file(slot, user, status=status, at=at)
        filed += 1
        if kind == 3:
            services.report_return(user=reviewer, report=report, reason=RETURN_REASON)
        elif kind in (1, 2):
            services.report_accept(user=reviewer, report=report)
    slots = ReportSlot.objects.filter(round=current).select_related("unit").order_by("task", "pk")
    for index, slot in enumerate(s for s in slots if not s.unit.is_collective):
        if index % 4 == 0 and slot.unit.name != "州工业和信息化局":  # demo-liaison's are open
            _file(
                slot,
                _liaison(slot.unit, group),
                status=TaskReport.Status.IN_PROGRESS,
                at=_noon(today),
            )
            filed += 1
    return DemoRounds(2, filed)
