"""催报 end to end, the clock frozen on 3 December 2026: the reminder is in the statistician's
messages, its link opens November's page, the statistician submits, and the overview's
本月未报送 no longer names the zone."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Page, expect

from accounts.roles import LEADER, STATISTICIAN, ensure_groups
from reporting.services import figure_reminders_send
from targets.models import Indicator, Zone

from .conftest import log_out, portal_user

pytestmark = pytest.mark.browser
NOW = datetime.datetime(2026, 12, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai"))


def _zone(code: str, name: str, order: int) -> Zone:
    zone: Zone = Zone.objects.create(
        code=code,
        name=name,
        short_name=name[:2],
        level=Zone.Level.PROVINCIAL,
        locality="楚雄州",
        source="test",
        display_order=order,
    )
    return zone


def test_a_reminded_statistician_follows_the_link_submits_and_leaves_the_unreported_list(
    browser_page: Page,
    log_in: Callable[[str, str], None],
    django_user_model: Any,
    password: str,
) -> None:
    with time_machine.travel(NOW, tick=True):
        groups = ensure_groups()
        lufeng, wuding = _zone("lufeng", "禄丰产业园区", 2), _zone("wuding", "武定产业园区", 3)
        Indicator.objects.create(
            code="gyzcz", name="工业总产值", unit="亿元", kind="flow", decimals=2
        )
        portal_user(
            django_user_model, "stat-lufeng", password, groups[STATISTICIAN.group], zone=lufeng
        )
        portal_user(
            django_user_model, "stat-wuding", password, groups[STATISTICIAN.group], zone=wuding
        )
        portal_user(django_user_model, "leader", password, groups[LEADER.group], zone=None)
        run = figure_reminders_send(now=NOW)  # cron, two days before the 5th
        assert run.reminders == 2
        page = browser_page

        # The statistician lands on 本月待报, sees one unread message and opens it.
        log_in("stat-lufeng", password)
        expect(page.get_by_role("heading", level=1)).to_have_text("本月待报：2026年11月")
        messages = page.locator(".topbar__messages")
        expect(messages).to_contain_text("1")
        with page.expect_navigation():
            messages.click()
        reminder = page.locator(".notification").first
        expect(reminder).to_contain_text("【报送提醒】禄丰产业园区2026年11月数据即将截止")
        expect(reminder).to_contain_text("截止日期为 2026-12-05")

        # Its link opens November's page, and reading it clears the count.
        with page.expect_navigation():
            reminder.get_by_role("button", name="打开").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("禄丰产业园区 · 2026年1—11月数据")
        expect(messages).not_to_contain_text("1")
        page.locator('input[name="v_gyzcz"]').fill("12.5")
        with page.expect_navigation():
            page.get_by_role("button", name="提交审核", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text("2026年11月数据已提交审核")
        log_out(page)

        # The leader's overview names only the zone that still has not reported.
        log_in("leader", password)
        notice = page.locator("#not-reported")
        expect(notice).to_contain_text("本月未报送：武定产业园区")
        expect(notice).not_to_contain_text("禄丰")

        # 报送情况 shows November: 禄丰 reported on time, 武定 still open (due on the 5th).
        with page.expect_navigation():
            notice.get_by_role("link", name="报送情况").click()
        grid = page.locator("#grid")
        expect(grid.get_by_title("禄丰产业园区 2026年11月：已报，已填 1/1")).to_be_visible()
        expect(grid.get_by_title("武定产业园区 2026年11月：待报，已填 0/1")).to_be_visible()
