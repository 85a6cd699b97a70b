"""Two factors (等保 8.1.4.1 d): reviewers and admins give a TOTP code or a one-time recovery
code on every path, the admin and the API included; others may enrol; a reset is audited."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.core import checks
from django.test import Client, override_settings
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import ADMIN, REVIEWER, SECURITY, STATISTICIAN, ensure_groups
from audit.models import AuditEvent
from tests.otp import totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "Second-factor-2025"


@pytest.fixture
def make_user(django_user_model: Any) -> Any:
    groups = ensure_groups()

    def make(username: str, role: Any = None, *, staff: bool = False) -> Any:
        user = django_user_model.objects.create_user(
            username=username, password=PASSWORD, is_staff=staff
        )
        if role is not None:
            user.groups.set([groups[role.group]])
        return user

    return make


def log_in(client: Client, username: str) -> None:
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "the password was refused"


def enrol(client: Client, user: Any) -> list[str]:
    """Enrol through the pages; returns the recovery codes shown once."""
    page = client.get("/account/2fa/enrol/").content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/account/2fa/enrol/", {"code": totp_code(device), "next": "/"})
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())


@pytest.mark.parametrize(
    ("role", "staff"), [(REVIEWER, False), (ADMIN, True), (SECURITY, True), (None, True)]
)
def test_reviewers_and_admins_must_enrol_before_any_page(
    client: Client, make_user: Any, role: Any, staff: bool
) -> None:
    make_user("strict", role, staff=staff)
    log_in(client, "strict")
    for path in ["/dashboards/", "/figures/submissions/", "/admin/", "/account/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/account/2fa/enrol/?next="), path
    api = client.get("/api/v1/zones/")
    assert api.status_code == 403
    assert "双因素" in api.json()["detail"]
    assert client.post("/figures/submissions/").status_code == 302


def test_enrolment_shows_the_secret_issues_recovery_codes_and_is_audited_once(
    client: Client, make_user: Any
) -> None:
    reviewer = make_user("reviewer", REVIEWER)
    log_in(client, "reviewer")
    page = client.get("/account/2fa/enrol/?next=/dashboards/").content.decode()
    assert "绑定身份验证器" in page
    assert re.search(r'data-testid="totp-secret">([A-Z2-7]{4} ?){8}<', page)
    assert "style=" not in page

    wrong = client.post("/account/2fa/enrol/", {"code": "000000"})
    assert "验证码不正确" in wrong.content.decode()
    time.sleep(1.1)  # django-otp throttles: one second after the first wrong code
    codes = enrol(client, reviewer)
    assert len(set(codes)) == 10
    assert client.get("/dashboards/").status_code == 200

    enrolments = AuditEvent.objects.filter(event="otp_enrol").order_by("pk")
    assert list(enrolments.values_list("username", "object", "outcome", "address")) == [
        ("reviewer", "reviewer", "failure", "127.0.0.1"),
        ("reviewer", "reviewer", "success", "127.0.0.1"),
    ]
    assert enrolments[1].user_id == reviewer.pk
    assert AuditEvent.objects.filter(event="otp_recovery_codes", object="reviewer").count() == 1


def test_an_enrolled_admin_verifies_at_each_login_before_the_admin_site(
    client: Client, make_user: Any
) -> None:
    admin_user = make_user("sysadmin", ADMIN, staff=True)
    log_in(client, "sysadmin")
    enrol(client, admin_user)
    client.post("/logout/")

    log_in(client, "sysadmin")
    response = client.get("/admin/")
    assert response["Location"] == "/account/2fa/verify/?next=%2Fadmin%2F"
    wrong = client.post("/account/2fa/verify/", {"code": "123456", "next": "/admin/"})
    assert "验证码不正确" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302
    time.sleep(1.1)  # django-otp throttles: one second after the first wrong code
    device = TOTPDevice.objects.get(user=admin_user)
    right = client.post("/account/2fa/verify/", {"code": totp_code(device), "next": "/admin/"})
    assert right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert list(
        AuditEvent.objects.filter(event="otp_verify").values_list("username", "outcome")
    ) == [("sysadmin", "failure"), ("sysadmin", "success")]


def test_the_admin_login_page_does_not_skip_the_second_factor(
    client: Client, make_user: Any
) -> None:
    make_user("staff", staff=True)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "staff", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith("/account/2fa/enrol/")


def test_recovery_codes_are_single_use(client: Client, make_user: Any) -> None:
    reviewer = make_user("reviewer", REVIEWER)
    log_in(client, "reviewer")
    first, second, *_ = enrol(client, reviewer)
    client.post("/logout/")

    log_in(client, "reviewer")
    assert client.post("/account/2fa/verify/", {"code": first})["Location"] == "/reporting/start/"
    client.post("/logout/")

    log_in(client, "reviewer")
    reused = client.post("/account/2fa/verify/", {"code": first})
    assert reused.status_code == 200
    assert "验证码不正确或已使用" in reused.content.decode()
    time.sleep(1.1)  # django-otp throttles: one second after the first wrong code
    assert client.post("/account/2fa/verify/", {"code": second}).status_code == 302
    assert StaticToken.objects.filter(device__user=reviewer).count() == 8
    used = AuditEvent.objects.filter(event="otp_verify", outcome="success").last()
    assert used is not None
    assert used.detail == {"recovery_code": True, "codes_left": 8}


def test_new_recovery_codes_replace_the_old_ones(client: Client, make_user: Any) -> None:
    reviewer = make_user("reviewer", REVIEWER)
    log_in(client, "reviewer")
    old = enrol(client, reviewer)
    page = client.post("/account/2fa/recovery-codes/").content.decode()
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(new) == 10
    assert not set(old) & set(StaticToken.objects.values_list("token", flat=True))


def test_the_second_factor_is_optional_for_a_statistician_until_they_enrol(
    client: Client, make_user: Any
) -> None:
    statistician = make_user("stat", STATISTICIAN)
    log_in(client, "stat")
    assert client.get("/dashboards/").status_code == 200
    assert "绑定身份验证器" in client.get("/account/").content.decode()
    enrol(client, statistician)
    client.post("/logout/")
    log_in(client, "stat")
    assert client.get("/dashboards/")["Location"].startswith("/account/2fa/verify/")


def test_a_security_admin_resets_a_device_audited_and_the_users_sessions_end(
    make_user: Any,
) -> None:
    reviewer = make_user("reviewer", REVIEWER)
    security = make_user("security", SECURITY, staff=True)
    reviewer_client, security_client = Client(), Client()
    log_in(reviewer_client, "reviewer")
    enrol(reviewer_client, reviewer)
    assert reviewer_client.get("/dashboards/").status_code == 200
    security_client.force_login(security)

    response = security_client.post(
        "/admin/auth/user/",
        {"action": "reset_second_factor", "_selected_action": [reviewer.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=reviewer).exists()
    assert not StaticToken.objects.filter(device__user=reviewer).exists()
    [reset] = AuditEvent.objects.filter(event="otp_reset")
    assert (reset.username, reset.object, reset.outcome) == ("security", "reviewer", "success")
    assert reset.detail == {"devices": 1, "sessions_ended": 1}
    assert reviewer_client.get("/dashboards/")["Location"].startswith("/login/")

    log_in(reviewer_client, "reviewer")
    assert reviewer_client.get("/dashboards/")["Location"].startswith("/account/2fa/enrol/")


def test_a_system_admin_cannot_reset_a_device(make_user: Any, client: Client) -> None:
    reviewer = make_user("reviewer", REVIEWER)
    TOTPDevice.objects.create(user=reviewer, name="app", confirmed=True)
    client.force_login(make_user("sysadmin", ADMIN, staff=True))
    client.post(
        "/admin/auth/user/", {"action": "reset_second_factor", "_selected_action": [reviewer.pk]}
    )
    assert TOTPDevice.objects.filter(user=reviewer).exists()
    assert not AuditEvent.objects.filter(event="otp_reset").exists()


def test_the_device_admin_pages_are_not_there(admin_client: Client) -> None:
    """The TOTP secrets are never shown in the admin, not even to a superuser."""
    assert admin_client.get("/admin/otp_totp/totpdevice/").status_code == 404


@override_settings(DEMO_ACCOUNTS_SKIP_2FA=True)
def test_demo_mode_exempts_only_demo_accounts(client: Client, make_user: Any) -> None:
    make_user("demo-reviewer", REVIEWER)
    make_user("reviewer", REVIEWER)
    log_in(client, "demo-reviewer")
    assert client.get("/dashboards/").status_code == 200
    client.post("/logout/")
    log_in(client, "reviewer")
    assert client.get("/dashboards/").status_code == 302


@override_settings(DEMO_ACCOUNTS_SKIP_2FA=True, DEBUG=False)
def test_the_demo_exemption_is_a_check_error_with_debug_off() -> None:
    errors = checks.run_checks(tags=[checks.Tags.security])
    assert "accounts.E001" in {e.id for e in errors}


def test_production_settings_refuse_the_demo_exemption() -> None:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "x" * 50,
        "DEMO_ACCOUNTS_SKIP_2FA": "1",
        "DJANGO_SETTINGS_MODULE": "chuxiong_zones.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DEMO_ACCOUNTS_SKIP_2FA is for the demo only" in result.stderr


def test_the_account_pages_run_a_fixed_number_of_queries(
    client: Client, make_user: Any, django_assert_num_queries: Any
) -> None:
    reviewer = make_user("reviewer", REVIEWER)
    client.force_login(reviewer)
    # session, user; the device, the policy, the user's groups
    with django_assert_num_queries(2 + 3):
        assert client.get("/account/").status_code == 200
    client.post("/logout/")
    log_in(client, "reviewer")
    # session, user; nothing else until the code is posted
    with django_assert_num_queries(2):
        assert client.get("/account/2fa/verify/").status_code == 200


@pytest.mark.parametrize("how", ["group", "reverse-group", "staff"])
def test_gaining_a_role_that_needs_the_second_factor_ends_the_open_session(
    client: Client, make_user: Any, how: str
) -> None:
    statistician = make_user("stat", STATISTICIAN)
    log_in(client, "stat")
    assert client.get("/dashboards/").status_code == 200
    if how == "group":
        statistician.groups.add(ensure_groups()[REVIEWER.group])
    elif how == "reverse-group":
        ensure_groups()[REVIEWER.group].user_set.add(statistician)
    else:
        statistician.is_staff = True
        statistician.save()
    assert client.get("/dashboards/")["Location"].startswith("/login/")
    log_in(client, "stat")
    assert client.get("/dashboards/")["Location"].startswith("/account/2fa/enrol/")


def test_an_enrolled_user_keeps_their_session_when_given_a_role(
    client: Client, make_user: Any
) -> None:
    statistician = make_user("stat", STATISTICIAN)
    log_in(client, "stat")
    enrol(client, statistician)
    statistician.groups.add(ensure_groups()[REVIEWER.group])
    assert client.get("/dashboards/").status_code == 200
