"""A month's figures end to end: a statistician submits, a unit-slip warning needs an
explanation, the reviewer returns with a reason, the statistician corrects and resubmits,
the reviewer approves, and the approved month is locked against the form and a crafted POST.
Warnings show beside their rows, highlighted, after a reload too, and to the reviewer with
the explanation; the reviewer is told what was returned and what was approved."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.roles import REVIEWER, STATISTICIAN, ensure_groups
from indicators.models import Figure, FigureRevision, Submission

from .conftest import click, log_out, portal_user

pytestmark = pytest.mark.browser

RETURN_REASON = "工业总产值与统计快报不一致，疑似按万元填写，请核对单位"


def test_month_is_submitted_returned_corrected_approved_and_locked(
    browser_page: Page,
    log_in: Callable[[str, str], None],
    django_user_model: Any,
    password: str,
    lufeng: Any,
    output: Any,
) -> None:
    groups = ensure_groups()
    Figure.objects.create(zone=lufeng, indicator=output, year=2025, month=5, value=Decimal("12.5"))
    portal_user(django_user_model, "stat-lufeng", password, groups[STATISTICIAN.group], zone=lufeng)
    portal_user(django_user_model, "reviewer", password, groups[REVIEWER.group], zone=None)
    month_url = reverse("indicators:month", args=["lufeng", 2025, 6])
    page = browser_page
    status = page.locator(".submission-status")
    value_input = page.locator('input[name="v_gyzcz"]')
    row = page.locator('tr[data-indicator="gyzcz"]')
    summary = page.locator(".month-summary")

    # 1. The statistician types a value in 万元 into a 亿元 field and tries to submit.
    log_in("stat-lufeng", password)
    page.goto(month_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("禄丰产业园区 · 2025年1—6月数据")
    expect(status).to_have_text("未填报")
    value_input.fill("125000")
    click(page, "提交审核")
    expect(page.get_by_role("alert")).to_contain_text("「工业总产值」约为此前数值的 1 万倍")
    expect(page.get_by_role("status")).to_contain_text("以下预警需填写说明后才能提交")
    # The warning is beside its row, which is highlighted; the summary links to the row.
    expect(row).to_have_class("row--warning")
    expect(row.locator(".row-notes")).to_contain_text("预警：「工业总产值」约为此前数值的 1 万倍")
    summary.get_by_role("link", name="「工业总产值」约为此前数值的 1 万倍").click()
    expect(page).to_have_url(f"{page.url.split('#')[0]}#row-gyzcz")
    expect(status).to_have_text("未填报")
    expect(value_input).to_have_value("125000")  # what was typed is kept
    assert not Figure.objects.filter(zone=lufeng, year=2025, month=6).exists()

    # 2. With an explanation the warning no longer blocks the submission.
    page.locator('input[name="e_gyzcz"]').fill("新投产项目集中释放产能，已核实")
    click(page, "提交审核")
    expect(page.get_by_role("status")).to_contain_text("2025年6月数据已提交审核")
    expect(page.get_by_role("status")).to_contain_text("有 1 个预警")
    expect(row).to_have_class("row--warning")  # still shown beside its row
    expect(row).to_contain_text("1 万倍")
    page.reload()
    expect(row).to_have_class("row--warning")  # and after a reload
    expect(summary).to_contain_text("1 万倍")
    expect(status).to_have_text("已提交")
    log_out(page)

    # 3. The reviewer returns it with a reason.
    log_in("reviewer", password)
    page.goto(month_url)
    expect(status).to_have_text("已提交")
    expect(value_input).to_have_count(0)  # reviewers read, they do not type figures
    # The anomaly is marked, with the statistician's explanation beside it.
    expect(row).to_have_class("row--warning")
    expect(row.locator(".row-notes")).to_contain_text("1 万倍")
    expect(row.locator(".row-notes")).to_contain_text("统计员说明：新投产项目集中释放产能，已核实")
    page.get_by_label("原因").fill(RETURN_REASON)
    click(page, "退回")
    expect(page.get_by_role("status")).to_contain_text(
        f"已退回 禄丰产业园区 2025年6月，原因：{RETURN_REASON}"
    )
    expect(status).to_have_text("已退回")
    log_out(page)

    # 4. The statistician reads the reason, corrects the value and resubmits.
    log_in("stat-lufeng", password)
    page.goto(month_url)
    expect(status).to_have_text("已退回")
    expect(page.locator(".month-returned")).to_contain_text(f"退回原因：{RETURN_REASON}")
    # The stored value is pre-filled as typed, not in scientific notation.
    expect(value_input).to_have_value("125000")
    value_input.fill("13.6")
    page.locator('input[name="e_gyzcz"]').fill("")
    click(page, "提交审核")
    expect(page.get_by_role("status")).to_contain_text("2025年6月数据已提交审核")
    expect(page.get_by_role("status")).not_to_contain_text("1 万倍")
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(summary).to_have_count(0)
    expect(row).not_to_have_class("row--warning")
    expect(status).to_have_text("已提交")
    log_out(page)

    # 5. The reviewer approves, which locks the month.
    log_in("reviewer", password)
    page.goto(month_url)
    expect(status).to_have_text("已提交")
    click(page, "审核通过并锁定")
    expect(page.get_by_role("status")).to_contain_text("已审核 禄丰产业园区 2025年6月，共 1 项")
    expect(status).to_have_text("已审核")
    expect(page.get_by_text("已审核锁定")).to_be_visible()
    log_out(page)

    # 6. The statistician sees the approved figure read-only and cannot change it.
    log_in("stat-lufeng", password)
    page.goto(month_url)
    expect(status).to_have_text("已审核")
    expect(page.get_by_text("已审核锁定")).to_be_visible()
    expect(value_input).to_have_count(0)
    expect(page.get_by_role("button", name="提交审核")).to_have_count(0)
    expect(page.get_by_role("button", name="保存草稿")).to_have_count(0)
    expect(row).to_contain_text("13.60")

    # A crafted POST with the statistician's session and a valid CSRF token is refused.
    token = page.locator('input[name="csrfmiddlewaretoken"]').first.input_value()
    response = page.request.post(
        month_url,
        form={
            "csrfmiddlewaretoken": token,
            "version": "",
            "v_gyzcz": "999",
            "g_gyzcz": "",
            "e_gyzcz": "",
            "submit": "1",
        },
        headers={"Referer": page.url},
        max_redirects=0,
    )
    assert response.status in (400, 403), response.status
    assert "已审核锁定" in response.text()

    figure = Figure.objects.get(zone=lufeng, indicator=output, year=2025, month=6)
    assert figure.value == Decimal("13.6")
    submission = Submission.objects.get(zone=lufeng, year=2025, month=6)
    assert submission.status == Submission.Status.APPROVED
    revisions = FigureRevision.objects.filter(figure=figure).order_by("pk")
    assert revisions.count() >= 2
    assert list(revisions.values_list("new_value", flat=True)) == [Decimal(125000), Decimal("13.6")]
