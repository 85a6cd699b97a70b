"""Password expiry and the forced change (等保 8.1.4.1): after the period an admin sets
(default 90 days), and after an admin set the password, the user changes it before anything
else; both are audited."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import PasswordHistory, SecurityPolicy
from accounts.roles import ADMIN, SECURITY, STATISTICIAN, ensure_groups
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "Expiry-test-2025"
NEW_PASSWORD = "Renewed-pass-2026"


@pytest.fixture
def groups() -> Any:
    return ensure_groups()


@pytest.fixture
def statistician(django_user_model: Any, groups: Any) -> Any:
    user = django_user_model.objects.create_user(username="stat", password=PASSWORD)
    user.groups.set([groups[STATISTICIAN.group]])
    return user


def age_password(user: Any, days: int) -> None:
    """Set the password `days` ago (`create_user` keeps no history: the account's creation
    date stands for it then)."""
    then = timezone.now() - datetime.timedelta(days=days)
    user.set_password(PASSWORD)
    user.save()
    PasswordHistory.objects.filter(user=user).update(created=then)
    type(user).objects.filter(pk=user.pk).update(date_joined=then)


def log_in(client: Client, username: str, password: str = PASSWORD) -> None:
    assert client.post("/login/", {"username": username, "password": password}).status_code == 302


def change_password(client: Client, old: str, new: str, next_url: str = "") -> Any:
    return client.post(
        "/account/password/",
        {"old_password": old, "new_password1": new, "new_password2": new, "next": next_url},
    )


def test_a_password_older_than_90_days_must_be_changed_before_anything_else(
    client: Client, statistician: Any
) -> None:
    assert SecurityPolicy.current().password_max_age_days == 90
    age_password(statistician, 91)
    log_in(client, "stat")
    response = client.get("/dashboards/")
    assert response["Location"] == "/account/password/?next=%2Fdashboards%2F"
    assert client.get("/figures/submissions/").status_code == 302
    page = client.get("/account/password/?next=/dashboards/").content.decode()
    assert "您的密码已超过有效期" in page

    refused = change_password(client, PASSWORD, PASSWORD, "/dashboards/")
    assert refused.status_code == 200  # the same password again is one of the last five
    assert client.get("/dashboards/").status_code == 302
    assert change_password(client, PASSWORD, NEW_PASSWORD, "/dashboards/")["Location"] == (
        "/dashboards/"
    )
    assert client.get("/dashboards/").status_code == 200

    [required] = AuditEvent.objects.filter(event="password_change_required")
    assert (required.username, required.object, required.outcome, required.address) == (
        "stat",
        "stat",
        "success",
        "127.0.0.1",
    )
    assert required.detail == {"reason": "expired"}
    client.post("/logout/")
    log_in(client, "stat", NEW_PASSWORD)
    assert client.get("/dashboards/").status_code == 200


def test_a_password_younger_than_the_period_goes_straight_in(
    client: Client, statistician: Any
) -> None:
    age_password(statistician, 89)
    log_in(client, "stat")
    assert client.get("/dashboards/").status_code == 200
    assert not AuditEvent.objects.filter(event="password_change_required").exists()


def test_the_security_admin_sets_the_period_and_the_system_admin_cannot(
    client: Client, statistician: Any, django_user_model: Any, groups: Any
) -> None:
    security = django_user_model.objects.create_user(username="sec", is_staff=True)
    security.groups.set([groups[SECURITY.group]])
    sysadmin = django_user_model.objects.create_user(username="sys", is_staff=True)
    sysadmin.groups.set([groups[ADMIN.group]])
    policy = SecurityPolicy.current()
    url = f"/admin/accounts/securitypolicy/{policy.pk}/change/"

    client.force_login(sysadmin)
    assert client.post(url, {"password_max_age_days": 7}).status_code == 403
    client.force_login(security)
    assert client.post(url, {"password_max_age_days": 30}).status_code == 302
    assert SecurityPolicy.current().password_max_age_days == 30
    assert AuditEvent.objects.filter(event="admin_change", username="sec").count() == 1

    age_password(statistician, 31)
    other = Client()
    log_in(other, "stat")
    assert other.get("/dashboards/")["Location"].startswith("/account/password/")


def test_a_password_an_admin_set_is_changed_at_first_login(
    client: Client, django_user_model: Any, groups: Any
) -> None:
    sysadmin = django_user_model.objects.create_user(username="sys", is_staff=True)
    sysadmin.groups.set([groups[ADMIN.group]])
    client.force_login(sysadmin)
    created = client.post(
        "/admin/auth/user/add/",
        {
            "username": "newcomer",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert created.status_code == 302
    newcomer = django_user_model.objects.get(username="newcomer")
    event = AuditEvent.objects.get(event="password_change", object="newcomer")
    assert event.detail == {"set_by_admin": True}

    user_client = Client()
    log_in(user_client, "newcomer")
    response = user_client.get("/dashboards/")
    assert response["Location"].startswith("/account/password/")
    page = user_client.get("/account/password/").content.decode()
    assert "您的密码由管理员设置" in page
    change_password(user_client, PASSWORD, NEW_PASSWORD)
    assert user_client.get("/dashboards/").status_code == 200
    assert not PasswordHistory.objects.filter(user=newcomer).first().set_by_admin  # type: ignore[union-attr]

    # An admin reset later: changed again at the next login.
    reset = client.post(
        f"/admin/auth/user/{newcomer.pk}/password/",
        {"password1": "Admin-reset-2027", "password2": "Admin-reset-2027"},
    )
    assert reset.status_code == 302
    again = Client()
    log_in(again, "newcomer", "Admin-reset-2027")
    assert again.get("/dashboards/")["Location"].startswith("/account/password/")
    assert list(
        AuditEvent.objects.filter(event="password_change_required").values_list(
            "username", "detail"
        )
    ) == [("newcomer", {"reason": "admin_set"}), ("newcomer", {"reason": "admin_set"})]


def test_a_security_admin_cannot_set_a_users_password(
    client: Client, statistician: Any, django_user_model: Any, groups: Any
) -> None:
    security = django_user_model.objects.create_user(username="sec", is_staff=True)
    security.groups.set([groups[SECURITY.group]])
    client.force_login(security)
    response = client.post(
        f"/admin/auth/user/{statistician.pk}/password/",
        {"password1": "Admin-reset-2027", "password2": "Admin-reset-2027"},
    )
    assert response.status_code == 403
