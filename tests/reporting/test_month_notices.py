"""A statistician hears of a return (with the reason) and of an approval, in the portal and
by e-mail; the other zones' statisticians hear nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import resolve

from indicators import services
from notifications.models import Notification

from .conftest import World, at

pytestmark = pytest.mark.django_db


def test_a_return_tells_the_zones_statistician_the_reason(world: World) -> None:
    submission = world.submit("lufeng", 2026, 11, when=at(datetime.date(2026, 12, 2)))

    services.submission_return(
        user=world.users["reviewer"], submission=submission, reason="工业总产值疑似按万元填写"
    )

    note = Notification.objects.get()
    assert note.recipient == world.users["lufeng"]
    assert note.title == "禄丰产业园区2026年11月数据被退回"
    assert "退回原因：工业总产值疑似按万元填写" in note.body
    assert resolve(note.url).kwargs == {"zone_code": "lufeng", "year": 2026, "month": 11}
    assert [m.to for m in mail.outbox] == [[world.users["lufeng"].email]]
    assert "工业总产值疑似按万元填写" in mail.outbox[0].body


def test_an_approval_is_told_and_a_second_return_after_resubmitting_too(world: World) -> None:
    reviewer = world.users["reviewer"]
    submission = world.submit("cxgx", 2026, 11, when=at(datetime.date(2026, 12, 2)))
    services.submission_return(user=reviewer, submission=submission, reason="第一次")
    submission = world.submit("cxgx", 2026, 11, when=at(datetime.date(2026, 12, 3)))
    services.submission_return(user=reviewer, submission=submission, reason="第二次")
    submission = world.submit("cxgx", 2026, 11, when=at(datetime.date(2026, 12, 4)))

    services.submission_approve(user=reviewer, submission=submission)

    titles = list(
        Notification.objects.filter(recipient=world.users["cxgx"])
        .order_by("pk")
        .values_list("title", flat=True)
    )
    assert titles == [
        "楚雄国家高新区2026年11月数据被退回",
        "楚雄国家高新区2026年11月数据被退回",
        "楚雄国家高新区2026年11月数据已审核通过",
    ]
    assert not Notification.objects.exclude(recipient=world.users["cxgx"]).exists()
