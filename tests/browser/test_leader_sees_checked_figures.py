"""A leader never sees a number no one has checked (issue 15): a 10,000× slip saved as a draft
is on no dashboard; once submitted it shows only when the leader switches to 已报送（含未审核）,
marked 未审核; once approved it shows in the default 已审核 view."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.roles import LEADER, REVIEWER, STATISTICIAN, ensure_groups
from indicators.models import Figure, Submission

from .conftest import click, log_out, portal_user

pytestmark = pytest.mark.browser
SLIP = "9,882,000.00"


def test_a_draft_slip_reaches_no_leader_until_it_is_approved(
    request: pytest.FixtureRequest,
    browser_page: Page,
    log_in: Callable[[str, str], None],
    django_user_model: Any,
    password: str,
    lufeng: Any,
    output: Any,
) -> None:
    groups = ensure_groups()
    Figure.objects.create(zone=lufeng, indicator=output, year=2025, month=5, value=Decimal("950"))
    Submission.objects.create(zone=lufeng, year=2025, month=5, status="approved")
    portal_user(django_user_model, "stat-lufeng", password, groups[STATISTICIAN.group], zone=lufeng)
    portal_user(django_user_model, "reviewer", password, groups[REVIEWER.group], zone=None)
    portal_user(django_user_model, "leader", password, groups[LEADER.group], zone=None)
    month_url = reverse("indicators:month", args=["lufeng", 2025, 6])
    zone_url = reverse("dashboards:zone", args=["lufeng"]) + "?as_of=2025-06"
    page = browser_page

    # The statistician types the 1 万倍 slip and saves a draft.
    log_in("stat-lufeng", password)
    page.goto(month_url)
    page.locator('input[name="v_gyzcz"]').fill("9882000")
    click(page, "保存草稿")
    assert Figure.objects.get(zone=lufeng, year=2025, month=6).value == Decimal(9882000)
    log_out(page)

    # The leader sees nothing of it, in either scope.
    log_in("leader", password)
    page.goto(zone_url)
    expect(page.locator("main")).not_to_contain_text(SLIP)
    page.goto(zone_url + "&scope=reported")
    expect(page.locator("main")).not_to_contain_text(SLIP)
    page.goto(zone_url + "&scope=approved")
    log_out(page)

    # Submitted with an explanation: still not in the leader's default view; in 已报送 it is
    # shown, with the note that unchecked figures are included.
    log_in("stat-lufeng", password)
    page.goto(month_url)
    page.locator('input[name="e_gyzcz"]').fill("新项目投产，已核实")
    click(page, "提交审核")
    log_out(page)
    log_in("leader", password)
    page.goto(zone_url)
    expect(page.locator("main")).not_to_contain_text(SLIP)
    expect(page.locator(".scope-note")).to_contain_text("只显示已审核的数据")
    page.goto(zone_url + "&scope=reported")
    expect(page.locator("main")).to_contain_text(SLIP)
    expect(page.locator(".scope-note")).to_contain_text("含已报送、尚未审核的数据")
    page.goto(zone_url + "&scope=approved")
    log_out(page)

    # Approved by the reviewer: now in the leader's default (已审核) view.
    log_in("reviewer", password)
    page.goto(month_url)
    click(page, "审核通过并锁定")
    log_out(page)
    assert request.node.confirmations == [
        "审核通过禄丰产业园区2025年6月的数据并锁定？锁定后只有管理员可以解锁。"
    ]
    log_in("leader", password)
    page.goto(zone_url)
    expect(page.locator("main")).to_contain_text(SLIP)
    expect(page.locator(".scope-note")).to_contain_text("只显示已审核的数据")
