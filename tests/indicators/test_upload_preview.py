"""The upload preview puts errors and warnings first, counts them, and filters to the errors:
a year file of 360 rows with one error shows that error at the top."""

from __future__ import annotations

import io
import re
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.roles import STATISTICIAN
from indicators.excel.columns import COLUMNS, SHEET_NAME
from indicators.models import Figure
from targets.models import Indicator

pytestmark = pytest.mark.django_db

INDICATORS = 30


@pytest.fixture
def statistician(make_zone: Any, make_user: Any) -> Any:
    zone = make_zone("lufeng", "禄丰产业园区")
    for n in range(INDICATORS):
        Indicator.objects.create(
            code=f"q{n:02}",
            name=f"企业数{n:02}",
            unit="户",
            kind="stock",
            decimals=0,
            display_order=n,
        )
    client = Client()
    client.force_login(make_user("stat-lufeng", STATISTICIAN, zone))
    return client


def year_file(
    values: dict[tuple[int, str], Any] | None = None, *, months: range = range(1, 13)
) -> bytes:
    """A whole year, 12 months × 30 indicators = 360 rows, every figure 10 unless given."""
    values = values or {}
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_NAME
    sheet.append(list(COLUMNS))
    for month in months:
        for n in range(INDICATORS):
            code = f"q{n:02}"
            value = values.get((month, code), 10)
            sheet.append(["lufeng", 2025, month, code, None, None, value, None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client: Client, data: bytes) -> str:
    url = reverse("indicators:upload", args=["lufeng"])
    response = client.post(url, {"file": SimpleUploadedFile("2025.xlsx", data)})
    assert response.status_code == 200
    return str(response.content.decode())


def table_rows(page: str) -> list[tuple[str, int, str]]:
    """The preview table's rows, in the order shown: (class, Excel row number, content)."""
    body = page.split('<table class="data upload-preview">')[1].split("</tbody>")[0]
    return [
        (m.group(1) or "", int(m.group(2)), m.group(3))
        for m in re.finditer(
            r'<tr(?: class="([^"]*)")?>\s*<td class="num">(\d+)</td>(.*?)</tr>', body, re.S
        )
    ]


def excel_row(month: int, n: int) -> int:
    """The Excel row of (month, indicator n) in `year_file`: the header is row 1."""
    return 2 + (month - 1) * INDICATORS + n


def test_one_error_in_a_year_file_of_360_rows_is_shown_at_the_top(statistician: Client) -> None:
    page = upload(statistician, year_file({(11, "q17"): "abc"}))
    rows = table_rows(page)
    assert len(rows) == 360
    classes, number, content = rows[0]
    assert (classes, number) == ("row--error", excel_row(11, 17))
    assert (
        f"第 {excel_row(11, 17)} 行「本期累计数值」列：「企业数17」不是有效数字：“abc”" in content
    )
    assert [row[0] for row in rows[1:]] == [""] * 359  # the others, unmarked, after it
    assert [row[1] for row in rows[1:]] == sorted(row[1] for row in rows[1:])  # in file order
    assert '错误 <strong class="upload-errors">1</strong> 个' in page
    assert '有错误的 <strong class="upload-error-rows">1</strong> 行' in page
    assert not Figure.objects.exists()


def test_errors_come_first_then_warnings_then_the_rest_in_file_order(
    statistician: Client,
) -> None:
    # July 100 is ten times June's 10 (a warning), and August's 10 a fall of 90% (another).
    values = {(7, "q03"): 100, (3, "q05"): -1, (12, "q29"): "1.5"}
    rows = table_rows(upload(statistician, year_file(values)))
    assert [(c, n) for c, n, _ in rows[:5]] == [
        ("row--error", excel_row(3, 5)),  # negative
        ("row--error", excel_row(12, 29)),  # decimals for a count
        ("row--warning", excel_row(7, 3)),
        ("row--warning", excel_row(8, 3)),
        ("", excel_row(1, 0)),
    ]
    assert "较上月变动超过" in rows[2][2]


def test_the_errors_only_filter_shows_the_error_rows_with_their_count(
    statistician: Client,
) -> None:
    page = upload(statistician, year_file({(7, "q03"): 100, (3, "q05"): -1}))
    toggle = re.search(
        r'<input type="checkbox" id="errors-only"[^>]*>\s*<label for="errors-only"'
        r"[^>]*>([^<]*)</label>",
        page,
    )
    assert toggle
    assert toggle.group(1) == "只看有错误的行（1 行）"
    # The filter keeps the rows marked row--error (static/css/portal.css; seen working in
    # tests/browser/test_upload_preview.py): exactly the one.
    error_rows = [number for classes, number, _ in table_rows(page) if classes == "row--error"]
    assert error_rows == [excel_row(3, 5)]


def test_a_file_with_warnings_only_has_no_errors_filter_and_can_be_saved(
    statistician: Client,
) -> None:
    page = upload(statistician, year_file({(7, "q03"): 100}))
    assert 'id="errors-only"' not in page
    assert '只有预警的 <strong class="upload-warning-rows">2</strong> 行' in page
    assert "确认保存" in page


#: session, user, zone, permissions (2), profile, indicators, figures on file, submissions.
PREVIEW_QUERIES = 11  # 2 of them the write planner's: the 审核公式 in force, the zone's clusters


@pytest.mark.parametrize("months", [range(6, 7), range(1, 13)], ids=["month", "year"])
def test_the_preview_runs_the_same_queries_for_a_month_and_for_a_year(
    statistician: Client, django_assert_num_queries: Any, months: range
) -> None:
    data = year_file({(6, "q01"): "abc", (7, "q02"): 100}, months=months)
    with django_assert_num_queries(PREVIEW_QUERIES):
        upload(statistician, data)
