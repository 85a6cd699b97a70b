"""An uploaded .xls (Excel 97–2003, BIFF8, as WPS still saves by default) read without trusting it.

python-calamine reads the values; it does not say which cells hold formulas or errors. This
module walks the file's records for that, as `sheetxml.scan_cells` walks an .xlsx sheet's XML:
the compound file (`chuxiong_zones.compound`) gives the workbook stream, and its records are read up to the data sheet's end.

- FORMULA records whose result the file itself marks as stale (fCalcOnLoad: "recalculate when
  opened", what a program writes when it did not compute the value) are formulas without a
  value, refused as for .xlsx;
- error cells (BOOLERR with fError, or a FORMULA whose result is an error) are given their
  error text (#DIV/0! …), so that the row checks name them as for .xlsx.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from chuxiong_zones.compound import OLE_MAGIC, Compound, CompoundError
from indicators.excel.sheetxml import CellScan, Position

__all__ = ["OLE_MAGIC", "XlsError", "scan"]

_BOF, _EOF, _BOUNDSHEET = 0x0809, 0x000A, 0x0085
_FORMULA, _BOOLERR, _STRING = 0x0006, 0x0205, 0x0207
_FCALC_ON_LOAD = 0x0002
ERROR_TEXT = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
}


XlsError = CompoundError  # the file is not a readable BIFF8 workbook


@dataclass(frozen=True)
class XlsSheet:
    name: str
    offset: int  # of its BOF record in the workbook stream
    is_worksheet: bool


@dataclass
class XlsScan:
    sheets: list[XlsSheet] = field(default_factory=list)
    cells: CellScan = field(default_factory=CellScan)


def _records(stream: bytes, offset: int = 0) -> list[tuple[int, bytes]]:
    records = []
    while offset + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, offset)
        records.append((kind, stream[offset + 4 : offset + 4 + length]))
        offset += 4 + length
        if kind == _EOF:
            break
    return records


def _sheet_name(data: bytes) -> str:
    length, flags = data[6], data[7]
    raw = data[8 : 8 + length * (2 if flags & 1 else 1)]
    return raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")


def scan(data: bytes, sheet_name: str | None) -> XlsScan:
    """The workbook's sheets, and the formula and error cells of `sheet_name` (None: none)."""
    stream = Compound(data).stream(("Workbook", "Book"))
    result = XlsScan()
    for kind, body in _records(stream):
        if kind == _BOUNDSHEET and len(body) >= 8:
            offset = struct.unpack_from("<I", body)[0]
            result.sheets.append(XlsSheet(_sheet_name(body), offset, body[5] == 0))
    if not result.sheets:
        raise XlsError("no sheets")
    sheet = next((s for s in result.sheets if s.name == sheet_name), None)
    if sheet is not None:
        _scan_cells(stream, sheet.offset, result.cells)
    return result


def _scan_cells(stream: bytes, offset: int, cells: CellScan) -> None:
    for kind, body in _records(stream, offset):
        if kind == _FORMULA and len(body) >= 16:
            row, col = struct.unpack_from("<HH", body)
            position: Position = (row + 1, col + 1)
            value, grbit = body[6:14], struct.unpack_from("<H", body, 14)[0]
            if grbit & _FCALC_ON_LOAD:
                cells.uncached[position] = "=…"
            elif value[6:8] == b"\xff\xff" and value[0] == 2:
                cells.errors[position] = ERROR_TEXT.get(value[2], "#VALUE!")
        elif kind == _BOOLERR and len(body) >= 8 and body[7] == 1:
            row, col = struct.unpack_from("<HH", body)
            cells.errors[(row + 1, col + 1)] = ERROR_TEXT.get(body[6], "#VALUE!")
