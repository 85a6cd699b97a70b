"""Identity rules (等保 8.1.4.1): password strength and history, session lifetimes."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from accounts.middleware import LAST_SEEN, STARTED

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Ab1-short", "password_too_short"),
        ("onlylowercaseand123", "password_too_simple"),
        ("Zhang-san-2025", "password_contains_username"),
    ],
)
def test_weak_passwords_are_refused(django_user_model: Any, password: str, code: str) -> None:
    user = django_user_model.objects.create_user(username="zhang-san")
    with pytest.raises(ValidationError) as info:
        validate_password(password, user)
    assert code in {e.code for e in info.value.error_list}


def test_a_strong_password_passes(django_user_model: Any) -> None:
    user = django_user_model.objects.create_user(username="zhang-san")
    validate_password("Chuxiong-Portal-2025", user)


def test_none_of_the_last_five_passwords_may_be_reused(django_user_model: Any) -> None:
    user = django_user_model.objects.create_user(username="wang")
    used = [f"Portal-pass-{n}x" for n in range(6)]
    for password in used:
        user.set_password(password)
        user.save()
    for recent in used[1:]:
        with pytest.raises(ValidationError, match="最近 5 次"):
            validate_password(recent, user)
    validate_password(used[0], user)  # the sixth-last is allowed again


def test_a_session_ends_after_30_idle_minutes(client: Client, django_user_model: Any) -> None:
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    user = django_user_model.objects.create_user(username="li")
    client.force_login(user)
    session = client.session
    session[LAST_SEEN] = time.time() - 29 * 60
    session.save()
    assert client.get("/dashboards/").status_code == 200  # still active, and renewed
    session = client.session
    assert time.time() - session[LAST_SEEN] < 5
    session[LAST_SEEN] = time.time() - 30 * 60 - 1
    session.save()
    response = client.get("/dashboards/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_session_ends_after_its_absolute_lifetime(client: Client, django_user_model: Any) -> None:
    user = django_user_model.objects.create_user(username="li")
    client.force_login(user)
    session = client.session
    session[STARTED] = time.time() - 12 * 60 * 60 - 1
    session.save()
    response = client.get("/dashboards/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert client.get("/dashboards/").status_code == 302  # the server-side session is gone


def test_logout_invalidates_the_session_on_the_server(
    client: Client, django_user_model: Any
) -> None:
    from django.contrib.sessions.models import Session

    user = django_user_model.objects.create_user(username="li")
    client.force_login(user)
    key = client.session.session_key
    client.post("/logout/")
    assert not Session.objects.filter(session_key=key).exists()


def test_a_password_change_is_audited_once(django_user_model: Any) -> None:
    from audit.models import AuditEvent

    user = django_user_model.objects.create_user(username="wang")
    user.set_password("Portal-pass-1x")
    user.save()
    assert list(AuditEvent.objects.filter(event="password_change").values_list("object")) == [
        ("wang",)
    ]


def test_accounts_unused_for_the_period_are_disabled(django_user_model: Any) -> None:
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    from audit.models import AuditEvent

    now = timezone.now()
    stale = django_user_model.objects.create_user(username="stale")
    stale.last_login = now - datetime.timedelta(days=100)
    stale.save()
    recent = django_user_model.objects.create_user(username="recent")
    recent.last_login = now - datetime.timedelta(days=10)
    recent.save()
    call_command("disable_inactive_accounts", "--days", "90", stdout=open("/dev/null", "w"))  # noqa: SIM115
    active = dict(django_user_model.objects.values_list("username", "is_active"))
    assert active == {"stale": False, "recent": True}
    assert list(AuditEvent.objects.filter(event="user_disable").values_list("object")) == [
        ("stale",)
    ]


def test_responses_carry_the_security_headers(client: Client) -> None:
    response = client.get("/login/")
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_locked_user_sees_when_the_lock_ends(client: Client, django_user_model: Any) -> None:
    import datetime

    from axes.models import AccessAttempt
    from django.utils import timezone

    django_user_model.objects.create_user(username="li", password="Right-pass-2025")
    for _ in range(5):
        client.post("/login/", {"username": "li", "password": "wrong"})
    response = client.post("/login/", {"username": "li", "password": "Right-pass-2025"})
    last = AccessAttempt.objects.get(username="li").attempt_time
    until = timezone.localtime(last + datetime.timedelta(minutes=15))
    assert response.status_code == 429
    assert f"锁定将于 {until:%Y-%m-%d %H:%M} 解除" in response.content.decode()
    from audit.models import AuditEvent

    locks = AuditEvent.objects.filter(event="account_locked")
    assert list(locks.values_list("username", "outcome")) == [("li", "failure")]
    client.post("/login/", {"username": "li", "password": "Right-pass-2025"})
    assert AuditEvent.objects.filter(event="login_blocked").count() == 2
    assert locks.count() == 1
