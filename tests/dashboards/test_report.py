"""The 调度表 workbook, opened with openpyxl and checked as an admin would check it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Profile
from accounts.roles import LEADER, STATISTICIAN, ensure_groups
from audit.models import AuditEvent
from chuxiong_zones.spreadsheet import escape_text
from dashboards.reports.workbook import build_report
from dashboards.reports.xlsx import STATUS_FILLS
from dashboards.selectors import Period, target_assessments
from indicators.models import Figure, Submission
from targets.models import Indicator, Zone
from tests.printing import a4_size, needs_libreoffice, page_count, page_text, save_png, to_pdf

pytestmark = pytest.mark.django_db
AS_OF = Period(2025, 6)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARTIFACTS.mkdir(exist_ok=True)


@pytest.fixture(scope="module", autouse=True)
def figures(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The shipped catalogue plus hand-made figures for 楚雄国家高新区 and 禄丰."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "catalogue", "indicators", "targets", verbosity=0)
        output = Indicator.objects.get(code="gyzcz")
        cxgx, lufeng = Zone.objects.get(code="cxgx"), Zone.objects.get(code="lufeng")
        rows = [
            (cxgx, 2022, 12, "500"),
            (cxgx, 2024, 5, "260"),
            (cxgx, 2024, 6, "320"),
            (cxgx, 2025, 5, "330"),
            (cxgx, 2025, 6, "400"),
            (lufeng, 2024, 6, "200"),
            (lufeng, 2025, 6, "190"),
        ]
        for zone, year, month, value in rows:
            Figure.objects.create(
                zone=zone, indicator=output, year=year, month=month, value=Decimal(value)
            )
            # submitted, not approved: they count only in a report that includes unapproved
            # figures (a draft never counts; see test_a_draft_reaches_no_sheet)
            Submission.objects.get_or_create(
                zone=zone, year=year, month=month, defaults={"status": "submitted"}
            )
        Submission.objects.filter(zone=cxgx, year=2025, month=6).update(status="approved")
        yield
        transaction.set_rollback(True)


def report(**kwargs: Any) -> Any:
    """The 调度表 with submitted figures included (marked 未审核) unless `approved_only=True`,
    the default of the command and the download, is passed."""
    kwargs.setdefault("approved_only", False)
    buffer = io.BytesIO()
    build_report(buffer, as_of=AS_OF, **kwargs)
    buffer.seek(0)
    return load_workbook(buffer)


def rows_of(sheet: Any, first: int = 5) -> list[list[Any]]:
    return [list(r) for r in sheet.iter_rows(min_row=first, values_only=True)]


def test_workbook_has_the_title_and_the_sheets() -> None:
    book = report()
    # the 2023 targets have closed by June 2025: their 终期评估 follows the main sheet
    assert book.sheetnames[:3] == ["主要指标", "终期评估", "楚雄高新区"]
    assert book["终期评估"]["A1"].value == "2023年目标终期评估"
    assert book.sheetnames[-5:] == ["指标明细", "报送情况", "产业集群", "重点任务", "原始数据"]
    main = book["主要指标"]
    assert main["A1"].value == "楚雄州开发区提质增效三年行动主要指标完成情况调度表（2025年1—6月）"
    assert "A1:K1" in {str(r) for r in main.merged_cells.ranges}
    assert "截至 2025年6月" in main["A2"].value
    assert "未审核" in main["A2"].value
    assert main.freeze_panes == "A5"
    assert main.page_setup.orientation == "landscape"
    assert main.page_setup.paperSize == 9  # A4
    assert main.print_title_rows == "$4:$4"


def test_every_main_figure_equals_the_dashboard_selectors() -> None:
    expected = {
        row.target.title: row for row in target_assessments(as_of=AS_OF, approved_only=False)
    }
    rows = [r for r in rows_of(report()["主要指标"]) if r[1] in expected]
    assert len(rows) == len(expected)
    for row in rows:
        want = expected[row[1]]
        assert row[4] == (float(want.value) if want.value is not None else None)
        assert row[9] == want.status_label
        growth = want.assessment.growth_pct
        assert row[6] == (pytest.approx(float(growth)) if growth is not None else None)


def test_hand_worked_growth_and_status_colour_of_the_high_tech_zone() -> None:
    main = report()["主要指标"]
    row = next(
        r
        for r in main.iter_rows(min_row=5)
        if r[1].value == "楚雄国家高新区工业总产值年均增长20%以上"
    )
    assert row[4].value == 400  # 1—6月累计
    assert row[5].value == "2025年1—6月"
    assert row[6].value == pytest.approx(25.0)  # 400 / 320 − 1
    assert row[4].number_format == "#,##0.00"
    assert row[6].number_format == "0.0"
    assert row[10].value == "已审核"
    status = row[9]
    code = next(
        c
        for c, label in [
            ("on_track", "正常"),
            ("done", "已完成"),
            ("behind", "滞后"),
            ("far_behind", "严重滞后"),
            ("no_data", "无数据"),
        ]
        if label == status.value
    )
    assert status.fill.fgColor.rgb.endswith(STATUS_FILLS[code].lstrip("#").upper())


def test_zone_sheet_has_cumulative_single_month_and_growth() -> None:
    sheet = report()["楚雄高新区"]
    table = {(r[0], r[2]): r[3:] for r in rows_of(sheet)}
    assert table[("工业总产值", "1—N月累计")][4:6] == [330, 400]
    assert table[("工业总产值", "当月值")][5] == 70  # 400 − 330
    assert table[("工业总产值", "同比(%)")][5] == pytest.approx(25.0)
    assert table[("工业总产值", "上年同期")][5] == 320


def test_raw_sheet_has_one_row_per_zone_indicator_and_month_with_approval() -> None:
    sheet = report()["原始数据"]
    rows = [r for r in rows_of(sheet) if r[0]]
    assert {r[1] for r in rows} == {"工业总产值（亿元）"}
    assert {(r[0], r[3], r[4], r[5]) for r in rows} == {
        ("楚雄国家高新区", 5, 330, "已提交"),
        ("楚雄国家高新区", 6, 400, "已审核"),
        ("禄丰产业园区", 6, 190, "已提交"),
    }
    assert sheet.auto_filter.ref is not None


def test_one_zone_report_leaves_other_zones_out() -> None:
    book = report(zone=Zone.objects.get(code="lufeng"))
    assert "楚雄高新区" not in book.sheetnames
    raw = [r for r in rows_of(book["原始数据"]) if r[0]]
    assert {r[0] for r in raw} == {"禄丰产业园区"}
    headings = [r[0] for r in rows_of(book["主要指标"]) if str(r[0]).startswith("楚办发")]
    assert headings
    assert {h.split(" · ")[-1].split("（")[0] for h in headings} == {"禄丰"}


def test_text_that_excel_would_run_is_escaped_and_numbers_stay_numbers() -> None:
    assert escape_text('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert escape_text("@SUM(A1)") == "'@SUM(A1)"
    assert escape_text("楚雄") == "楚雄"
    zone = Zone.objects.get(code="lufeng")
    zone.name = "=cmd|' /C calc'!A0"
    zone.save()
    raw = [r for r in rows_of(report()["原始数据"]) if r[0]]
    assert "'=cmd|' /C calc'!A0" in {r[0] for r in raw}
    assert all(isinstance(r[4], int | float) for r in raw)


def test_export_report_command_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    call_command("export_report", "--as-of", "2025-06", "--zone", "cxgx", "--out", str(out))
    book = load_workbook(out)
    assert book["主要指标"]["A1"].value.endswith("（2025年1—6月）")


def test_leader_downloads_and_statistician_may_not(client: Client, django_user_model: Any) -> None:
    groups = ensure_groups()
    leader = django_user_model.objects.create_user("leader-r", password="x-Secret-123")
    leader.groups.set([groups[LEADER.group]])
    stat = django_user_model.objects.create_user("stat-r", password="x-Secret-123")
    stat.groups.set([groups[STATISTICIAN.group]])
    Profile.objects.create(user=stat, zone=Zone.objects.get(code="cxgx"))
    url = reverse("dashboards:report") + "?as_of=2025-06"
    client.force_login(stat)
    assert client.get(url).status_code == 403
    client.force_login(leader)
    response = client.get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    assert "主要指标" in book.sheetnames
    downloads = AuditEvent.objects.filter(event="report_download")
    assert [(e.username, e.detail["as_of"], e.detail["zones"]) for e in downloads] == [
        ("leader-r", "2025-06", "all")
    ]


@needs_libreoffice
def test_main_sheet_prints_on_a4_landscape_pages_through_libreoffice(tmp_path: Path) -> None:
    workbook = tmp_path / "调度表.xlsx"
    build_report(str(workbook), as_of=AS_OF, zone=Zone.objects.get(code="cxgx"))
    pdf = to_pdf(workbook)
    width, height = a4_size(pdf)
    assert width > height  # landscape
    text = page_text(pdf)
    assert "主要指标完成情况调度表" in text
    # the target is a 7号 one, and 7号 starts a page of the main sheet; its title wraps in its
    # column: the lines follow each other in reading order
    pages = [page_text(pdf, p, layout=False) for p in range(1, page_count(pdf) + 1)]
    main = [t.replace("\n", "").replace(" ", "") for t in pages if "数据期" in t]
    assert any("楚雄国家高新区工业总产值年均增长20%以上" in t for t in main)
    save_png(pdf, "report-main-sheet")


def test_overview_offers_the_download_only_to_those_who_may_export(
    client: Client, django_user_model: Any
) -> None:
    groups = ensure_groups()
    leader = django_user_model.objects.create_user("leader-o", password="x-Secret-123")
    leader.groups.set([groups[LEADER.group]])
    stat = django_user_model.objects.create_user("stat-o", password="x-Secret-123")
    stat.groups.set([groups[STATISTICIAN.group]])
    client.force_login(leader)
    page = client.get(reverse("dashboards:overview") + "?as_of=2025-06").content.decode()
    assert reverse("dashboards:report") in page
    assert '<option value="cxgx">楚雄国家高新区</option>' in page
    client.force_login(stat)
    page = client.get(reverse("dashboards:overview") + "?as_of=2025-06").content.decode()
    assert reverse("dashboards:report") not in page


# --- only approved figures ----------------------------------------------------------------


def raw_rows(book: Any) -> set[tuple[Any, ...]]:
    return {(r[0], r[3], r[4], r[5]) for r in rows_of(book["原始数据"]) if r[0]}


def target_row(book: Any, title: str) -> list[Any]:
    return next(r for r in rows_of(book["主要指标"]) if r[1] == title)


def test_an_approved_only_report_leaves_unapproved_figures_out_of_every_sheet() -> None:
    """Only 楚雄高新区's June is approved: its 400 stays; its May (330), last June (320) and
    禄丰's June (190) are as if not reported."""
    book = report(approved_only=True)

    assert "仅含已审核数据" in book["主要指标"]["A2"].value
    assert "未审核" not in book["主要指标"]["A2"].value
    assert raw_rows(book) == {("楚雄国家高新区", 6, 400, "已审核")}
    cxgx = {(r[0], r[2]): r[3:] for r in rows_of(book["楚雄高新区"])}
    assert cxgx[("工业总产值", "1—N月累计")][4:6] == [None, 400]
    assert cxgx[("工业总产值", "上年同期")][5] is None
    high_tech = target_row(book, "楚雄国家高新区工业总产值年均增长20%以上")
    assert high_tech[4] == 400
    assert high_tech[6] is None  # no approved 2024 June to grow from
    assert high_tech[10] == "已审核"
    everything = report()
    assert target_row(everything, "楚雄国家高新区工业总产值年均增长20%以上")[6] == pytest.approx(25)
    assert ("禄丰产业园区", 6, 190, "已提交") in raw_rows(everything)


def test_an_approved_only_report_keeps_figures_quoted_from_a_published_source() -> None:
    Figure.objects.filter(zone__code="lufeng", year=2025, month=6).update(
        source="sources/2021-chuxiong-hitech-2020-results.txt"
    )

    assert ("禄丰产业园区", 6, 190, "已提交") in raw_rows(report(approved_only=True))


def test_an_approved_only_report_leaves_out_demo_figures_of_months_not_approved() -> None:
    """Demo figures carry a source (演示数据) but are not quoted from a document."""
    Figure.objects.filter(zone__code="lufeng", year=2025, month=6).update(
        source="演示数据", is_demo=True
    )

    assert raw_rows(report(approved_only=True)) == {("楚雄国家高新区", 6, 400, "已审核")}


def test_the_command_and_the_download_take_the_approved_only_switch(
    tmp_path: Path, client: Client, django_user_model: Any
) -> None:
    out = tmp_path / "report.xlsx"
    call_command("export_report", "--as-of", "2025-06", "--out", str(out))
    assert raw_rows(load_workbook(out)) == {("楚雄国家高新区", 6, 400, "已审核")}
    call_command("export_report", "--as-of", "2025-06", "--include-unapproved", "--out", str(out))
    assert ("禄丰产业园区", 6, 190, "已提交") in raw_rows(load_workbook(out))

    leader = django_user_model.objects.create_user("leader-a", password="x-Secret-123")
    leader.groups.set([ensure_groups()[LEADER.group]])
    client.force_login(leader)
    page = client.get(reverse("dashboards:overview") + "?as_of=2025-06").content.decode()
    assert 'name="scope"' in page
    assert '<option value="reported">已报送（含未审核）</option>' in page
    response = client.get(reverse("dashboards:report") + "?as_of=2025-06")
    assert "-all-%E5%B7%B2%E5%AE%A1%E6%A0%B8.xlsx" in response["Content-Disposition"]  # 已审核
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    assert raw_rows(book) == {("楚雄国家高新区", 6, 400, "已审核")}


def test_a_draft_reaches_no_sheet_even_with_unapproved_figures_included() -> None:
    """禄丰's June made a draft again (returned, say, or never submitted): 190 is on no sheet."""
    Submission.objects.filter(zone__code="lufeng", year=2025, month=6).update(status="draft")
    book = report(approved_only=False)
    assert ("禄丰产业园区", 6, 190, "草稿") not in raw_rows(book)
    assert {r[0] for r in raw_rows(book)} == {"楚雄国家高新区"}
    lufeng = target_row(book, "禄丰产业园区工业总产值达1200亿元以上")
    assert lufeng[4] is None


def test_an_open_month_cannot_be_exported(tmp_path: Path) -> None:
    today = timezone.localdate()
    open_month = f"{today.year}-{today.month:02d}"
    with pytest.raises(CommandError, match="尚未结束"):
        call_command("export_report", "--as-of", open_month, "--out", str(tmp_path / "x.xlsx"))
