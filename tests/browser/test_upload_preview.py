"""The upload preview in a browser: a year file with one error shows it in the first row, and
只看有错误的行 leaves only that row on screen (a CSS filter, no script)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from django.urls import reverse
from playwright.sync_api import FilePayload, Page, expect

from accounts.roles import STATISTICIAN, ensure_groups
from indicators.excel.columns import COLUMNS, SHEET_NAME
from indicators.models import Figure
from targets.models import Indicator

from .conftest import click, portal_user

pytestmark = pytest.mark.browser
INDICATORS = 30


def year_file() -> bytes:
    """12 months × 30 indicators = 360 rows; one error (November, indicator 17) and one
    jump (July, indicator 3: a warning in July and another in August)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_NAME
    sheet.append(list(COLUMNS))
    for month in range(1, 13):
        for n in range(INDICATORS):
            value: Any = {(11, 17): "abc", (7, 3): 100}.get((month, n), 10)
            sheet.append(["lufeng", 2025, month, f"q{n:02}", None, None, value, None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_year_file_shows_its_one_error_first_and_filters_to_it(
    browser_page: Page,
    log_in: Callable[[str, str], None],
    django_user_model: Any,
    password: str,
    lufeng: Any,
) -> None:
    for n in range(INDICATORS):
        Indicator.objects.create(
            code=f"q{n:02}",
            name=f"企业数{n:02}",
            unit="户",
            kind="stock",
            decimals=0,
            display_order=n,
        )
    groups = ensure_groups()
    portal_user(django_user_model, "stat-lufeng", password, groups[STATISTICIAN.group], zone=lufeng)
    page = browser_page

    log_in("stat-lufeng", password)
    page.goto(reverse("indicators:upload", args=["lufeng"]))
    payload: FilePayload = {
        "name": "2025.xlsx",
        "mimeType": "application/octet-stream",
        "buffer": year_file(),
    }
    page.locator('input[type="file"]').first.set_input_files(files=[payload])
    click(page, "上传并预览")

    rows = page.locator("table.upload-preview tbody tr")
    expect(rows).to_have_count(360)
    error_row = 2 + 10 * INDICATORS + 17  # November, indicator 17 (row 1 is the header)
    expect(rows.first).to_have_class("row--error")
    expect(rows.first).to_contain_text(
        f"第 {error_row} 行「本期累计数值」列：「企业数17」不是有效数字"
    )
    expect(rows.nth(1)).to_have_class("row--warning")
    expect(rows.nth(2)).to_have_class("row--warning")
    expect(page.locator(".upload-errors")).to_have_text("1")

    page.get_by_label("只看有错误的行（1 行）").check()
    visible = page.locator("table.upload-preview tbody tr:visible")
    expect(visible).to_have_count(1)
    expect(visible.first).to_contain_text("不是有效数字")
    page.get_by_label("只看有错误的行（1 行）").uncheck()
    expect(visible).to_have_count(360)
    assert not Figure.objects.exists()
