"""Behind nginx (deploy/nginx.conf) the audit log and the login lock see the client's
address, taken from X-Real-IP only when the request comes from a trusted proxy."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def failed_login_address(client: Client) -> str | None:
    client.post("/login/", {"username": "li", "password": "wrong"}, HTTP_X_REAL_IP="10.8.1.23")
    return AuditEvent.objects.filter(event="login_failed").last().address  # type: ignore[union-attr]


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_the_client_address_comes_from_the_trusted_proxy() -> None:
    assert failed_login_address(Client()) == "10.8.1.23"


def test_a_client_cannot_choose_its_address_without_a_trusted_proxy() -> None:
    assert failed_login_address(Client()) == "127.0.0.1"


@override_settings(TRUSTED_PROXIES=["10.0.0.9"])
def test_a_header_from_another_address_is_ignored() -> None:
    assert failed_login_address(Client()) == "127.0.0.1"
