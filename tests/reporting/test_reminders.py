"""Figure reminders (send_figure_reminders) at frozen moments: before the deadline to the
statisticians, the day after it to them and the reviewers, to the reviewers for a submission
waiting too long; each once per zone, month and kind; never for an approved month or a zone
not expected to report."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import resolve

from notifications.models import Notification
from reporting import services
from reporting.models import DeadlineException, FigureReminder, ZoneReporting

from .conftest import World, at

pytestmark = pytest.mark.django_db
D = datetime.date
DUE = D(2026, 12, 5)  # November 2026's deadline


def send(day: datetime.date, hour: int = 8) -> services.ReminderRun:
    return services.figure_reminders_send(now=at(day, hour))


def kinds() -> set[tuple[str, int, int, str]]:
    return {(r.zone.code, r.year, r.month, r.kind) for r in FigureReminder.objects.all()}


def inbox(user: Any) -> list[str]:
    return [str(m.subject) for m in mail.outbox if m.to == [user.email]]


def test_nothing_goes_four_days_before_the_deadline(world: World) -> None:
    run = send(DUE - datetime.timedelta(days=4))

    assert (run.reminders, run.notifications) == (0, 0)
    assert mail.outbox == []


def test_three_days_before_the_statisticians_of_unsubmitted_zones_are_reminded_once(
    world: World,
) -> None:
    world.submit("cxgx", 2026, 11, when=at(D(2026, 12, 1)))

    first = send(DUE - datetime.timedelta(days=3))
    second = send(DUE - datetime.timedelta(days=2))

    assert (first.reminders, first.notifications) == (2, 2)
    assert (second.reminders, second.notifications) == (0, 0)
    assert kinds() == {("lufeng", 2026, 11, "before_due"), ("wuding", 2026, 11, "before_due")}
    assert inbox(world.users["lufeng"]) == [
        "【监测平台】【报送提醒】禄丰产业园区2026年11月数据即将截止，请按时提交"
    ]
    assert inbox(world.users["cxgx"]) == []  # submitted
    assert inbox(world.users["reviewer"]) == []  # not before the deadline
    note = Notification.objects.get(recipient=world.users["lufeng"])
    assert resolve(note.url).kwargs == {"zone_code": "lufeng", "year": 2026, "month": 11}


def test_the_day_after_the_deadline_the_overdue_reminder_escalates_to_the_reviewers(
    world: World,
) -> None:
    world.submit("cxgx", 2026, 11, when=at(D(2026, 12, 4)))  # not yet waiting long
    world.submit("wuding", 2026, 11, when=at(D(2026, 12, 1)), status="approved")
    assert send(DUE, hour=23).reminders == 1  # the due date: lufeng reminded, not yet overdue
    mail.outbox.clear()

    send(DUE + datetime.timedelta(days=1))
    send(DUE + datetime.timedelta(days=2))

    assert ("lufeng", 2026, 11, "overdue") in kinds()
    assert len([k for k in kinds() if k[3] == "overdue"]) == 1
    assert inbox(world.users["lufeng"]) == [
        "【监测平台】【逾期催报】禄丰产业园区2026年11月数据逾期未报"
    ]
    assert inbox(world.users["reviewer"]) == [
        "【监测平台】【逾期催报】禄丰产业园区2026年11月数据逾期未报"
    ]
    escalated = Notification.objects.get(recipient=world.users["reviewer"])
    assert "督促" in escalated.body


def test_a_submission_waiting_more_than_n_days_reminds_the_reviewers_once(world: World) -> None:
    world.submit("cxgx", 2026, 11, when=at(D(2026, 12, 2)))
    for code in ("lufeng", "wuding"):
        world.submit(code, 2026, 11, when=at(D(2026, 12, 2)), status="approved")

    assert send(D(2026, 12, 7)).reminders == 0  # waiting 5 days: not more than 5
    run = send(D(2026, 12, 8))
    again = send(D(2026, 12, 12))

    assert (run.reminders, again.reminders) == (1, 0)
    assert kinds() == {("cxgx", 2026, 11, "review_waiting")}
    assert inbox(world.users["reviewer"]) == [
        "【监测平台】【待审核】楚雄国家高新区2026年11月数据等待审核"
    ]
    assert inbox(world.users["cxgx"]) == []


def test_no_reminder_for_an_approved_month(world: World) -> None:
    for code in ("cxgx", "lufeng", "wuding"):
        world.submit(code, 2026, 11, when=at(D(2026, 12, 1)), status="approved")

    for day in range(1, 15):
        send(D(2026, 12, day))

    assert FigureReminder.objects.count() == 0
    assert Notification.objects.count() == 0


def test_no_reminder_for_a_benchmark_zone_or_one_switched_off(world: World) -> None:
    ZoneReporting.objects.create(zone=world.zones["lufeng"], reminders_enabled=False)
    world.submit("wuding", 2026, 11, when=at(D(2026, 12, 1)), status="approved")

    send(DUE - datetime.timedelta(days=1))
    send(DUE + datetime.timedelta(days=1))

    assert {k[0] for k in kinds()} == {"cxgx"}
    assert inbox(world.users["lufeng"]) == []


def test_the_reminders_follow_a_deadline_moved_by_an_exception(world: World) -> None:
    DeadlineException.objects.create(year=2026, month=11, due_date=D(2026, 12, 15), reason="调休")
    for code in ("lufeng", "wuding"):
        world.submit(code, 2026, 11, when=at(D(2026, 12, 1)), status="approved")

    send(DUE + datetime.timedelta(days=1))  # the usual deadline has passed: nothing
    assert kinds() == set()
    send(D(2026, 12, 12))
    send(D(2026, 12, 16))

    assert kinds() == {("cxgx", 2026, 11, "before_due"), ("cxgx", 2026, 11, "overdue")}


def test_a_missed_cron_run_catches_up_for_a_week_and_no_further(world: World) -> None:
    for code in ("lufeng", "wuding"):
        world.submit(code, 2026, 11, when=at(D(2026, 12, 1)), status="approved")

    send(DUE + datetime.timedelta(days=8))
    assert kinds() == set()
    send(DUE + datetime.timedelta(days=7))
    assert kinds() == {("cxgx", 2026, 11, "overdue")}


def test_with_the_portals_address_the_email_links_the_month(world: World, settings: Any) -> None:
    settings.PORTAL_URL = "https://kfq.chuxiong.example"

    send(DUE - datetime.timedelta(days=1))

    body = next(m.body for m in mail.outbox if m.to == [world.users["lufeng"].email])
    link = next(line for line in body.splitlines() if line.startswith("https://"))
    match = resolve(link.removeprefix("https://kfq.chuxiong.example"))
    assert match.view_name == "indicators:month"
    assert match.kwargs == {"zone_code": "lufeng", "year": 2026, "month": 11}


def test_without_the_portals_address_the_email_has_no_link(world: World) -> None:
    send(DUE - datetime.timedelta(days=1))

    assert mail.outbox
    assert all("http" not in m.body for m in mail.outbox)
    assert all("我的消息" in m.body for m in mail.outbox)


def test_the_management_command_sends_the_days_reminders(world: World, frozen: Any) -> None:
    frozen.move_to(at(DUE + datetime.timedelta(days=1)))
    out = StringIO()

    call_command("send_figure_reminders", stdout=out)
    call_command("send_figure_reminders", stdout=out)

    # three zones overdue, each to its statistician and the reviewer; the second run: none
    assert out.getvalue().splitlines() == [
        "记录提醒 3 条，发送通知 6 条。",
        "记录提醒 0 条，发送通知 0 条。",
    ]
    assert len(mail.outbox) == 6
