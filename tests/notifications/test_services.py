"""notify(): a message on 我的消息 and an e-mail, at most once per recipient and key."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from notifications.models import Notification
from notifications.services import notifications_mark_read, notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def someone(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user(username="stat", email="stat@example.cn")


def test_a_message_is_kept_and_mailed(someone: Any) -> None:
    note = notify(recipient=someone, kind="test", title="标题", body="正文", url="/figures/")

    assert note is not None
    assert Notification.objects.get().title == "标题"
    assert [m.subject for m in mail.outbox] == ["【监测平台】标题"]
    assert mail.outbox[0].to == ["stat@example.cn"]
    assert "正文" in mail.outbox[0].body


def test_the_same_key_is_never_sent_twice(someone: Any) -> None:
    first = notify(recipient=someone, kind="k", title="一", dedupe_key="zone:2026-11")
    second = notify(recipient=someone, kind="k", title="一", dedupe_key="zone:2026-11")

    assert first is not None
    assert second is None
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_without_an_address_only_the_portal_gets_it(django_user_model: Any) -> None:
    nobody = django_user_model.objects.create_user(username="noaddress")

    notify(recipient=nobody, kind="k", title="站内")

    assert Notification.objects.filter(recipient=nobody).count() == 1
    assert mail.outbox == []


def test_a_failing_mail_server_does_not_undo_the_message(someone: Any, monkeypatch: Any) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("notifications.services.send_mail", refuse)

    assert notify(recipient=someone, kind="k", title="仍然记录") is not None
    assert Notification.objects.count() == 1


def test_marking_read_touches_only_the_recipients_unread_messages(
    someone: Any, django_user_model: Any
) -> None:
    other = django_user_model.objects.create_user(username="other")
    mine = [notify(recipient=someone, kind="k", title=str(i), email=False) for i in range(3)]
    notify(recipient=other, kind="k", title="别人的", email=False)

    assert notifications_mark_read(recipient=someone, ids=[mine[0].pk]) == 1  # type: ignore[union-attr]
    assert notifications_mark_read(recipient=someone) == 2
    assert Notification.objects.filter(read_at__isnull=True).count() == 1
