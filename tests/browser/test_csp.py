"""Pages outside the portal's own templates work under the strict CSP too: the API
documentation (Swagger UI) and the admin's login page. The harness fails a test on any CSP
violation the browser reports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import LEADER, ensure_groups

from .conftest import portal_user

pytestmark = pytest.mark.browser


def test_the_api_documentation_renders_under_the_policy(
    browser_page: Page,
    log_in: Callable[[str, str], None],
    django_user_model: Any,
    live_server: Any,
    password: str,
) -> None:
    portal_user(django_user_model, "leader", password, ensure_groups()[LEADER.group])
    log_in("leader", password)
    response = browser_page.goto(f"{live_server.url}/api/v1/docs/")
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(browser_page.get_by_text("/api/v1/zones/", exact=True)).to_be_visible()


def test_the_admin_login_page_renders_under_the_policy(
    browser_page: Page, live_server: Any
) -> None:
    browser_page.goto(f"{live_server.url}/admin/login/")
    expect(browser_page.get_by_role("button", name="登录")).to_be_visible()
