"""Task supervision end to end: a co-operating unit's liaison files a report with an attachment,
the lead unit's liaison consolidates, a prefecture leader reads the task page and the matrix."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.roles import LEADER, LIAISON, ensure_groups
from supervision import services
from supervision.models import ReportingRound, ReportSlot, TaskReport

from .conftest import log_out, portal_user

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_liaison_reports_lead_consolidates_and_leader_sees_the_status(
    browser_page: Page,
    log_in: Callable[[str, str], None],
    make_catalogue: Callable[..., Any],
    staff_user: Any,
    django_user_model: Any,
    password: str,
) -> None:
    catalogue = make_catalogue(tasks=3)
    groups = ensure_groups()
    finance, ndrc = catalogue.units[0], catalogue.units[1]
    portal_user(django_user_model, "finance-liaison", password, groups[LIAISON.group], unit=finance)
    portal_user(django_user_model, "ndrc-liaison", password, groups[LIAISON.group], unit=ndrc)
    portal_user(django_user_model, "leader", password, groups[LEADER.group])
    today = timezone.localdate()
    opened = services.round_open(
        user=staff_user,
        title="本月调度",
        rhythm=ReportingRound.Rhythm.MONTHLY,
        period_start=today.replace(day=1),
        period_end=today,
        due_date=today + datetime.timedelta(days=7),
        tasks=catalogue.tasks,
    )
    task = catalogue.tasks[0]
    slot = ReportSlot.objects.get(round=opened, task=task, unit=ndrc)
    page = browser_page

    # 1. The co-operating unit's liaison files a report with an attachment.
    log_in("ndrc-liaison", password)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="任务督办").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的任务")
    page.get_by_label("报送任务").select_option(str(slot.pk))
    page.get_by_label("进展状态").select_option(label="推进中")
    page.get_by_label("工作进展").fill("已完成运营公司组建方案，正在征求意见。")
    page.get_by_label("困难问题及需协调事项").fill("需州财政局明确注资方式。")
    page.get_by_label("附件", exact=True).set_input_files(
        {"name": "组建方案.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    # Two of the three figure rows; the third stays blank and is ignored.
    page.locator("#id_figure-0-label").fill("拟注资额")
    page.locator("#id_figure-0-value").fill("2.5")
    page.locator("#id_figure-0-unit").fill("亿元")
    page.locator("#id_figure-1-label").fill("已签约运营项目")
    page.locator("#id_figure-1-value").fill("3")
    page.locator("#id_figure-1-unit").fill("个")
    page.get_by_role("button", name="提交报告").click()
    expect(page.get_by_role("status")).to_contain_text("已报送")
    expect(page.get_by_role("link", name="组建方案.pdf")).to_be_visible()
    report = TaskReport.objects.get(slot=slot)
    assert report.attachments.get().original_name == "组建方案.pdf"
    assert sorted(report.figures.values_list("label", "unit")) == [
        ("已签约运营项目", "个"),
        ("拟注资额", "亿元"),
    ]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "supervision-my-tasks.png"), full_page=True)
    log_out(page)

    # 2. The lead unit's liaison reads it on the task page and consolidates.
    log_in("finance-liaison", password)
    page.goto(f"/tasks/{task.pk}/")
    expect(page.get_by_text("已完成运营公司组建方案，正在征求意见。")).to_be_visible()
    consolidate = page.get_by_role("region", name="汇总报送（牵头单位）")
    consolidate.get_by_label("进展状态").select_option(label="推进中")
    consolidate.get_by_label("工作进展").fill("汇总：配合单位方案已成型，本单位正研究注资方式。")
    consolidate.get_by_role("button", name="提交汇总报告").click()
    expect(page.get_by_role("status")).to_contain_text("已报送汇总报告")
    log_out(page)

    # 3. A leader sees the statuses on the task page and in the matrix.
    log_in("leader", password)
    page.goto(f"/tasks/{task.pk}/")
    units = page.get_by_role("table").filter(has_text="各责任单位进展")
    expect(units.get_by_role("row", name=re.compile("州发展改革委"))).to_contain_text("推进中")
    expect(units.get_by_role("row", name=re.compile("州工业和信息化局"))).to_contain_text("未报送")
    expect(page.get_by_text("汇总：配合单位方案已成型，本单位正研究注资方式。")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "supervision-task-page.png"), full_page=True)

    page.get_by_role("link", name="督办矩阵").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("督办矩阵")
    matrix = page.get_by_role("table").filter(has_text="督办矩阵")
    ndrc_row = matrix.get_by_role("row", name=re.compile("州发展改革委"))
    expect(ndrc_row.get_by_role("cell").nth(0)).to_have_text("配合推进中")
    finance_row = matrix.get_by_role("row", name=re.compile("州财政局"))
    expect(finance_row.get_by_role("cell").nth(0)).to_have_text("牵头推进中")
    expect(finance_row.get_by_role("cell").nth(1)).to_have_text("牵头未报送")
