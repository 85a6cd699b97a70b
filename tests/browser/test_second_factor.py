"""A 系统管理员 enrols an authenticator at first login, keeps the recovery codes, and reaches
the admin; at the next login the verify page asks for a code. All of it under the CSP (the
harness fails the test on any violation)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from accounts.roles import ADMIN, ensure_groups
from tests.otp import totp_code

from .conftest import click, code_from_secret, log_out

pytestmark = pytest.mark.browser


def test_an_admin_enrols_at_first_login_then_verifies_and_reaches_the_admin(
    browser_page: Page,
    live_server: Any,
    django_user_model: Any,
    password: str,
) -> None:
    admin_user = django_user_model.objects.create_user(
        username="sysadmin", password=password, is_staff=True, first_name="系统管理员"
    )
    admin_user.groups.set([ensure_groups()[ADMIN.group]])
    page = browser_page

    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("用户名").fill("sysadmin")
    page.get_by_label("密码").fill(password)
    click(page, "登录")
    expect(page.get_by_role("heading", name="绑定身份验证器")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("要求双因素验证")
    expect(page.locator(".qr svg")).to_be_visible()
    page.goto(f"{live_server.url}/dashboards/")
    expect(page.get_by_role("heading", name="绑定身份验证器")).to_be_visible()  # nowhere else

    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    page.get_by_label("验证码").fill(code_from_secret(secret))
    click(page, "完成绑定")
    codes = page.get_by_role("list", name="恢复码").get_by_role("listitem")
    expect(codes).to_have_count(10)
    with page.expect_navigation():
        page.get_by_role("link", name="我已保存，继续").click()
    expect(page).to_have_url(re.compile(r"/dashboards/$"))

    page.goto(f"{live_server.url}/admin/auth/user/")
    expect(page.get_by_role("link", name="sysadmin")).to_be_visible()
    page.goto(f"{live_server.url}/account/")
    expect(page.get_by_text("已绑定身份验证器")).to_be_visible()
    log_out(page)

    page.goto(f"{live_server.url}/login/?next=/admin/")
    page.get_by_label("用户名").fill("sysadmin")
    page.get_by_label("密码").fill(password)
    click(page, "登录")
    expect(page.get_by_role("heading", name="双因素验证")).to_be_visible()
    page.get_by_label("验证码").fill(totp_code(TOTPDevice.objects.get(user=admin_user)))
    click(page, "验证")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("link", name="用户", exact=True)).to_be_visible()


def test_a_reviewer_logs_in_with_the_shared_helper_and_its_second_factor(
    browser_page: Page,
    log_in: Callable[[str, str], None],
    django_user_model: Any,
    password: str,
) -> None:
    """The harness's log_in enrols at the first login and verifies at the next."""
    from accounts.roles import REVIEWER

    from .conftest import portal_user

    portal_user(django_user_model, "reviewer", password, ensure_groups()[REVIEWER.group])
    log_in("reviewer", password)
    expect(browser_page.get_by_role("button", name="退出登录")).to_be_visible()
    log_out(browser_page)
    log_in("reviewer", password)
    expect(browser_page.get_by_role("heading", name="双因素验证")).not_to_be_visible()
    assert TOTPDevice.objects.filter(user__username="reviewer", confirmed=True).count() == 1
