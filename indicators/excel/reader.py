"""Reading an uploaded workbook without trusting it.

Before openpyxl sees the file: its size, the zip signature, and the sizes its members declare
(a zip bomb is a small file that inflates to gigabytes; Python's zipfile never inflates a member
past its declared size, so the declared sum is a real bound). Then the data sheet, by name, row
by row with a hard stop: a sheet's declared dimensions are not trusted. A formula is accepted
only with the value Excel computed when it saved the file.

The workbook is opened once, for the values (`data_only`); the formulas are found by one scan
of the data sheet's XML with defusedxml, which is skipped when the sheet's text has no `<f`
tag at all (a formula cell always has one), as in every file the template produces.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import openpyxl
import openpyxl.xml
from defusedxml.ElementTree import DefusedXMLParser
from openpyxl.formula.translate import Translator
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.xml.constants import SHEET_MAIN_NS

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
    "文件不是有效的 Excel 工作簿（.xlsx）。如果是 .xls 文件或网页另存的文件，"
    "请在 Excel 中“另存为 → Excel 工作簿 (*.xlsx)”后再上传。"
)
TOO_LARGE = (
    f"文件超过 {MAX_FILE_BYTES // (1024 * 1024)} MB，请删除多余的工作表、图片和空行后再上传。"
)

Values = tuple[object, ...]


class WorkbookError(Exception):
    """The file cannot be read at all; nothing was written. Messages are in Chinese."""

    def __init__(self, *messages: str) -> None:
        super().__init__(messages[0])
        self.messages = list(messages)


@dataclass(frozen=True)
class SheetRows:
    """The data sheet's non-blank rows with their Excel row numbers; the first is the header."""

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

    `any_sheet` (admin import) falls back to the first sheet when 「数据填报」 is missing."""
    check_archive(data)
    workbook = _open(data, data_only=True)
    try:
        sheet = _data_sheet(workbook, any_sheet)
        return _read_sheet(sheet, _formula_cells(sheet))
    finally:
        workbook.close()


def _open(data: bytes, *, data_only: bool) -> Workbook:
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises a dozen exception types on malformed files
        raise WorkbookError(NOT_XLSX) from exc


def _data_sheet(workbook: Workbook, any_sheet: bool) -> ReadOnlyWorksheet:
    name = SHEET_NAME
    if any_sheet and name not in workbook.sheetnames and workbook.sheetnames:
        name = workbook.sheetnames[0]
    if name not in workbook.sheetnames:
        found = "、".join(f"「{name[:31]}」" for name in workbook.sheetnames[:10])
        raise WorkbookError(
            f"找不到名为「{SHEET_NAME}」的工作表（文件中有：{found}）。"
            "请使用平台下载的模板，不要修改工作表名称。"
        )
    sheet = workbook[name]
    if not isinstance(sheet, ReadOnlyWorksheet):
        raise WorkbookError(f"「{name[:31]}」不是普通工作表，请使用平台下载的模板。")
    sheet.reset_dimensions()  # rows come back as wide as their last cell, not as declared
    return sheet


def _is_blank(values: Values) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _width(values: Values) -> int:
    filled = [i for i, v in enumerate(values) if not _is_blank((v,))]
    return filled[-1] + 1 if filled else 0


_ROW, _CELL, _FORMULA = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("row", "c", "f"))
# Any `<f …>` or `<x:f …>` start tag: in UTF-8 a formula cell cannot be written without one.
_FORMULA_TAG = re.compile(rb"<(?:[^\s<>/:!?]+:)?f[\s/>]")
_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")

Formulas = dict[int, list[tuple[int, str]]]  # row → (column, formula as written), from 1


class _FormulaFinder:
    """A parser target noting the `<f>` of each cell where openpyxl would place the cell: by
    its `r` attribute, or (without one) one after the previous, as openpyxl counts."""

    def __init__(self) -> None:
        self.found: Formulas = {}
        self.shared: dict[str, Translator] = {}
        self.row = self.column = 0
        self.reference: str | None = None
        self.formula: dict[str, str] | None = None
        self.text: list[str] = []

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag == _ROW:
            self.row = int(float(attrib["r"])) if "r" in attrib else self.row + 1
            self.column = 0
        elif tag == _CELL:
            self.reference = attrib.get("r")
            if self.reference:
                letters, self.row = coordinate_from_string(self.reference)
                self.column = column_index_from_string(letters)
            else:
                self.column += 1
        elif tag == _FORMULA:
            self.formula, self.text = dict(attrib), []

    def data(self, text: str) -> None:
        if self.formula is not None:
            self.text.append(text)

    def end(self, tag: str) -> None:
        if tag == _FORMULA and self.formula is not None:
            self.found.setdefault(self.row, []).append((self.column, self._written()))
            self.formula = None

    def _written(self) -> str:
        """The formula as openpyxl shows it; a shared one is translated to this cell."""
        assert self.formula is not None
        value = "=" + "".join(self.text)
        index = self.formula.get("si", "")
        if self.formula.get("t") == "shared" and self.reference:
            if index in self.shared:
                return str(self.shared[index].translate_formula(self.reference))
            if value != "=":
                self.shared[index] = Translator(value, self.reference)
        return value

    def close(self) -> Formulas:
        return self.found


def _utf8(xml: bytes) -> bool:
    """The part is UTF-8 (or ASCII), so its tags can be found in its bytes."""
    head = xml[:300].removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    declared = _ENCODING.match(head)
    return (
        head.startswith(b"<")
        and b"\x00" not in head
        and (declared is None or declared[1].lower() in (b"utf-8", b"utf8"))
    )


def _formula_cells(sheet: ReadOnlyWorksheet) -> Formulas:
    """Every formula cell of the sheet, from one pass over its XML (defusedxml: no DTD, no
    entities). A UTF-8 sheet whose text has no `<f` tag has none, and is not parsed again."""
    archive: Any = getattr(sheet.parent, "_archive", None)
    path: Any = getattr(sheet, "_worksheet_path", None)
    if archive is None or path is None:  # not openpyxl's read-only layout
        raise WorkbookError(NOT_XLSX)
    try:
        xml = archive.read(path)
        if _utf8(xml) and _FORMULA_TAG.search(xml) is None:
            return {}
        parser = DefusedXMLParser(target=_FormulaFinder(), forbid_dtd=True)
        parser.feed(xml)
        found: Formulas = parser.close()
    except Exception as exc:  # a malformed part: the same refusal as openpyxl's
        raise WorkbookError(NOT_XLSX) from exc
    return found


def _uncached_formulas(number: int, values: Values, formulas: Formulas) -> Iterator[str]:
    for column, formula in formulas.get(number, ()):
        if column > len(values) or values[column - 1] is None:
            yield (
                f"单元格 {get_column_letter(column)}{number} 的公式“{formula[:60]}”没有计算结果"
                "（文件可能由其他软件生成）。请在 Excel 中打开并保存，或将公式粘贴为数值后再上传。"
            )


def _read_sheet(values: ReadOnlyWorksheet, formulas: Formulas) -> SheetRows:
    kept: list[tuple[int, Values]] = []
    uncached: list[str] = []
    # types-openpyxl types iter_rows for Worksheet only; the read-only sheet borrows that method.
    value_rows = values.iter_rows(values_only=True)  # type: ignore[misc]
    for number, row in enumerate(value_rows, start=1):
        if number > MAX_SCANNED_ROWS:
            raise WorkbookError(
                f"「{SHEET_NAME}」超过 {MAX_SCANNED_ROWS} 行（含空行），请删除多余的空行后再上传。"
            )
        if _is_blank(row):
            continue
        if _width(row) > MAX_COLUMNS:
            raise WorkbookError(f"第 {number} 行超过 {MAX_COLUMNS} 列，请删除多余的列后再上传。")
        if number in formulas:
            uncached.extend(_uncached_formulas(number, row, formulas))
        kept.append((number, tuple(row)))
        if len(kept) > MAX_DATA_ROWS + 1:  # the header is the first kept row
            raise WorkbookError(
                f"「{SHEET_NAME}」超过 {MAX_DATA_ROWS} 行数据，请分成几个文件上传。"
            )
    if uncached:
        more = len(uncached) - MAX_LISTED
        raise WorkbookError(
            *uncached[:MAX_LISTED],
            *([f"另有 {more} 个公式单元格同样没有计算结果。"] if more > 0 else []),
        )
    if not kept:
        raise WorkbookError(f"「{SHEET_NAME}」是空的，没有表头和数据。")
    (header_row, header), *rows = kept
    return SheetRows(header_row=header_row, header=header, rows=rows)
