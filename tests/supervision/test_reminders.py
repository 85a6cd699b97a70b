"""Reminders: 3 days before the due date and after it, each at most once per slot and kind,
by e-mail to the unit's liaisons and listed on 我的任务."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from supervision import services
from supervision.models import Reminder
from targets.models import TaskItem

pytestmark = pytest.mark.django_db

DUE = datetime.date(2025, 10, 10)
FINANCE, NDRC, MIIT = "州财政局", "州发展改革委", "州工业和信息化局"


def at(day: datetime.date, hour: int = 8) -> datetime.datetime:
    """`hour` o'clock in 楚雄 on `day`, as the aware datetime cron would pass."""
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_nothing_is_sent_four_days_before_the_due_date(world: Any) -> None:
    run = services.reminders_send(now=at(DUE - datetime.timedelta(days=4)))

    assert (run.reminders, run.emails) == (0, 0)
    assert mail.outbox == []


def test_three_days_before_each_unit_gets_one_email_and_a_second_run_sends_none(
    world: Any,
) -> None:
    three_days_before = at(DUE - datetime.timedelta(days=3))

    first = services.reminders_send(now=three_days_before)
    second = services.reminders_send(now=three_days_before)

    assert (first.reminders, first.emails) == (9, 3)
    assert (second.reminders, second.emails) == (0, 0)
    assert len(mail.outbox) == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "liaison0@example.cn",
        "liaison1@example.cn",
        "liaison2@example.cn",
    ]
    finance = next(m for m in mail.outbox if m.to == ["liaison0@example.cn"])
    assert "即将到期" in finance.subject
    assert "2025年第三季度调度" in finance.body
    assert "创新运营模式3" in finance.body
    assert Reminder.objects.filter(kind="before_due").count() == 9


def test_reported_slots_get_no_reminder(world: Any) -> None:
    for index in range(3):
        world.submit(NDRC, task_index=index)

    services.reminders_send(now=at(DUE))

    assert not Reminder.objects.filter(slot__unit__name=NDRC).exists()
    assert "liaison1@example.cn" not in {m.to[0] for m in mail.outbox}


def test_after_the_due_date_an_overdue_reminder_is_sent_once(world: Any) -> None:
    services.reminders_send(now=at(DUE - datetime.timedelta(days=2)))
    assert services.reminders_send(now=at(DUE, hour=23)).reminders == 0  # due date: not overdue
    mail.outbox.clear()

    services.reminders_send(now=at(DUE + datetime.timedelta(days=1)))
    services.reminders_send(now=at(DUE + datetime.timedelta(days=5)))

    assert len(mail.outbox) == 3
    assert all("逾期未报" in m.subject for m in mail.outbox)
    assert Reminder.objects.filter(kind="after_due").count() == 9
    assert Reminder.objects.count() == 18


def test_a_unit_whose_liaison_has_no_email_is_reminded_in_the_portal_only(
    world: Any, client: Client
) -> None:
    liaison = world.liaisons[MIIT]
    liaison.email = ""
    liaison.save(update_fields=["email"])

    run = services.reminders_send(now=at(DUE + datetime.timedelta(days=1)))

    assert run.emails == 2
    assert Reminder.objects.filter(slot__unit__name=MIIT, recipients="").count() == 3
    client.force_login(liaison)
    page = client.get(reverse("supervision:mine")).content.decode()
    assert "督办提醒" in page
    assert "逾期催报" in page


def test_the_management_command_sends_the_days_reminders(
    make_catalogue: Any, make_world: Any
) -> None:
    make_world(make_catalogue(tasks=3), due=timezone.localdate() - datetime.timedelta(days=1))
    out = StringIO()

    call_command("send_task_reminders", stdout=out)

    assert "记录提醒 9 条，发送邮件 3 封" in out.getvalue()
    assert len(mail.outbox) == 3


def test_with_the_portals_address_set_the_email_links_each_task_and_my_tasks(
    world: Any, settings: Any
) -> None:
    from django.urls import resolve

    settings.PORTAL_URL = "https://kfq.chuxiong.example"

    services.reminders_send(now=at(DUE - datetime.timedelta(days=3)))

    finance = next(m for m in mail.outbox if m.to == ["liaison0@example.cn"])
    lines = finance.body.splitlines()
    tasks = [line for line in lines if line.startswith("- ")]
    links = [line.strip() for line in lines if line.startswith("  https://")]
    assert len(tasks) == len(links) == 3  # a link under each of the unit's three tasks
    for task, link in zip(tasks, links, strict=True):
        match = resolve(link.removeprefix("https://kfq.chuxiong.example"))
        assert match.url_name == "task"
        assert TaskItem.objects.get(pk=match.kwargs["pk"]).title in task
    assert f"（https://kfq.chuxiong.example{reverse('supervision:mine')}）中报送" in finance.body


def test_without_the_portals_address_the_email_names_the_page_without_links(world: Any) -> None:
    services.reminders_send(now=at(DUE - datetime.timedelta(days=3)))

    assert mail.outbox
    assert all("http" not in m.body for m in mail.outbox)
    assert all("任务督办 › 我的任务" in m.body for m in mail.outbox)
