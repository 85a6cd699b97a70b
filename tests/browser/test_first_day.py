"""A first day of real use (issue 16), in Chromium on the demo a newcomer starts with
(`scripts/start.sh`: catalogue, demo accounts, demo rounds): the liaison's first screen has
something to do, the admin index and the 404 page are Chinese. Screenshots for review go to
test-artifacts/ (liaison-first-screen.png, admin-index.png, 404.png)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from supervision.models import ReportingRound

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DEMO_PASSWORD = "demo-2025-chuxiong"


@pytest.fixture
def demo_start(transactional_db: None) -> None:
    """What scripts/start.sh sets up, but the demo figures (not needed here)."""
    call_command("loaddata", "catalogue", "indicators", "targets", verbosity=0)
    call_command("setup_roles", "--demo-users", stdout=io.StringIO())
    call_command("demo_rounds", stdout=io.StringIO())


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def test_the_liaisons_first_screen_lists_the_units_reports_to_file(
    browser_page: Page, log_in: Callable[[str, str], None], demo_start: None, live_server: Any
) -> None:
    page = browser_page
    page.set_viewport_size({"width": 1400, "height": 900})
    log_in("demo-liaison", DEMO_PASSWORD)

    assert page.url == f"{live_server.url}/tasks/mine/"
    expect(page.get_by_role("heading", level=1)).to_have_text("我的任务")
    current = ReportingRound.objects.order_by("period_start").last()
    assert current is not None
    expect(page.get_by_text(current.title).first).to_be_visible()
    expect(page.get_by_text("逾期").first).to_be_visible()  # last month's round, not filed
    shot(page, "liaison-first-screen")


def test_the_admin_index_and_the_404_page_are_in_chinese(
    browser_page: Page, log_in: Callable[[str, str], None], demo_start: None, live_server: Any
) -> None:
    page = browser_page
    page.set_viewport_size({"width": 1400, "height": 900})
    log_in("demo-admin", DEMO_PASSWORD)

    page.goto(f"{live_server.url}/admin/")
    body = page.locator("body").inner_text()
    for english in ("INDICATORS", "TARGETS", "UPDATED BY"):
        assert english not in body
    expect(page.get_by_text("指标与月度数据").first).to_be_visible()
    expect(page.get_by_role("heading", name="数据与目录管理")).to_be_visible()
    shot(page, "admin-index")

    response = page.goto(f"{live_server.url}/no-such-page/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("404 · 页面不存在")
    expect(page.get_by_role("link", name="返回首页")).to_be_visible()
    shot(page, "404")
