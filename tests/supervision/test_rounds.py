"""Opening a reporting round: one slot per unit named on each task, opened by admins only."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from supervision import services
from supervision.models import ReportingRound, ReportSlot, TaskReport

pytestmark = pytest.mark.django_db

ROUND: dict[str, Any] = {
    "title": "2025年10月调度",
    "rhythm": ReportingRound.Rhythm.MONTHLY,
    "period_start": datetime.date(2025, 10, 1),
    "period_end": datetime.date(2025, 10, 31),
    "due_date": datetime.date(2025, 11, 5),
}


def test_round_gives_every_unit_on_each_task_a_slot_with_its_role(world: Any) -> None:
    slots = ReportSlot.objects.filter(round=world.round).select_related("unit")

    assert slots.count() == 9  # 3 tasks x (1 lead + 2 co-operating)
    for task in world.catalogue.tasks:
        roles = {s.unit.name: s.role for s in slots if s.task_id == task.pk}
        assert roles == {
            "州财政局": "lead",
            "州发展改革委": "cooperate",
            "州工业和信息化局": "cooperate",
        }
    assert set(world.round.tasks.all()) == set(world.catalogue.tasks)


def test_round_only_covers_the_chosen_tasks(world: Any) -> None:
    measure = world.catalogue.measure
    second = services.round_open(user=world.admin, tasks=[measure], **ROUND)

    assert [(s.unit.name, s.role) for s in second.slots.select_related("unit")] == [
        ("州统计局", "lead")
    ]


def test_a_non_admin_cannot_open_a_round_and_nothing_is_written(world: Any) -> None:
    for user in (world.reviewer, world.leader, world.liaisons["州财政局"]):
        with pytest.raises(PermissionDenied):
            services.round_open(user=user, tasks=world.catalogue.tasks, **ROUND)

    assert ReportingRound.objects.count() == 1


def test_a_round_needs_tasks_and_dates_in_order(world: Any) -> None:
    with pytest.raises(ValidationError, match="至少选择一项任务"):
        services.round_open(user=world.admin, tasks=[], **ROUND)
    backwards = {**ROUND, "period_end": datetime.date(2025, 9, 1)}
    with pytest.raises(ValidationError, match="报送期止不能早于报送期起"):
        services.round_open(user=world.admin, tasks=world.catalogue.tasks, **backwards)

    assert ReportingRound.objects.count() == 1


def test_the_same_period_cannot_be_opened_twice(world: Any) -> None:
    services.round_open(user=world.admin, tasks=world.catalogue.tasks, **ROUND)

    with pytest.raises(ValidationError, match="已经发起过"):
        services.round_open(user=world.admin, tasks=world.catalogue.tasks, **ROUND)
    assert ReportingRound.objects.count() == 2


def _form(scope: str) -> dict[str, str]:
    return {
        "title": "2025年10月调度",
        "rhythm": "monthly",
        "period_start": "2025-10-01",
        "period_end": "2025-10-31",
        "due_date": "2025-11-05",
        "scope": scope,
    }


def test_admin_opens_a_round_for_a_whole_document_on_the_rounds_page(
    client: Client, world: Any
) -> None:
    client.force_login(world.admin)

    response = client.post(
        reverse("supervision:rounds"), _form(f"document:{world.catalogue.doc7.pk}")
    )

    assert response.status_code == 302
    opened = ReportingRound.objects.get(title="2025年10月调度")
    assert list(opened.tasks.all()) == [world.catalogue.measure]
    page = client.get(reverse("supervision:rounds")).content.decode()
    assert "2025年10月调度" in page
    assert "发起调度" in page


def test_admin_opens_a_round_for_one_section(client: Client, world: Any) -> None:
    client.force_login(world.admin)
    section = world.catalogue.tasks[0].section

    client.post(reverse("supervision:rounds"), _form(f"section:{section.pk}"))

    opened = ReportingRound.objects.get(title="2025年10月调度")
    assert opened.tasks.count() == 3
    assert opened.slots.count() == 9


def test_rounds_page_refuses_a_liaison_opening_a_round(client: Client, world: Any) -> None:
    client.force_login(world.liaisons["州财政局"])

    page = client.get(reverse("supervision:rounds"))
    response = client.post(
        reverse("supervision:rounds"), _form(f"document:{world.catalogue.doc5.pk}")
    )

    assert page.status_code == 200
    assert "发起调度</button>" not in page.content.decode()
    assert response.status_code == 403
    assert ReportingRound.objects.count() == 1


def test_rounds_page_asks_for_at_least_one_task(client: Client, world: Any) -> None:
    client.force_login(world.admin)

    response = client.post(reverse("supervision:rounds"), _form(""))

    assert response.status_code == 400
    assert "请至少选择一项任务" in response.content.decode()


# --- ending a round -----------------------------------------------------------------------


def test_an_ended_round_takes_no_more_reports_and_keeps_what_was_filed(world: Any) -> None:
    filed = world.submit("州财政局")
    services.round_close(user=world.admin, reporting_round=world.round)

    with pytest.raises(ValidationError, match="已经结束，不能再报送"):
        world.submit("州发展改革委")
    with pytest.raises(ValidationError, match="已经结束，不能再报送"):
        services.report_consolidate(
            user=world.liaisons["州财政局"],
            round=world.round,
            task=world.catalogue.tasks[0],
            status=TaskReport.Status.IN_PROGRESS,
            narrative="汇总。",
        )
    assert list(TaskReport.objects.all()) == [filed]
    world.round.refresh_from_db()
    assert world.round.is_closed
    assert world.round.closed_by == world.admin


def test_only_an_admin_ends_a_round_and_only_once(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.round_close(user=world.reviewer, reporting_round=world.round)
    world.round.refresh_from_db()
    assert not world.round.is_closed

    services.round_close(user=world.admin, reporting_round=world.round)
    with pytest.raises(ValidationError, match="已经结束"):
        services.round_close(user=world.admin, reporting_round=world.round)


def test_an_ended_round_sends_no_reminders(world: Any) -> None:
    after_due = datetime.datetime(2025, 10, 20, 8, tzinfo=ZoneInfo("Asia/Shanghai"))
    services.round_close(user=world.admin, reporting_round=world.round)

    run = services.reminders_send(now=after_due)

    assert (run.reminders, run.emails) == (0, 0)
    assert services.reminders_send(now=after_due) == run  # and none later either
    assert not mail.outbox


def test_admin_ends_a_round_on_the_rounds_page_and_it_leaves_the_liaisons_form(
    client: Client, world: Any
) -> None:
    close = reverse("supervision:round-close", args=[world.round.pk])
    client.force_login(world.liaisons["州财政局"])
    option = f'<option value="{world.slot("州财政局").pk}"'
    assert option in client.get(reverse("supervision:mine")).content.decode()
    assert client.post(close).status_code == 403

    client.force_login(world.admin)
    page = client.get(reverse("supervision:rounds")).content.decode()
    assert f'action="{close}"' in page
    response = client.post(close, follow=True)
    page = response.content.decode()

    assert "已结束，不再接收报送" in page
    assert "已结束（" in page
    assert f'action="{close}"' not in page
    client.force_login(world.liaisons["州财政局"])
    assert option not in client.get(reverse("supervision:mine")).content.decode()


def test_a_round_ended_by_mistake_is_reopened_with_a_reason_and_audited(world: Any) -> None:
    services.round_close(user=world.admin, reporting_round=world.round)
    with pytest.raises(PermissionDenied):
        services.round_reopen(user=world.reviewer, reporting_round=world.round, reason="误操作")
    with pytest.raises(ValidationError, match="必须填写原因"):
        services.round_reopen(user=world.admin, reporting_round=world.round, reason="  ")

    services.round_reopen(user=world.admin, reporting_round=world.round, reason="误点了结束本轮")

    world.round.refresh_from_db()
    assert not world.round.is_closed
    assert world.submit("州发展改革委").slot.round == world.round  # reports are filed again
    [event] = AuditEvent.objects.filter(event="round_reopen")
    assert (event.user, event.detail["reason"], event.detail["closed_by"]) == (
        world.admin,
        "误点了结束本轮",
        world.admin.get_username(),
    )
    with pytest.raises(ValidationError, match="尚未结束"):
        services.round_reopen(user=world.admin, reporting_round=world.round, reason="再开")


def test_admin_reopens_an_ended_round_on_the_rounds_page_after_confirming(
    client: Client, world: Any
) -> None:
    services.round_close(user=world.admin, reporting_round=world.round)
    reopen = reverse("supervision:round-reopen", args=[world.round.pk])
    client.force_login(world.liaisons["州财政局"])
    assert client.post(reopen, {"reason": "误操作"}).status_code == 403

    client.force_login(world.admin)
    page = client.get(reverse("supervision:rounds")).content.decode()
    form = page[page.index(f'action="{reopen}"') - 200 :]
    assert 'data-confirm="重新开启' in form[:400]
    response = client.post(reopen, {"reason": "误操作"}, follow=True)

    assert "已重新开启，可以继续报送" in response.content.decode()
    world.round.refresh_from_db()
    assert not world.round.is_closed
