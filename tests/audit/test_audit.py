"""The security audit log: chained, append-only, kept 180 days, read-only in the admin."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.roles import AUDITOR, ensure_groups
from audit.models import AuditEvent
from audit.selectors import audit_chain_breaks
from audit.services import record

pytestmark = pytest.mark.django_db


def test_each_event_links_to_the_hash_of_the_one_before() -> None:
    first = record(event="export", object="调度表 2025-12", detail={"zones": ["cxgx"]})
    second = record(event="unlock", object="cxgx 2025-11", success=False)
    assert second.previous_hash == first.hash
    assert second.outcome == AuditEvent.Outcome.FAILURE
    assert audit_chain_breaks() == []


def test_the_chain_check_finds_a_row_edited_in_sql() -> None:
    record(event="login", username="a")
    edited = record(event="export", username="b", object="调度表")
    record(event="logout", username="a")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET username = 'c' WHERE id = %s", [edited.pk]
        )
    assert [b.pk for b in audit_chain_breaks()] == [edited.pk]
    with pytest.raises(CommandError, match="1 处不符"):
        call_command("verify_audit_log")


def test_the_chain_check_finds_a_row_deleted_in_sql() -> None:
    record(event="login", username="a")
    gone = record(event="export", username="b")
    after = record(event="logout", username="a")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [gone.pk])
    assert [b.pk for b in audit_chain_breaks()] == [after.pk]


def test_a_row_cannot_be_changed_or_deleted_through_the_orm() -> None:
    event = record(event="login", username="a")
    event.username = "b"
    with pytest.raises(ValueError, match="只能追加"):
        event.save()
    with pytest.raises(ValueError, match="不能删除"):
        event.delete()


def test_prune_refuses_entries_younger_than_180_days() -> None:
    record(event="login", username="a")
    too_recent = (timezone.now() - datetime.timedelta(days=179)).date().isoformat()
    with pytest.raises(CommandError, match="至少保留 180 天"):
        call_command("prune_audit_log", "--before", too_recent)
    assert AuditEvent.objects.count() == 1


def test_prune_removes_old_entries_and_the_rest_still_verifies() -> None:
    old = record(event="login", username="a")
    AuditEvent.objects.filter(pk=old.pk).update(time=timezone.now() - datetime.timedelta(days=400))
    kept = record(event="logout", username="a")
    cutoff = (timezone.now() - datetime.timedelta(days=200)).date().isoformat()
    call_command("prune_audit_log", "--before", cutoff, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [kept.pk]
    assert audit_chain_breaks() == []


def test_login_logout_and_failure_are_each_written_once(
    client: Client, django_user_model: Any
) -> None:
    user = django_user_model.objects.create_user(username="stat", password="Long-pass-2025x")
    client.post("/login/", {"username": "stat", "password": "wrong"})
    client.post("/login/", {"username": "stat", "password": "Long-pass-2025x"})
    client.post("/logout/")
    events = list(
        AuditEvent.objects.exclude(event="user_create").values_list(
            "event", "username", "outcome", "user_id"
        )
    )
    assert events == [
        ("login_failed", "stat", "failure", None),
        ("login", "stat", "success", user.pk),
        ("logout", "stat", "success", user.pk),
    ]
    assert AuditEvent.objects.filter(address="127.0.0.1").count() == 3


def test_even_a_superuser_cannot_change_or_delete_in_the_admin(
    client: Client, django_user_model: Any
) -> None:
    admin = django_user_model.objects.create_superuser(username="root", password="x")
    event = record(event="login", username="a")
    client.force_login(admin)
    url = f"/admin/audit/auditevent/{event.pk}/"
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert client.post(f"{url}delete/", {"post": "yes"}).status_code == 403
    client.post(f"{url}change/", {"username": "b"})
    assert AuditEvent.objects.get(pk=event.pk).username == "a"


def test_the_auditor_reads_and_exports_the_log(client: Client, django_user_model: Any) -> None:
    groups = ensure_groups()
    auditor = django_user_model.objects.create_user(username="aud", password="x", is_staff=True)
    auditor.groups.set([groups[AUDITOR.group]])
    event = record(event="export", username="leader", object="调度表 2025-12")
    client.force_login(auditor)
    assert client.get("/admin/audit/auditevent/?event=export").status_code == 200
    response = client.post(
        "/admin/audit/auditevent/",
        {"action": "export_csv", "_selected_action": [event.pk]},
    )
    assert "调度表 2025-12" in response.content.decode("utf-8-sig")
    assert client.get("/admin/targets/zone/").status_code == 403


def test_user_creation_disabling_and_role_change_are_audited(django_user_model: Any) -> None:
    groups = ensure_groups()
    AuditEvent.objects.all().delete()  # ensure_groups' own permission changes are audited too
    user = django_user_model.objects.create_user(username="new", password="x")
    user.groups.add(groups[AUDITOR.group])
    user.is_active = False
    user.save()
    user.save()  # saving an already disabled user is no new event
    events = list(AuditEvent.objects.values_list("event", "object"))
    assert events[0] == ("user_create", "new")
    assert events[1][0] == "role_change"
    assert "new" in events[1][1]
    assert events[2:] == [("user_disable", "new")]


def test_an_admin_change_is_audited(client: Client, django_user_model: Any) -> None:
    admin = django_user_model.objects.create_superuser(username="root", password="x")
    client.force_login(admin)
    AuditEvent.objects.all().delete()
    client.post("/admin/auth/group/add/", {"name": "测试组", "permissions": []}, follow=True)
    assert list(AuditEvent.objects.values_list("event", "username", "object")) == [
        ("admin_add", "root", "认证和授权 | 组: 测试组")
    ]
