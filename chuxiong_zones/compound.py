"""Old Office files (.doc, .xls, .wps: Microsoft's compound file binary format, [MS-CFB]) read
without trusting them: every sector inside the file, every chain no longer than the file.

Used to read an uploaded .xls (indicators.excel.xls) and to check that an attachment named
.doc or .xls holds the stream its extension promises (supervision.attachments).
"""

from __future__ import annotations

import struct

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_HEADER_DIFAT = 109


class CompoundError(Exception):
    """Not a readable compound file (or without the stream asked for)."""


class Compound:
    """The streams of a compound file (CFB, [MS-CFB]), every chain bounded."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(OLE_MAGIC):
            raise CompoundError("not a compound file")
        self.data = data
        shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if shift not in (9, 12) or mini_shift != 6:
            raise CompoundError("bad sector size")
        self.size = 1 << shift
        self.limit = len(data) // self.size + 1  # no chain is longer than the file
        (
            fat_count,
            self.directory,
            self.cutoff,
            self.minifat,
            minifat_count,
            difat,
            difat_count,
        ) = struct.unpack_from("<II4xIIIII", data, 0x2C)
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
            raise CompoundError("sector out of the file")
        return self.data[start : start + self.size]

    def _chain(self, first: int, table: list[int]) -> list[int]:
        chain: list[int] = []
        sector = first
        while sector not in (_END_OF_CHAIN, _FREE):
            if sector >= len(table) or len(chain) > self.limit * 64:
                raise CompoundError("broken chain")
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

    def stream_names(self) -> set[str]:
        return {name for name, kind, _, _ in self._entries() if kind == 2}

    def stream(self, wanted: tuple[str, ...]) -> bytes:
        entries = self._entries()
        if not entries:
            raise CompoundError("no directory")
        found = next((e for e in entries if e[0] in wanted and e[1] == 2), None)
        if found is None:
            raise CompoundError("no such stream")
        _, _, first, size = found
        if size < self.cutoff:  # in the mini stream, the root entry's data
            root = b"".join(self._sector(s) for s in self._chain(entries[0][2], self.fat))
            minifat_raw = b"".join(self._sector(s) for s in self._chain(self.minifat, self.fat))
            minifat = list(struct.unpack(f"<{len(minifat_raw) // 4}I", minifat_raw))
            data = b"".join(root[s * 64 : s * 64 + 64] for s in self._chain(first, minifat))
        else:
            data = b"".join(self._sector(s) for s in self._chain(first, self.fat))
        return data[:size]
