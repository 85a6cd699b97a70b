"""What the reader learns from a workbook's XML itself, before and beside the cell values.

- `sheet_parts`: the sheets in workbook order with their part in the archive and their kind,
  from the package's relationships (as openpyxl resolves them), so the data sheet is found by
  name and its XML can be scanned.
- `plain_extent`: the last row and column of a sheet whose every cell states its position in
  plain `<c r="B7">` form (as Excel, WPS and openpyxl write it); None for anything else.
- `scan_cells`: formula cells without a computed value and error cells (`#DIV/0!`), found by one
  pass over the sheet's XML with defusedxml, skipped when the text has neither.

Every parse goes through defusedxml: no DTD, no entities.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import DefusedXMLParser, fromstring
from openpyxl.formula.translate import Translator
from openpyxl.utils import column_index_from_string
from openpyxl.utils.cell import coordinate_from_string

WORKSHEET_TYPE = "/worksheet"
_OFFICE_DOCUMENT_TYPE = "/officeDocument"


@dataclass(frozen=True)
class SheetPart:
    name: str
    path: str | None  # the part in the archive; None when the relationships do not name one
    is_worksheet: bool


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _relationships(archive: zipfile.ZipFile, source: str) -> dict[str, tuple[str, str]]:
    """Id → (part path, relationship type) of a part's `_rels` file; targets made absolute."""
    folder, name = posixpath.split(source)
    rels_path = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels_path not in archive.namelist():
        return {}
    found = {}
    for rel in fromstring(archive.read(rels_path), forbid_dtd=True):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found[rel.get("Id", "")] = (posixpath.normpath(path), rel.get("Type", ""))
    return found


def sheet_parts(archive: zipfile.ZipFile) -> list[SheetPart]:
    """The workbook's sheets in order. Raises KeyError or ParseError for a broken package."""
    workbook = next(
        (
            path
            for path, kind in _relationships(archive, "").values()
            if kind.endswith(_OFFICE_DOCUMENT_TYPE)
        ),
        "xl/workbook.xml",
    )
    rels = _relationships(archive, workbook)
    root: Element = fromstring(archive.read(workbook), forbid_dtd=True)
    parts = []
    for sheet in root.iter():
        if _local(sheet.tag) != "sheet":
            continue
        rel_id = next((v for k, v in sheet.attrib.items() if _local(k) == "id"), "")
        path, kind = rels.get(rel_id, (None, ""))
        parts.append(SheetPart(sheet.get("name", ""), path, kind.endswith(WORKSHEET_TYPE)))
    return parts


# A cell's start tag, and one written as Excel, WPS and openpyxl write it: `r` first, quoted.
_CELL_STARTS = tuple(b"<c" + end for end in (b" ", b"\t", b"\n", b"\r", b">", b"/>"))
_PLAIN_CELL = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"')
_PREFIXED_CELL = re.compile(rb"<[^\s<>/:!?]+:c[\s/>]")
_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")


def is_utf8(xml: bytes) -> bool:
    """The part is UTF-8 (or ASCII), so its tags can be found in its bytes."""
    head = xml[:300].removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    declared = _ENCODING.match(head)
    return (
        head.startswith(b"<")
        and b"\x00" not in head
        and (declared is None or declared[1].lower() in (b"utf-8", b"utf8"))
    )


def plain_extent(xml: bytes) -> tuple[int, int] | None:
    """(last row, last column), from 1, of a UTF-8 sheet whose every cell is written as Excel
    writes it (`<c r="B7" …>`, no namespace prefix); None otherwise. (0, 0) for a sheet without
    cells.

    This bounds the grid that a reader building the whole sheet in memory allocates: such a
    reader places each cell by its `r`, so no cell lies beyond what is counted here."""
    if not is_utf8(xml) or (b":c" in xml and _PREFIXED_CELL.search(xml)):
        return None
    references = _PLAIN_CELL.findall(xml)
    if len(references) != sum(xml.count(start) for start in _CELL_STARTS):
        return None
    if not references:
        return 0, 0
    rows = {row for _, row in references}
    columns = {column for column, _ in references}
    last_column = max(columns, key=lambda letters: (len(letters), letters))
    return max(map(int, rows)), column_index_from_string(last_column.decode())


# --- formulas and error values ----------------------------------------------------------------

SHEET_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ROW, _CELL, _FORMULA, _VALUE = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("row", "c", "f", "v"))
# Any `<f …>` or `<x:f …>` start tag: in UTF-8 a formula cell cannot be written without one.
_FORMULA_TAG = re.compile(rb"<(?:[^\s<>/:!?]+:)?f[\s/>]")
_ERROR_TYPE = re.compile(rb"""\st\s*=\s*["']e["']""")

Position = tuple[int, int]  # row, column, from 1


@dataclass
class CellScan:
    """What the sheet's XML says that the cell values alone do not."""

    uncached: dict[Position, str] = field(default_factory=dict)  # formula as Excel shows it
    errors: dict[Position, str] = field(default_factory=dict)  # the error value, e.g. #DIV/0!


class _CellFinder:
    """A parser target placing each cell where openpyxl would: by its `r` attribute, or
    (without one) one after the previous, as openpyxl counts. Notes formula cells without a
    computed value, and error cells with their value."""

    def __init__(self) -> None:
        self.scan = CellScan()
        self.shared: dict[str, Translator] = {}
        self.row = self.column = 0
        self.reference: str | None = None
        self.kind = ""
        self.formula: dict[str, str] | None = None
        self.written: str | None = None  # the cell's formula, as Excel shows it
        self.value: str | None = None  # the cell's <v> text, None without a <v>
        self.text: list[str] | None = None

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
            self.kind, self.written, self.value = attrib.get("t", "n"), None, None
        elif tag in (_FORMULA, _VALUE):
            self.formula = dict(attrib) if tag == _FORMULA else None
            self.text = []

    def data(self, text: str) -> None:
        if self.text is not None:
            self.text.append(text)

    def end(self, tag: str) -> None:
        if tag == _FORMULA and self.text is not None:
            self.written, self.text = self._formula("".join(self.text)), None
        elif tag == _VALUE and self.text is not None:
            self.value, self.text = "".join(self.text), None
        elif tag == _CELL:
            self._cell_done()

    def _cell_done(self) -> None:
        position = (self.row, self.column)
        if self.kind == "e":
            self.scan.errors[position] = self.value or "#N/A"
        # A text formula may compute "" (an IF left blank); a number cannot be empty.
        computed = self.value is not None and (self.value != "" or self.kind == "str")
        if self.written is not None and not computed:
            self.scan.uncached[position] = self.written

    def _formula(self, text: str) -> str:
        """The formula as Excel shows it; a shared one is translated to this cell."""
        assert self.formula is not None
        value = "=" + text
        index = self.formula.get("si", "")
        if self.formula.get("t") == "shared" and self.reference:
            if index in self.shared:
                return str(self.shared[index].translate_formula(self.reference))
            if value != "=":
                self.shared[index] = Translator(value, self.reference)
        return value

    def close(self) -> CellScan:
        return self.scan


def _may_hold(xml: bytes, needles: tuple[bytes, ...], pattern: re.Pattern[bytes]) -> bool:
    """The pattern matches; searched only where a needle (found at memchr speed) is present."""
    return any(needle in xml for needle in needles) and pattern.search(xml) is not None


def scan_cells(xml: bytes) -> CellScan:
    """Formula cells without a computed value and error cells, from one pass over the sheet's
    XML. A UTF-8 sheet whose text has neither an `<f` tag nor a `t="e"` has none, and is not
    parsed. Raises on a malformed part."""
    if (
        is_utf8(xml)
        and not _may_hold(xml, (b"<f", b":f"), _FORMULA_TAG)
        and not _may_hold(xml, (b'"e"', b"'e'"), _ERROR_TYPE)
    ):
        return CellScan()
    parser = DefusedXMLParser(target=_CellFinder(), forbid_dtd=True)
    parser.feed(xml)
    scan: CellScan = parser.close()
    return scan
