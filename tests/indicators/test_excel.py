"""The Excel template and the safe reading of uploaded workbooks (indicators/excel/)."""

from __future__ import annotations

import datetime
import io
import re
import struct
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from indicators.apps import check_defusedxml
from indicators.excel.columns import COLUMNS, GUIDE_SHEET_NAME, SHEET_NAME
from indicators.excel.reader import MAX_DATA_ROWS, WorkbookError, read_workbook
from indicators.excel.rows import cell_input
from indicators.excel.template import build_template
from indicators.excel.upload import build_preview
from indicators.models import Figure
from targets.models import Cluster, Document, Indicator, Section, TaskItem, Zone

TODAY = datetime.date(2025, 11, 15)


def xlsx(
    rows: list[list[Any]], *, title: str = SHEET_NAME, first_sheet: str | None = None
) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    if first_sheet:
        sheet.title = first_sheet
        sheet = workbook.create_sheet(title)
    else:
        sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def refusal(data: bytes) -> str:
    with pytest.raises(WorkbookError) as caught:
        read_workbook(data)
    return " ".join(caught.value.messages)


def make_zone(code: str = "cxgx", name: str = "楚雄国家高新区") -> Zone:
    return Zone.objects.create(  # type: ignore[no-any-return]
        code=code,
        name=name,
        short_name=name[:4],
        level=Zone.Level.NATIONAL,
        locality="楚雄市",
        source="test",
    )


def make_cluster(code: str, zones: list[Zone]) -> Cluster:
    document = Document.objects.get_or_create(
        code="cbf-2023-5",
        defaults={
            "number": "5号",
            "title": "方案",
            "issuers": "州委",
            "issued_on": datetime.date(2023, 4, 26),
        },
    )[0]
    section = Section.objects.get_or_create(document=document, number=3, title="主导产业")[0]
    task = TaskItem.objects.get_or_create(
        document=document,
        section=section,
        number=9,
        defaults={"title": "壮大主导产业", "text": "……"},
    )[0]
    cluster = Cluster.objects.create(code=code, name=f"绿色{code}", task=task, quote="……")
    cluster.zones.set(zones)
    return cluster  # type: ignore[no-any-return]


# --- reading an untrusted file ------------------------------------------------------------
# The tests that reach the data sheet run through both readers (`reader_path`, conftest.py).


def test_a_renamed_html_page_is_refused_as_not_an_xlsx() -> None:
    message = refusal(b"<html><body><table><tr><td>1</td></tr></table></body></html>")

    assert "不是有效的 Excel 工作簿" in message


def test_an_old_xls_file_is_refused_as_not_an_xlsx() -> None:
    ole_header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504

    assert "另存为" in refusal(ole_header)


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")

    assert "不是有效的 Excel 工作簿" in refusal(buffer.getvalue())


def test_a_zip_bomb_is_refused_by_its_declared_size_before_parsing() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (25 * 1024 * 1024))
    data = buffer.getvalue()

    assert len(data) < 100 * 1024  # tiny on the wire
    assert "解压后超过 20 MB" in refusal(data)


def test_a_file_over_2_mb_is_refused() -> None:
    assert "超过 2 MB" in refusal(b"PK\x03\x04" + b"\0" * (2 * 1024 * 1024))


def test_more_than_12000_data_rows_is_refused(reader_path: str) -> None:
    rows = [list(COLUMNS)] + [["cxgx", 2025, 6, f"x{i}"] for i in range(MAX_DATA_ROWS + 1)]

    assert MAX_DATA_ROWS == 12_000  # a zone's multi-year history fits in one file
    assert "超过 12000 行数据" in refusal(xlsx(rows))


def test_12000_data_rows_are_accepted(reader_path: str) -> None:
    rows = [list(COLUMNS)] + [["cxgx", 2025, 6, f"x{i}"] for i in range(MAX_DATA_ROWS)]

    assert len(read_workbook(xlsx(rows)).rows) == 12_000


def test_more_than_30_columns_is_refused(reader_path: str) -> None:
    assert "超过 30 列" in refusal(xlsx([list(COLUMNS), ["cxgx", *[1] * 30]]))


def test_rows_are_counted_by_reading_not_by_the_declared_dimensions(reader_path: str) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_NAME
    sheet.append(list(COLUMNS))
    sheet.cell(row=50_000, column=1, value="cxgx")  # 49,998 blank rows in between
    buffer = io.BytesIO()
    workbook.save(buffer)

    assert "超过 15000 行" in refusal(buffer.getvalue())


def test_the_data_sheet_is_read_by_name_not_the_active_one(reader_path: str) -> None:
    data = xlsx([list(COLUMNS), ["cxgx", 2025, 6, "gyzcz"]], first_sheet="封面")

    sheet = read_workbook(data)

    assert sheet.header[:4] == ("开发区代码", "年份", "月份", "指标代码")
    assert sheet.rows == [(2, ("cxgx", 2025, 6, "gyzcz"))]


def test_a_workbook_without_the_data_sheet_is_refused_naming_the_sheet(reader_path: str) -> None:
    message = refusal(xlsx([list(COLUMNS)], title="Sheet1"))

    assert "找不到名为「数据填报」的工作表" in message
    assert "「Sheet1」" in message


def test_a_formula_without_a_computed_value_is_refused_naming_the_cell(reader_path: str) -> None:
    data = xlsx([list(COLUMNS), ["cxgx", 2025, 6, "gyzcz", None, None, "=1+1"]])

    message = refusal(data)

    assert "单元格 G2 的公式“=1+1”没有计算结果" in message


def test_a_formula_saved_by_excel_is_read_as_its_computed_value(reader_path: str) -> None:
    data = xlsx([list(COLUMNS), ["cxgx", 2025, 6, "gyzcz", None, None, "=1+1"]])
    # Excel stores the computed result beside the formula; openpyxl does not compute.
    parts = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            parts[name] = archive.read(name)
    # An empty value is <v /> from openpyxl's own XML writer, <v></v> from lxml's.
    sheet_xml = parts["xl/worksheets/sheet1.xml"].replace(b"<v></v>", b"<v />")
    assert b"<f>1+1</f><v />" in sheet_xml
    parts["xl/worksheets/sheet1.xml"] = sheet_xml.replace(b"<f>1+1</f><v />", b"<f>1+1</f><v>2</v>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)

    assert read_workbook(buffer.getvalue()).rows[0][1][6] == 2


def _rewrite_sheet(data: bytes, rewrite: Any) -> bytes:
    parts = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            parts[name] = archive.read(name)
    parts["xl/worksheets/sheet1.xml"] = rewrite(parts["xl/worksheets/sheet1.xml"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_formula_under_a_namespace_prefix_is_found() -> None:
    data = xlsx([list(COLUMNS), ["cxgx", 2025, 6, "gyzcz", None, None, "=1+1"]])
    main = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'

    def prefixed(xml: bytes) -> bytes:
        xml = xml.replace(main, main.replace(b"xmlns=", b"xmlns:x="), 1)
        return re.sub(rb"<(/?)(?!\?)([A-Za-z])", rb"<\1x:\2", xml)

    assert "单元格 G2 的公式“=1+1”没有计算结果" in refusal(_rewrite_sheet(data, prefixed))


def test_a_shared_formula_without_values_is_named_as_excel_shows_it(reader_path: str) -> None:
    rows: list[list[Any]] = [
        list(COLUMNS),
        ["cxgx", 2025, 6, "gyzcz", None, None, "=A1+1"],
        ["cxgx", 2025, 7, "gyzcz", None, None, "=A2+1"],
    ]
    data = xlsx(rows)

    def share(xml: bytes) -> bytes:
        xml = xml.replace(b"<f>A1+1</f>", b'<f t="shared" ref="G2:G3" si="0">A1+1</f>')
        return xml.replace(b"<f>A2+1</f>", b'<f t="shared" si="0" />')

    message = refusal(_rewrite_sheet(data, share))

    assert "单元格 G2 的公式“=A1+1”没有计算结果" in message
    assert "单元格 G3 的公式“=A2+1”没有计算结果" in message


def test_text_that_looks_like_a_formula_is_not_taken_for_one(reader_path: str) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_NAME
    sheet.append(list(COLUMNS))
    sheet.append(["cxgx", 2025, 6, "gyzcz"])
    sheet["I2"] = "=见附件"
    sheet["I2"].data_type = "s"  # typed as text, as Excel does with a leading apostrophe
    buffer = io.BytesIO()
    workbook.save(buffer)

    assert read_workbook(buffer.getvalue()).rows[0][1][8] == "=见附件"


def test_blank_rows_are_skipped_and_rows_keep_their_excel_numbers(reader_path: str) -> None:
    data = xlsx([["说明：请勿修改表头"], [], list(COLUMNS), [], ["cxgx", 2025, 6, "gyzcz"]])

    sheet = read_workbook(data)

    assert sheet.header_row == 1  # the first non-blank row is the header
    assert [number for number, _ in sheet.rows] == [3, 5]


def test_a_float_is_read_with_the_15_digits_excel_shows() -> None:
    assert cell_input(0.1 + 0.2) == "0.3"
    assert cell_input(1234.5599999999999) == "1234.56"
    assert cell_input(12) == 12


# --- defusedxml ---------------------------------------------------------------------------


def test_the_system_check_passes_when_openpyxl_uses_defusedxml() -> None:
    assert check_defusedxml() == []


def test_start_up_is_refused_when_openpyxl_does_not_use_defusedxml(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)

    assert [message.id for message in check_defusedxml()] == ["indicators.E001"]
    with pytest.raises(ImproperlyConfigured, match="defusedxml"):
        apps.get_app_config("indicators").ready()


# --- the template -------------------------------------------------------------------------


@pytest.fixture
def zone(db: None) -> Zone:
    return make_zone()


@pytest.fixture
def output(db: None) -> Indicator:
    return Indicator.objects.create(  # type: ignore[no-any-return]
        code="gyzcz", name="工业总产值", unit="亿元", kind=Indicator.Kind.FLOW, display_order=1
    )


def read_template(data: bytes) -> tuple[list[str], list[tuple[Any, ...]], Any]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook[SHEET_NAME]
    rows = list(sheet.iter_rows(values_only=True))
    return workbook.sheetnames, rows, workbook


def test_the_template_has_the_data_sheet_the_columns_and_last_years_figure(
    zone: Zone, output: Indicator
) -> None:
    Figure.objects.create(zone=zone, indicator=output, year=2024, month=6, value=Decimal("812.3"))
    Indicator.objects.create(
        code="gdp", name="地区生产总值", unit="亿元", kind="flow", reportable=False
    )

    sheets, rows, _ = read_template(build_template(zone=zone, year=2025, months=[6]))

    assert sheets == [SHEET_NAME, GUIDE_SHEET_NAME]
    assert rows[0] == COLUMNS
    assert rows[0] == (
        "开发区代码",
        "年份",
        "月份",
        "指标代码",
        "指标名称",
        "计量单位",
        "本期累计数值",
        "统计部门公布同比(%)",
        "异常说明",
        "上年同期",
    )
    assert rows[1:] == [("cxgx", 2025, 6, "gyzcz", "工业总产值", "亿元", None, None, None, 812.3)]


def test_the_template_is_prefilled_with_what_the_zone_has_on_file(
    zone: Zone, output: Indicator
) -> None:
    Figure.objects.create(
        zone=zone,
        indicator=output,
        year=2025,
        month=6,
        value=Decimal("900.5000"),
        reported_growth_pct=Decimal("10.80"),
        explanation="新项目投产",
    )

    _, rows, _ = read_template(build_template(zone=zone, year=2025, months=[6]))

    assert rows[1][6:9] == (900.5, 10.8, "新项目投产")


def test_a_whole_year_template_has_one_row_per_indicator_and_month(
    zone: Zone, output: Indicator
) -> None:
    Indicator.objects.create(
        code="yysr", name="营业收入", unit="亿元", kind="flow", display_order=2
    )

    _, rows, _ = read_template(build_template(zone=zone, year=2025, months=range(1, 13)))

    assert len(rows) == 1 + 2 * 12
    assert [(r[2], r[3]) for r in rows[1:4]] == [(1, "gyzcz"), (1, "yysr"), (2, "gyzcz")]


def test_cluster_indicators_are_listed_only_for_the_zones_clusters(
    zone: Zone, output: Indicator
) -> None:
    other = make_zone("lufeng", "禄丰产业园区")
    Indicator.objects.create(
        code="gf-sr",
        name="光伏营业收入",
        unit="亿元",
        kind="flow",
        cluster=make_cluster("gf", [zone]),
        display_order=2,
    )
    Indicator.objects.create(
        code="tai-sr",
        name="钛营业收入",
        unit="亿元",
        kind="flow",
        cluster=make_cluster("tai", [other]),
        display_order=3,
    )

    _, rows, _ = read_template(build_template(zone=zone, year=2025, months=[6]))

    assert [r[3] for r in rows[1:]] == ["gyzcz", "gf-sr"]


def test_an_explanation_starting_with_equals_is_written_as_text_not_a_formula(
    zone: Zone, output: Indicator
) -> None:
    Figure.objects.create(
        zone=zone,
        indicator=output,
        year=2025,
        month=6,
        value=1,
        explanation='=HYPERLINK("http://x")',
    )

    _, _, workbook = read_template(build_template(zone=zone, year=2025, months=[6]))

    cell = workbook[SHEET_NAME]["I2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x")', "s")


def test_the_guide_sheet_states_the_rules_in_chinese(zone: Zone, output: Indicator) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(build_template(zone=zone, year=2025, months=[6])))
    text = " ".join(
        str(c) for row in workbook[GUIDE_SHEET_NAME].iter_rows(values_only=True) for c in row if c
    )

    assert "1—N月累计" in text
    assert "1亿元 = 10,000万元" in text
    assert "空白表示未填报；0 表示填报为零" in text


def test_the_template_uploaded_unchanged_previews_clean_and_saves_nothing(
    zone: Zone, output: Indicator
) -> None:
    Figure.objects.create(zone=zone, indicator=output, year=2025, month=5, value=Decimal("700"))
    Figure.objects.create(zone=zone, indicator=output, year=2025, month=6, value=Decimal("812.35"))
    data = build_template(zone=zone, year=2025, months=[5, 6, 7])

    preview = build_preview(zone=zone, sheet=read_workbook(data), today=TODAY)

    assert preview.error_count == 0
    assert [(r.month, r.value, r.current) for r in preview.rows] == [
        (5, Decimal("700.00"), Decimal("700")),
        (6, Decimal("812.35"), Decimal("812.35")),
        (7, None, None),
    ]
    assert [r.changes for r in preview.rows] == [False, False, False]
    assert preview.months == []


# --- .xls (Excel 97–2003, as WPS saves by default): the same checks ------------------------

DATA = Path(__file__).parent / "data"


def xls_bytes() -> bytes:
    """Saved by LibreOffice from a workbook with 「说明」 first, then 「数据填报」: G2 holds
    =600+12.5 (612.5 computed), G4 =1/0 (#DIV/0!)."""
    return (DATA / "upload-wps.xls").read_bytes()


def test_an_xls_file_is_read_like_an_xlsx_with_the_computed_values() -> None:
    sheet = read_workbook(xls_bytes())

    assert sheet.header[:6] == COLUMNS[:6]
    assert sheet.header[6] == "本月数值"  # as the file has it
    assert sheet.rows[0] == (2, ("cxgx", 2025, 6, "gyzcz", "工业总产值", "亿元", 612.5, 8.6))
    assert sheet.rows[1] == (3, ("cxgx", 2025, 6, "yysr", "营业收入", "亿元", 700))


def test_an_error_cell_of_an_xls_file_is_read_as_its_error_text() -> None:
    assert read_workbook(xls_bytes()).rows[2][1][6] == "#DIV/0!"


def _formula_marked_stale(data: bytes, row: int, column: int) -> bytes:
    """The FORMULA record of (row, column), from 0, flagged “recalculate on load”: what a
    program that did not compute the value writes."""
    head = struct.pack("<HH", row, column)
    index = next(
        i
        for i in range(len(data) - 24)
        if data[i : i + 2] == b"\x06\x00" and data[i + 4 : i + 8] == head
    )
    flags = index + 4 + 14
    patched = bytearray(data)
    patched[flags] |= 0x02
    return bytes(patched)


def test_an_xls_formula_without_a_computed_value_is_refused_naming_the_cell() -> None:
    message = refusal(_formula_marked_stale(xls_bytes(), 1, 6))

    assert "单元格 G2 的公式" in message
    assert "没有计算结果" in message


def test_a_broken_xls_file_is_refused_telling_to_save_it_as_xlsx_in_excel_or_wps() -> None:
    broken = xls_bytes()[:1024]

    message = refusal(broken)

    assert "在 Excel 或 WPS 中另存为 .xlsx" in message


def test_an_xls_without_the_data_sheet_names_the_sheets_it_has() -> None:
    data = xls_bytes().replace("数据填报".encode("utf-16-le"), "数据汇总".encode("utf-16-le"))

    assert "找不到名为「数据填报」的工作表（文件中有：「说明」、「数据汇总」）" in refusal(data)
