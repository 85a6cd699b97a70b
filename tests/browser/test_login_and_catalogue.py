"""A user logs in through the real page and follows the catalogue to a task."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_user_logs_in_and_reads_a_task_from_the_catalogue(
    browser_page: Page,
    log_in: Callable[[str, str], None],
    make_catalogue: Callable[..., Any],
    user: Any,
    password: str,
) -> None:
    make_catalogue(tasks=3)
    page = browser_page

    log_in(user.username, password)
    expect(page.get_by_role("heading", name="总览")).to_be_visible()
    expect(page.get_by_role("button", name="退出登录")).to_be_visible()

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="目录").click()
    expect(page.get_by_role("heading", name=re.compile("楚办发〔2023〕5号"))).to_be_visible()
    page.get_by_role("link", name="创新运营模式2").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("2. 创新运营模式2")
    units = page.get_by_role("table").filter(has_text="责任单位")
    expect(units.get_by_role("row").nth(1)).to_contain_text("州财政局")
    expect(units.get_by_role("row").nth(1)).to_contain_text("牵头")
    expect(units.get_by_role("row").nth(2)).to_contain_text("配合")


def test_wrong_password_is_refused_with_a_chinese_message(
    browser_page: Page, live_server: Any, user: Any
) -> None:
    page = browser_page

    page.goto(f"{live_server.url}/catalogue/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/catalogue/$"))
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()

    expect(page.get_by_role("alert")).to_contain_text("用户名或密码错误")
    expect(page.get_by_role("navigation", name="主导航")).to_have_count(0)
