"""An uploaded .xls (Excel 97–2003, BIFF8, as WPS still saves by default) read without trusting it.

python-calamine reads the values; it does not say which cells hold formulas or errors. This
module walks the file's records for that, as `sheetxml.scan_cells` walks an .xlsx sheet's XML:
the compound file (CFB) is followed sector by sector with every chain bounded by the file's
size, and the workbook stream's records are read up to the data sheet's end.

- FORMULA records whose result the file itself marks as stale (fCalcOnLoad: "recalculate when
  opened", what a program writes when it did not compute the value) are formulas without a
  value, refused as for .xlsx;
- error cells (BOOLERR with fError, or a FORMULA whose result is an error) are given their
  error text (#DIV/0! …), so that the row checks name them as for .xlsx.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from indicators.excel.sheetxml import CellScan, Position

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_HEADER_DIFAT = 109

_BOF, _EOF, _BOUNDSHEET = 0x0809, 0x000A, 0x0085
_FORMULA, _BOOLERR, _STRING = 0x0006, 0x0205, 0x0207
_FCALC_ON_LOAD = 0x0002
ERROR_TEXT = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?",
              0x24: "#NUM!", 0x2A: "#N/A"}  # fmt: skip


class XlsError(Exception):
    """The file is not a readable BIFF8 workbook."""


@dataclass(frozen=True)
class XlsSheet:
    name: str
    offset: int  # of its BOF record in the workbook stream
    is_worksheet: bool


@dataclass
class XlsScan:
    sheets: list[XlsSheet] = field(default_factory=list)
    cells: CellScan = field(default_factory=CellScan)


class _Compound:
    """The streams of a compound file (CFB, [MS-CFB]), every chain bounded."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(OLE_MAGIC):
            raise XlsError("not a compound file")
        self.data = data
        shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if shift not in (9, 12) or mini_shift != 6:
            raise XlsError("bad sector size")
        self.size = 1 << shift
        self.limit = len(data) // self.size + 1  # no chain is longer than the file
        (fat_count, self.directory, self.cutoff, self.minifat, minifat_count, difat,
         difat_count) = struct.unpack_from("<II4xIIIII", data, 0x2C)  # fmt: skip
        fat_sectors = list(struct.unpack_from(f"<{_HEADER_DIFAT}I", data, 0x4C))
        per = self.size // 4 - 1
        for _ in range(min(difat_count, self.limit)):
            if difat in (_END_OF_CHAIN, _FREE):
                break
            entries = struct.unpack_from(f"<{per + 1}I", self._sector(difat))
            fat_sectors += entries[:per]
            difat = entries[per]
        fat_sectors = [s for s in fat_sectors[: min(fat_count, self.limit)] if s != _FREE]
        self.fat: list[int] = []
        for sector in fat_sectors:
            self.fat += struct.unpack(f"<{self.size // 4}I", self._sector(sector))
        del minifat_count

    def _sector(self, number: int) -> bytes:
        start = (number + 1) * self.size
        if number >= self.limit or start + self.size > len(self.data):
            raise XlsError("sector out of the file")
        return self.data[start : start + self.size]

    def _chain(self, first: int, table: list[int]) -> list[int]:
        chain: list[int] = []
        sector = first
        while sector not in (_END_OF_CHAIN, _FREE):
            if sector >= len(table) or len(chain) > self.limit * 64:
                raise XlsError("broken chain")
            chain.append(sector)
            sector = table[sector]
        return chain

    def _entries(self) -> list[tuple[str, int, int, int]]:
        """(name, type, first sector, size) of each directory entry."""
        raw = b"".join(self._sector(s) for s in self._chain(self.directory, self.fat))
        entries = []
        for offset in range(0, len(raw) - 127, 128):
            name_len, kind = struct.unpack_from("<HB", raw, offset + 64)
            name = raw[offset : offset + max(0, min(name_len, 64) - 2)].decode(
                "utf-16-le", "replace"
            )
            first, size = struct.unpack_from("<II", raw, offset + 0x74)
            entries.append((name, kind, first, size))
        return entries

    def stream(self, wanted: tuple[str, ...]) -> bytes:
        entries = self._entries()
        if not entries:
            raise XlsError("no directory")
        found = next((e for e in entries if e[0] in wanted and e[1] == 2), None)
        if found is None:
            raise XlsError("no workbook stream")
        _, _, first, size = found
        if size < self.cutoff:  # in the mini stream, the root entry's data
            root = b"".join(self._sector(s) for s in self._chain(entries[0][2], self.fat))
            minifat_raw = b"".join(self._sector(s) for s in self._chain(self.minifat, self.fat))
            minifat = list(struct.unpack(f"<{len(minifat_raw) // 4}I", minifat_raw))
            data = b"".join(root[s * 64 : s * 64 + 64] for s in self._chain(first, minifat))
        else:
            data = b"".join(self._sector(s) for s in self._chain(first, self.fat))
        return data[:size]


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
    stream = _Compound(data).stream(("Workbook", "Book"))
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
