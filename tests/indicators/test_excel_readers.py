"""The two readers of an uploaded workbook (indicators/excel/reader.py): python-calamine for a
plain sheet, openpyxl for the rest. Both give the same rows; calamine never sees a sheet whose
cells reach beyond the limits, since it builds the whole sheet in memory."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest

from indicators.excel import reader, sheetxml
from indicators.excel.columns import COLUMNS, SHEET_NAME, VALUE
from indicators.excel.reader import SheetRows, WorkbookError, read_workbook
from indicators.excel.upload import build_preview
from targets.models import Indicator, Zone

SHEET_XML = "xl/worksheets/sheet1.xml"


def workbook(fill: Callable[[Any], None]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET_NAME
    fill(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewrite_sheet(data: bytes, rewrite: Callable[[bytes], bytes]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    # openpyxl writes an empty value as <v /> with its own XML writer, as <v></v> with lxml's
    # (installed beside python-docx): the rewrites below are written for the first.
    parts[SHEET_XML] = rewrite(parts[SHEET_XML].replace(b"<v></v>", b"<v />"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.fixture
def calamine_calls(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """One entry per use of calamine: whether it read the sheet."""
    calls: list[bool] = []
    real = reader._calamine_grid

    def spy(data: bytes, name: str) -> Any:
        grid = real(data, name)
        calls.append(grid is not None)
        return grid

    monkeypatch.setattr(reader, "_calamine_grid", spy)
    return calls


def read_by_openpyxl(data: bytes, monkeypatch: pytest.MonkeyPatch) -> SheetRows:
    with monkeypatch.context() as patch:
        patch.setattr(sheetxml, "plain_extent", lambda xml: None)
        return read_workbook(data)


def varied(sheet: Any) -> None:
    """What statisticians' files hold: whole numbers, decimals, text with spaces, blanks in
    between and after, a date, a boolean, a formula with its value, rows with gaps."""
    sheet.append(list(COLUMNS))
    sheet.append(["cxgx", 2025, 6, "gyzcz", "工业总产值", "亿元", 812.35, -3.5, "  新项目  "])
    sheet.append(["cxgx", 2025, 6, "yysr", None, None, 0, None, None, 1234567890123])
    sheet.append(["cxgx", 2025, 6, "x", None, None, 0.1 + 0.2, "   ", None, None])
    sheet.append([])
    sheet.append(["cxgx", datetime.date(2025, 6, 1), True, "y", None, None, "=2*3"])
    sheet.cell(row=9, column=12).number_format = "0.00"  # a styled blank cell far right


def test_both_readers_give_the_same_rows(
    monkeypatch: pytest.MonkeyPatch, calamine_calls: list[bool]
) -> None:
    def cached(xml: bytes) -> bytes:  # as Excel saves a formula: with its computed value
        return xml.replace(b"<f>2*3</f><v />", b"<f>2*3</f><v>6</v>")

    data = rewrite_sheet(workbook(varied), cached)

    fast = read_workbook(data)
    slow = read_by_openpyxl(data, monkeypatch)

    assert calamine_calls == [True]
    assert fast == slow
    assert fast.rows == [
        (2, ("cxgx", 2025, 6, "gyzcz", "工业总产值", "亿元", 812.35, -3.5, "  新项目  ")),
        (3, ("cxgx", 2025, 6, "yysr", None, None, 0, None, None, 1234567890123)),
        (4, ("cxgx", 2025, 6, "x", None, None, 0.3)),
        (6, ("cxgx", datetime.datetime(2025, 6, 1), True, "y", None, None, 6)),  # noqa: DTZ001
    ]
    assert type(fast.rows[0][1][1]) is int  # 2025, not 2025.0


def test_an_error_cell_is_read_as_its_error_value_and_refused_in_its_column(
    monkeypatch: pytest.MonkeyPatch, calamine_calls: list[bool], db: None
) -> None:
    """calamine reads an error cell as blank; blank means "not reported" and would clear a
    figure on file, so the reader takes the error value from the sheet's XML."""
    zone = Zone.objects.create(
        code="cxgx",
        name="楚雄国家高新区",
        short_name="楚雄高新",
        level=Zone.Level.NATIONAL,
        locality="楚雄市",
        source="test",
    )
    Indicator.objects.create(code="gyzcz", name="工业总产值", unit="亿元", kind="flow")

    def divide_by_zero(xml: bytes) -> bytes:
        return xml.replace(b"<f>1/0</f><v />", b"<f>1/0</f><v>#DIV/0!</v>").replace(
            b'<c r="G2">', b'<c r="G2" t="e">'
        )

    def fill(sheet: Any) -> None:
        sheet.append(list(COLUMNS))
        sheet.append(["cxgx", 2025, 6, "gyzcz", None, None, "=1/0"])

    data = rewrite_sheet(workbook(fill), divide_by_zero)
    assert b'<c r="G2" t="e"><f>1/0</f><v>#DIV/0!</v></c>' in zipfile.ZipFile(
        io.BytesIO(data)
    ).read(SHEET_XML)

    sheet = read_workbook(data)

    assert calamine_calls == [True]
    assert sheet == read_by_openpyxl(data, monkeypatch)
    assert sheet.rows == [(2, ("cxgx", 2025, 6, "gyzcz", None, None, "#DIV/0!"))]
    preview = build_preview(zone=zone, sheet=sheet, today=datetime.date(2025, 7, 15))
    assert [str(p) for p in preview.all_problems] == [
        f"第 2 行「{VALUE}」列：「工业总产值」不是有效数字：“#DIV/0!”"
    ]
    assert preview.rows[0].value is None
    assert preview.rows[0].has_errors


def test_a_text_formula_that_computed_nothing_is_a_blank_not_a_missing_value(
    reader_path: str,
) -> None:
    def empty_text(xml: bytes) -> bytes:  # =IF(…,"",…) as Excel saves it
        return xml.replace(
            b'<c r="I2"><f>IF(1,"",2)</f><v /></c>',
            b'<c r="I2" t="str"><f>IF(1,"",2)</f><v></v></c>',
        )

    def fill(sheet: Any) -> None:
        sheet.append(list(COLUMNS))
        sheet.append(["cxgx", 2025, 6, "gyzcz", None, None, 5, None, '=IF(1,"",2)'])

    data = rewrite_sheet(workbook(fill), empty_text)

    assert read_workbook(data).rows == [(2, ("cxgx", 2025, 6, "gyzcz", None, None, 5))]


# --- what calamine is never given ------------------------------------------------------------


def test_a_cell_at_the_last_row_and_column_is_refused_without_calamine(
    calamine_calls: list[bool],
) -> None:
    def fill(sheet: Any) -> None:
        sheet.append(list(COLUMNS))
        sheet.cell(row=1_048_576, column=16_384, value="x")  # XFD1048576: 17 billion cells

    with pytest.raises(WorkbookError, match="超过 15000 行"):
        read_workbook(workbook(fill))
    assert calamine_calls == []


def test_blank_cells_far_to_the_right_go_to_openpyxl_and_are_ignored(
    calamine_calls: list[bool],
) -> None:
    def fill(sheet: Any) -> None:
        sheet.append(list(COLUMNS))
        sheet.append(["cxgx", 2025, 6, "gyzcz"])
        sheet.cell(row=2, column=200).number_format = "0.00"  # styled, no value: GR2

    sheet = read_workbook(workbook(fill))

    assert calamine_calls == []
    assert sheet.rows == [(2, ("cxgx", 2025, 6, "gyzcz"))]


def without_positions(xml: bytes) -> bytes:
    return re.sub(rb'<c r="[A-Z]+[0-9]+"', b"<c", xml)


def test_cells_without_positions_go_to_openpyxl_and_read_the_same(
    monkeypatch: pytest.MonkeyPatch, calamine_calls: list[bool]
) -> None:
    def fill(sheet: Any) -> None:
        sheet.append(list(COLUMNS))
        sheet.append(["cxgx", 2025, 6, "gyzcz", "工业总产值", "亿元", 812.35])

    data = workbook(fill)
    unpositioned = rewrite_sheet(data, without_positions)
    assert b'<c r="' not in zipfile.ZipFile(io.BytesIO(unpositioned)).read(SHEET_XML)

    assert read_workbook(unpositioned) == read_workbook(data)
    assert calamine_calls == [True]  # the original only


def test_a_cell_under_a_namespace_prefix_goes_to_openpyxl(calamine_calls: list[bool]) -> None:
    def fill(sheet: Any) -> None:
        sheet.append(list(COLUMNS))
        sheet.append(["cxgx", 2025, 6, "gyzcz"])

    main = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'

    def prefixed(xml: bytes) -> bytes:
        xml = xml.replace(main, main.replace(b"xmlns=", b"xmlns:x="), 1)
        return re.sub(rb"<(/?)(?!\?)([A-Za-z])", rb"<\1x:\2", xml)

    data = rewrite_sheet(workbook(fill), prefixed)

    assert read_workbook(data).rows == [(2, ("cxgx", 2025, 6, "gyzcz"))]
    assert calamine_calls == []


def test_the_extent_of_a_plain_sheet_is_counted_from_its_cells() -> None:
    assert sheetxml.plain_extent(
        b'<sheetData><row r="7"><c r="AB7" t="n"><v>1</v></c><c r="C12"/></row></sheetData>'
    ) == (12, 28)
    assert sheetxml.plain_extent(b"<sheetData/>") == (0, 0)
    assert sheetxml.plain_extent(b'<row><c r="A1"/><c s="1"/></row>') is None  # one unplaced
    assert sheetxml.plain_extent(b"<row><c s='1' r='A1'/></row>") is None  # not as Excel writes
    assert sheetxml.plain_extent(b'<?xml version="1.0" encoding="UTF-16"?>') is None


def test_a_number_written_as_text_stays_text(reader_path: str) -> None:
    """Excel keeps "0812" typed as text; both readers leave it to the row parser."""

    def fill(sheet: Any) -> None:
        sheet.append(list(COLUMNS))
        sheet.append(["cxgx", "2025", "6", "gyzcz", None, None, "812.350"])

    assert read_workbook(workbook(fill)).rows == [
        (2, ("cxgx", "2025", "6", "gyzcz", None, None, "812.350"))
    ]
