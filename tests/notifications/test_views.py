"""我的消息: the list, the unread count in every page's top bar, marking read."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user(username="reader", email="r@example.cn")


def test_the_top_bar_shows_the_unread_count_without_a_query_of_its_own(
    client: Client, reader: Any, django_assert_num_queries: Any
) -> None:
    for i in range(3):
        notify(recipient=reader, kind="k", title=f"消息{i}", email=False)
    client.force_login(reader)

    with django_assert_num_queries(2 + 1):  # session, user (with the count), indicators
        page = client.get(reverse("indicators:indicator-list")).content.decode()

    assert 'aria-label="未读 3 条"' in page


def test_the_list_shows_messages_and_following_one_marks_it_read(
    client: Client, reader: Any
) -> None:
    note = notify(
        recipient=reader, kind="k", title="退回通知", body="退回原因：单位有误", url="/figures/"
    )
    notify(recipient=reader, kind="k", title="另一条", email=False)
    client.force_login(reader)

    page = client.get(reverse("notifications:list")).content.decode()
    assert "退回原因：单位有误" in page
    assert "未读 2 条" in page

    response = client.post(
        reverse("notifications:mark-read"),
        {"id": note.pk, "next": "/figures/"},  # type: ignore[union-attr]
    )

    assert response["Location"] == "/figures/"
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_marking_read_never_redirects_off_the_portal(client: Client, reader: Any) -> None:
    client.force_login(reader)

    response = client.post(reverse("notifications:mark-read"), {"next": "https://evil.example/"})

    assert response["Location"] == reverse("notifications:list")


def test_a_user_sees_only_their_own_messages(
    client: Client, reader: Any, django_user_model: Any
) -> None:
    other = django_user_model.objects.create_user(username="other")
    notify(recipient=other, kind="k", title="别人的消息", email=False)
    client.force_login(reader)

    assert "别人的消息" not in client.get(reverse("notifications:list")).content.decode()
