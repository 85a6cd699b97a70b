"""Reading an uploaded workbook without trusting it.

Before any XML is parsed: the file's size, the zip signature, and the sizes its members declare
(a zip bomb is a small file that inflates to gigabytes; Python's zipfile never inflates a member
past its declared size, so the declared sum is a real bound). Then the data sheet, found by
name through the package's relationships, and its rows with hard limits: a sheet's declared
dimensions are not trusted. A formula is accepted only with the value Excel computed when it
saved the file.

Two readers give the same rows:

- python-calamine (Rust; pandas' "calamine" engine) for a plain sheet: every cell placed by its
  `r` attribute, within 15,000 rows and 30 columns. It builds the whole sheet in memory, so
  those bounds are counted in the sheet's XML first (`sheetxml.plain_extent`). It reads the
  sheet ten times faster than openpyxl, which is most of an upload's time.
- openpyxl's read-only mode, row by row with a hard stop, for anything else (cells without
  positions, namespace prefixes, a part not in UTF-8, blank cells far to the right or below):
  legal files that Excel and WPS do not write, and oversized ones, which it refuses by row.

Both read the computed values; formulas and error cells come from one defusedxml pass over the
sheet's XML (`sheetxml.scan_cells`), skipped when the sheet has neither.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import openpyxl
import openpyxl.xml
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from python_calamine import CalamineWorkbook

from indicators.excel import sheetxml, xls
from indicators.excel.columns import SHEET_NAME

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
MAX_MEMBERS = 500
MAX_DATA_ROWS = 12_000  # a zone's multi-year history in one file
MAX_SCANNED_ROWS = 15_000  # blank rows included: a sheet may claim a million of them
MAX_COLUMNS = 30
MAX_LISTED = 20
ZIP_MAGIC = b"PK\x03\x04"

NOT_XLSX = (
    "文件不是有效的 Excel 工作簿（.xlsx 或 .xls）。如果是网页另存的文件或其他格式，"
    "请在 Excel 或 WPS 中另存为 .xlsx（“另存为 → Excel 工作簿 (*.xlsx)”）后再上传。"
)
NOT_XLS = (
    "无法读取这个 .xls 文件（可能已损坏，或是更早版本的格式）。"
    "请在 Excel 或 WPS 中另存为 .xlsx（“另存为 → Excel 工作簿 (*.xlsx)”）后再上传。"
)
TOO_LARGE = (
    f"文件超过 {MAX_FILE_BYTES // (1024 * 1024)} MB，请删除多余的工作表、图片和空行后再上传。"
)
TOO_MANY_SCANNED = (
    f"「{SHEET_NAME}」超过 {MAX_SCANNED_ROWS} 行（含空行），请删除多余的空行后再上传。"
)
TOO_MANY_DATA = f"「{SHEET_NAME}」超过 {MAX_DATA_ROWS} 行数据，请分成几个文件上传。"

Values = tuple[object, ...]
_EXACT_FLOAT = 2.0**53  # whole floats below this are exact integers
CalamineValue = int | float | str | bool | datetime.time | datetime.date | datetime.timedelta


class WorkbookError(Exception):
    """The file cannot be read at all; nothing was written. Messages are in Chinese."""

    def __init__(self, *messages: str) -> None:
        super().__init__(messages[0])
        self.messages = list(messages)


@dataclass(frozen=True)
class SheetRows:
    """The data sheet's non-blank rows with their Excel row numbers; the first is the header.
    Each row's values end at its last non-blank cell; a blank cell is None."""

    header_row: int
    header: Values
    rows: list[tuple[int, Values]]


def defusedxml_in_use() -> bool:
    """openpyxl parses with defusedxml (no entity expansion, no external entities)."""
    return bool(openpyxl.xml.DEFUSEDXML)


def check_archive(data: bytes) -> None:
    """Refuse what is too large, not a zip, or inflates past the limit, before parsing XML."""
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookError(TOO_LARGE)
    if not data.startswith(ZIP_MAGIC):
        raise WorkbookError(NOT_XLSX)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise WorkbookError(NOT_XLSX) from exc
    limit_mb = MAX_UNCOMPRESSED_BYTES // (1024 * 1024)
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNCOMPRESSED_BYTES:
        raise WorkbookError(f"文件解压后超过 {limit_mb} MB，不像是月度数据表，已拒绝。")


def read_workbook(data: bytes, *, any_sheet: bool = False) -> SheetRows:
    """The rows of sheet 「数据填报」, or WorkbookError saying why the file cannot be used.

    `any_sheet` (admin import) falls back to the first sheet when 「数据填报」 is missing.
    An .xls (Excel 97–2003, WPS) goes through the same checks (`read_xls`)."""
    if len(data) <= MAX_FILE_BYTES and data.startswith(xls.OLE_MAGIC):
        return read_xls(data, any_sheet=any_sheet)
    check_archive(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheet = _data_sheet(sheetxml.sheet_parts(archive), any_sheet)
            xml = archive.read(sheet.path or "")
        scan = sheetxml.scan_cells(xml)
        extent = sheetxml.plain_extent(xml)
    except WorkbookError:
        raise
    except Exception as exc:  # a broken package or a malformed part
        raise WorkbookError(NOT_XLSX) from exc
    if extent is not None and extent[0] <= MAX_SCANNED_ROWS and extent[1] <= MAX_COLUMNS:
        grid = _calamine_grid(data, sheet.name)
        if grid is not None:
            return _kept_rows(_plain_rows(grid), scan)
    return _kept_rows(_openpyxl_rows(data, sheet.name), scan)


def read_xls(data: bytes, *, any_sheet: bool = False) -> SheetRows:
    """An .xls workbook's data sheet: the values by python-calamine, formulas without a value
    and error cells from the file's records (`xls.scan`), then the same row checks."""
    try:
        names = xls.scan(data, None).sheets
        parts = [
            sheetxml.SheetPart(s.name, None if not s.is_worksheet else s.name, s.is_worksheet)
            for s in names
        ]
        sheet = _data_sheet(parts, any_sheet)
        cells = xls.scan(data, sheet.name).cells
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        calamine_sheet = book.get_sheet_by_name(sheet.name)
        if calamine_sheet.total_height > MAX_SCANNED_ROWS:
            raise WorkbookError(TOO_MANY_SCANNED)
        grid: list[list[CalamineValue]] = calamine_sheet.to_python(skip_empty_area=False)
    except WorkbookError:
        raise
    except Exception as exc:  # a broken or older file: calamine's and our errors alike
        raise WorkbookError(NOT_XLS) from exc
    return _kept_rows(_plain_rows(grid), cells)


def _data_sheet(parts: list[sheetxml.SheetPart], any_sheet: bool) -> sheetxml.SheetPart:
    by_name = {part.name: part for part in reversed(parts)}  # the first of a repeated name
    sheet = by_name.get(SHEET_NAME)
    if sheet is None and any_sheet and parts:
        sheet = parts[0]
    if sheet is None:
        found = "、".join(f"「{part.name[:31]}」" for part in parts[:10])
        raise WorkbookError(
            f"找不到名为「{SHEET_NAME}」的工作表（文件中有：{found}）。"
            "请使用平台下载的模板，不要修改工作表名称。"
        )
    if not sheet.is_worksheet or sheet.path is None:
        raise WorkbookError(f"「{sheet.name[:31]}」不是普通工作表，请使用平台下载的模板。")
    return sheet


# --- the two readers: (Excel row number, values) for every row up to the last ----------------


def _calamine_grid(data: bytes, name: str) -> list[list[CalamineValue]] | None:
    """The sheet's values from A1 to its last cell; None if calamine cannot read the file, which
    then goes to openpyxl."""
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        grid: list[list[CalamineValue]] = book.get_sheet_by_name(name).to_python(
            skip_empty_area=False
        )
    except Exception:  # calamine's errors are not a stable API; openpyxl will say what is wrong
        return None
    return grid


def _as_openpyxl_reads(value: CalamineValue) -> object:
    """A calamine value as openpyxl gives it: blank is None (not ""), a whole number an int,
    a date a datetime."""
    if value == "":
        return None
    if type(value) is float:
        return int(value) if value.is_integer() and abs(value) < _EXACT_FLOAT else value
    if type(value) is datetime.date:
        return datetime.datetime.combine(value, datetime.time())
    return value


def _plain_rows(grid: list[list[CalamineValue]]) -> Iterator[tuple[int, Values]]:
    """(Error cells, which calamine leaves blank, are placed by `_kept_rows`.)"""
    for number, cells in enumerate(grid, start=1):
        yield number, tuple(map(_as_openpyxl_reads, cells))


def _openpyxl_rows(data: bytes, name: str) -> Iterator[tuple[int, Values]]:
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises a dozen exception types on malformed files
        raise WorkbookError(NOT_XLSX) from exc
    try:
        sheet = book[name]
        if not isinstance(sheet, ReadOnlyWorksheet):
            raise WorkbookError(f"「{name[:31]}」不是普通工作表，请使用平台下载的模板。")
        sheet.reset_dimensions()  # rows come back as wide as their last cell, not as declared
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    finally:
        book.close()


# --- the rows kept, whichever reader read them --------------------------------------------


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _trimmed(values: Values, errors: list[tuple[int, str]]) -> Values:
    """The row with its error cells' values, ending at its last non-blank cell."""
    if errors:
        cells = list(values) + [None] * max(0, max(c for c, _ in errors) - len(values))
        for column, text in errors:
            cells[column - 1] = text
        values = tuple(cells)
    end = len(values)
    while end and _is_blank(values[end - 1]):
        end -= 1
    return values if end == len(values) else values[:end]


def _kept_rows(rows: Iterable[tuple[int, Values]], scan: sheetxml.CellScan) -> SheetRows:
    errors: dict[int, list[tuple[int, str]]] = {}
    for (row, column), text in scan.errors.items():
        errors.setdefault(row, []).append((column, text))
    kept: list[tuple[int, Values]] = []
    for number, row_values in rows:
        if number > MAX_SCANNED_ROWS:
            raise WorkbookError(TOO_MANY_SCANNED)
        values = _trimmed(row_values, errors.get(number, []))
        if not values:
            continue
        if len(values) > MAX_COLUMNS:
            raise WorkbookError(f"第 {number} 行超过 {MAX_COLUMNS} 列，请删除多余的列后再上传。")
        kept.append((number, values))
        if len(kept) > MAX_DATA_ROWS + 1:  # the header is the first kept row
            raise WorkbookError(TOO_MANY_DATA)
    if scan.uncached:
        _refuse_uncached(scan.uncached)
    if not kept:
        raise WorkbookError(f"「{SHEET_NAME}」是空的，没有表头和数据。")
    (header_row, header), *data_rows = kept
    return SheetRows(header_row=header_row, header=header, rows=data_rows)


def _refuse_uncached(uncached: dict[sheetxml.Position, str]) -> None:
    messages = [
        f"单元格 {get_column_letter(column)}{row} 的公式“{formula[:60]}”没有计算结果"
        "（文件可能由其他软件生成）。请在 Excel 中打开并保存，或将公式粘贴为数值后再上传。"
        for (row, column), formula in sorted(uncached.items())
    ]
    more = len(messages) - MAX_LISTED
    raise WorkbookError(
        *messages[:MAX_LISTED],
        *([f"另有 {more} 个公式单元格同样没有计算结果。"] if more > 0 else []),
    )
