"""The 调度表 printed as an office prints it: the whole workbook through LibreOffice to PDF,
with the demo figures of a realistic year (every zone, every target of 5号 and 7号)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from openpyxl import load_workbook

from dashboards.reports.main_sheet import MAX_ROWS
from dashboards.reports.workbook import build_report
from dashboards.selectors import Period, target_assessments
from indicators.demo import Span, generate_demo_figures
from tests.printing import (
    a4_size,
    needs_libreoffice,
    page_count,
    page_text,
    save_png,
    smallest_type,
    to_pdf,
)

pytestmark = pytest.mark.django_db
AS_OF = Period(2025, 11)
FOOTER = re.compile(r"第\s*\d+\s*页，共\s*\d+\s*页")


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "catalogue", "indicators", "targets", verbosity=0)
        generate_demo_figures(span=Span(first_year=2021, last_year=2025, last_month=11))
        yield
        transaction.set_rollback(True)


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "调度表.xlsx"
    build_report(str(path), as_of=AS_OF)
    return path


def main_rows(path: Path) -> list[list[Any]]:
    sheet = load_workbook(path)["主要指标"]
    return [list(r) for r in sheet.iter_rows(min_row=5, values_only=True)]


def test_main_sheet_is_split_by_document_then_scope_under_headings(workbook: Path) -> None:
    headings = [r[0] for r in main_rows(workbook) if str(r[0]).startswith("楚办发")]
    assert headings[0].startswith("楚办发〔2023〕5号《")
    assert "· 全州开发区（" in headings[0]
    assert "· 产业集群（" in headings[1]
    scopes = [h.split(" · ")[-1].split("（")[0] for h in headings]
    assert scopes[:3] == ["全州开发区", "产业集群", "楚雄高新区"]
    assert {"禄丰", "武定", "牟定"} <= set(scopes)
    assert headings[-1].startswith("楚办发〔2023〕7号《")
    # every target once, under its part's heading
    counts = [re.search(r"（(\d+)项）$", h) for h in headings]
    counted = sum(int(c[1]) for c in counts if c is not None)
    assert len(counts) == len([c for c in counts if c is not None])
    assert counted == len(target_assessments(as_of=AS_OF))


def test_each_page_of_the_main_sheet_holds_at_most_twenty_targets_and_7hao_starts_a_page(
    workbook: Path,
) -> None:
    book = load_workbook(workbook)
    sheet = book["主要指标"]
    breaks = [b.id for b in sheet.row_breaks.brk]  # openpyxl: the break is after row `id`
    rows = main_rows(workbook)
    bounds = [4, *breaks, 4 + len(rows)]
    for top, bottom in itertools.pairwise(bounds):
        page = rows[top - 4 : bottom - 4]
        assert sum(1 for r in page if r[10] in {"已审核", "未审核"}) <= MAX_ROWS
    seven = next(
        i for i, r in enumerate(rows, start=5) if str(r[0]).startswith("楚办发〔2023〕7号")
    )
    assert seven - 1 in breaks
    assert sheet.page_setup.scale is not None
    assert sheet.page_setup.scale >= 90  # 10 pt type printed at 9 pt or more


def test_main_sheet_ends_with_the_signature_block(workbook: Path) -> None:
    cells = [c for r in main_rows(workbook)[-3:] for c in r if c]
    text = " ".join(map(str, cells))
    for label in ("填报单位", "制表", "签发", "日期", "备注"):
        assert label in text
    assert "仅含已审核数据" in text


def test_rates_on_the_zone_sheets_are_shown_at_one_decimal(workbook: Path) -> None:
    sheet = load_workbook(workbook)["楚雄高新区"]
    growth = [r for r in sheet.iter_rows(min_row=5) if r[2].value == "同比(%)"]
    assert growth
    cells = [c for r in growth for c in r[3:] if c.value is not None]
    assert cells
    assert {c.number_format for c in cells} == {"0.0"}
    values = [r for r in sheet.iter_rows(min_row=5) if r[2].value == "1—N月累计"]
    assert values[0][3].number_format == "#,##0.####"


@needs_libreoffice
def test_the_whole_workbook_prints_at_9pt_or_more_without_blank_pages(workbook: Path) -> None:
    pdf = to_pdf(workbook)
    width, height = a4_size(pdf)
    assert width > height  # landscape
    pages = page_count(pdf)
    smallest = smallest_type(pdf)
    assert len(smallest) == pages
    assert {p: s for p, s in smallest.items() if s < 9} == {}
    texts = [page_text(pdf, p) for p in range(1, pages + 1)]
    blank = [p for p, t in enumerate(texts, start=1) if not FOOTER.sub("", t).strip()]
    assert blank == []

    main = [t for t in texts if "数据期" in t]  # the main sheet's header, on each of its pages
    breaks = load_workbook(workbook)["主要指标"].row_breaks.brk
    assert len(main) == len(breaks) + 1
    assert 4 <= len(main) <= 8
    for text in main:
        assert len(re.findall(r"[已未]审核", text)) <= MAX_ROWS + 1  # + the 审核 header
    first = main[0]
    assert "主要指标完成情况调度表（2025年1—11月）" in first.replace(" ", "")
    # 数据期 on one line with the rest of its row: the column is wide enough not to wrap it
    assert any("2025年1—11月" in line and "已审核" in line for line in first.splitlines())
    assert "填报单位" in main[-1]
    assert "签发" in main[-1]
    save_png(pdf, "report-page")  # test-artifacts/report-page-1.png
