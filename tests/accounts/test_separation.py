"""三权分立 (等保 8.1.4.2): 系统管理员 (users, catalogue, unlocking), 安全管理员 (roles,
devices, locks) and 审计管理员 (the audit log) are three roles no one holds two of."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from accounts.roles import ADMIN, AUDITOR, REVIEWER, SECURITY, SEPARATED, ensure_groups
from audit.models import AuditEvent
from targets.models import Zone

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups() -> dict[str, Group]:
    return ensure_groups()


def staff(django_user_model: Any, groups: dict[str, Group], name: str, role: Any) -> Any:
    user = django_user_model.objects.create_user(username=name, is_staff=True)
    user.groups.set([groups[role.group]])
    return user


def test_setup_roles_creates_the_three_and_no_demo_user_holds_two(django_user_model: Any) -> None:
    Zone.objects.create(
        code="cxgx",
        name="楚雄国家高新区",
        short_name="楚雄高新区",
        level=Zone.Level.NATIONAL,
        locality="楚雄市",
        source="test",
    )
    call_command("setup_roles", "--demo-users", stdout=open("/dev/null", "w"))  # noqa: SIM115
    names = {role.group for role in SEPARATED}
    assert names == {"系统管理员", "安全管理员", "审计管理员"}
    assert names <= set(Group.objects.values_list("name", flat=True))
    held: dict[str, set[str]] = {}
    for user in django_user_model.objects.prefetch_related("groups"):
        held[user.username] = {g.name for g in user.groups.all()} & names
    assert all(len(roles) <= 1 for roles in held.values()), held
    assert held["demo-admin"] == {"系统管理员"}
    assert held["demo-security"] == {"安全管理员"}
    assert held["demo-auditor"] == {"审计管理员"}
    assert not django_user_model.objects.filter(is_superuser=True).exists()


def test_the_three_roles_share_no_permission(groups: dict[str, Group]) -> None:
    perms = {
        role.group: set(groups[role.group].permissions.values_list("codename", flat=True))
        for role in SEPARATED
    }
    assert not perms[ADMIN.group] & perms[SECURITY.group] - {"view_user", "change_user"}
    assert not perms[ADMIN.group] & perms[AUDITOR.group]
    assert not perms[SECURITY.group] & perms[AUDITOR.group]
    assert "manage_roles" not in perms[ADMIN.group]
    assert "unlock_submission" not in perms[SECURITY.group]


def test_the_old_admin_group_becomes_the_system_admin(django_user_model: Any) -> None:
    migration = importlib.import_module("accounts.migrations.0004_admin_role_is_system_admin")
    old = Group.objects.create(name="管理员")
    member = django_user_model.objects.create_user(username="old-admin")
    member.groups.add(old)
    migration.rename(apps, None)
    assert list(member.groups.values_list("name", flat=True)) == ["系统管理员"]


def test_a_security_admin_assigns_roles_but_not_two_of_the_three(
    client: Client, django_user_model: Any, groups: dict[str, Group]
) -> None:
    client.force_login(staff(django_user_model, groups, "security", SECURITY))
    target = django_user_model.objects.create_user(username="zhang", email="z@example.cn")
    url = f"/admin/auth/user/{target.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="groups"' in page
    assert 'name="email"' not in page  # identity is the 系统管理员's

    refused = client.post(
        url, {"groups": [groups[ADMIN.group].pk, groups[AUDITOR.group].pk], "is_staff": "on"}
    )
    assert refused.status_code == 200
    assert "三权分立" in refused.content.decode()
    assert not target.groups.exists()

    accepted = client.post(url, {"groups": [groups[REVIEWER.group].pk], "is_active": "on"})
    assert accepted.status_code == 302
    assert list(target.groups.values_list("name", flat=True)) == [REVIEWER.group]
    target.refresh_from_db()
    assert target.email == "z@example.cn"
    assert AuditEvent.objects.filter(event="role_change", object__contains="zhang").count() == 1


def test_a_system_admin_edits_users_but_not_their_roles(
    client: Client, django_user_model: Any, groups: dict[str, Group]
) -> None:
    client.force_login(staff(django_user_model, groups, "sysadmin", ADMIN))
    target = django_user_model.objects.create_user(username="zhang")
    url = f"/admin/auth/user/{target.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="email"' in page
    assert 'name="groups"' not in page
    assert 'name="is_superuser"' not in page
    response = client.post(
        url,
        {
            "username": "zhang",
            "email": "new@example.cn",
            "is_active": "on",
            "groups": [groups[ADMIN.group].pk],
            "is_superuser": "on",
            "is_staff": "on",
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.email == "new@example.cn"
    assert not target.groups.exists()
    assert not target.is_superuser
    assert not target.is_staff


def test_the_auditor_cannot_change_users_or_roles(
    client: Client, django_user_model: Any, groups: dict[str, Group]
) -> None:
    client.force_login(staff(django_user_model, groups, "auditor", AUDITOR))
    target = django_user_model.objects.create_user(username="zhang")
    assert client.get(f"/admin/auth/user/{target.pk}/change/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403
    assert client.get("/admin/axes/accessattempt/").status_code == 403


def test_the_security_admin_removes_a_login_lock(
    client: Client, django_user_model: Any, groups: dict[str, Group]
) -> None:
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.create(
        username="li", ip_address="10.0.0.1", user_agent="x", failures_since_start=5
    )
    client.force_login(staff(django_user_model, groups, "sysadmin", ADMIN))
    assert client.get("/admin/axes/accessattempt/").status_code == 403
    client.force_login(staff(django_user_model, groups, "security", SECURITY))
    response = client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert AuditEvent.objects.filter(event="admin_delete", username="security").count() == 1


def test_the_system_admin_binds_a_user_to_a_zone_in_the_accounts_admin(
    client: Client, django_user_model: Any, groups: dict[str, Group]
) -> None:
    """Where a user belongs is kept by the accounts app (`accounts.Profile`): the 系统管理员
    sets it there; the 审计管理员 cannot."""
    zone = Zone.objects.create(
        code="lufeng",
        name="禄丰产业园区",
        short_name="禄丰",
        level=Zone.Level.PROVINCIAL,
        locality="禄丰市",
        source="test",
    )
    newcomer = django_user_model.objects.create_user(username="new-stat")
    client.force_login(staff(django_user_model, groups, "auditor", AUDITOR))
    assert client.get("/admin/accounts/profile/add/").status_code == 403

    client.force_login(staff(django_user_model, groups, "sysadmin", ADMIN))
    response = client.post(
        "/admin/accounts/profile/add/", {"user": newcomer.pk, "zone": zone.pk, "unit": ""}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    newcomer.refresh_from_db()
    assert newcomer.profile.zone == zone
    listing = client.get("/admin/accounts/profile/").content.decode()
    assert "new-stat: 禄丰产业园区" in listing
