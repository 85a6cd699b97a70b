"""Spreadsheet plumbing for the reports: formats, safe text, CJK column widths, print setup.

xlsxwriter writes about four times as many cells a second as openpyxl, and in
`constant_memory` mode keeps one row in memory, so the 150-zone raw sheet stays inside its time and memory
budget. Nothing here knows about targets or zones; `workbook.py` decides what goes where.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from chuxiong_zones.spreadsheet import escape_text

FONT = "Microsoft YaHei"
FONT_SIZE = 10

#: Column widths (Excel's character units) that print across A4 landscape at 100% between the
#: margins below, measured through LibreOffice. A wider sheet is scaled down, never below
#: MIN_SCALE (10 pt type at 90% prints at 9 pt); wider still, it continues on the next pages
#: with its first columns repeated.
PRINT_WIDTH = 104
MIN_SCALE = 90
MARGINS = {"left": 0.3, "right": 0.3, "top": 0.5, "bottom": 0.6}  # inches
#: The height (points, at 100%) that rows may take on an A4 landscape page between the margins,
#: less the footer and a safety allowance for LibreOffice's own row heights.
PAGE_HEIGHT = 595 - 72 * (MARGINS["top"] + MARGINS["bottom"]) - 25
LINE_HEIGHT = 13.5  # points per line of 10 pt type


def print_scale(width: int) -> int:
    """The print scale (%) of a sheet whose columns add up to `width`."""
    return max(MIN_SCALE, min(100, 100 * PRINT_WIDTH // max(width, 1)))


def text_lines(text: str, width: int) -> int:
    """Lines a wrapped text takes in a column `width` units wide (a CJK character is two)."""
    return max(1, -(-display_width(text) // max(width - 1, 1)))


#: Fill colours per status code (calculations.Status values), shared with the legend.
STATUS_FILLS = {
    "done": "#C6EFCE",
    "on_track": "#DDEBF7",
    "behind": "#FFEB9C",
    "far_behind": "#FFC7CE",
    "no_data": "#EDEDED",
    "missed": "#F4B183",
    "incomplete": "#D9D9D9",
}


def display_width(text: str) -> int:
    """Columns a text takes in Excel: full-width (CJK) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = "text"  # text | yi (亿元, 2 decimals) | pct (1 decimal) | int | year | num4 | date
    #  | nowrap (text that must stay on one line, "2026年1—11月")
    width: int | None = None


class Book:
    """One workbook with the house formats."""

    def __init__(self, target: str | IO[bytes], *, constant_memory: bool = False) -> None:
        options: dict[str, Any] = {"constant_memory": constant_memory, "in_memory": False}
        self.workbook = xlsxwriter.Workbook(target, options)
        self.workbook.set_properties({"title": "楚雄州开发区提质增效调度表", "company": "楚雄州"})
        add = self.workbook.add_format
        base = {"font_name": FONT, "font_size": FONT_SIZE, "valign": "vcenter"}
        self.formats: dict[str, Format] = {
            "title": add({**base, "bold": True, "font_size": 14, "align": "center"}),
            "subtitle": add({**base, "font_color": "#555555"}),
            "header": add(
                {
                    **base,
                    "bold": True,
                    "bg_color": "#D9E1F2",
                    "border": 1,
                    "text_wrap": True,
                    "align": "center",
                }
            ),
            "text": add({**base, "border": 1, "text_wrap": True}),
            "plain": add({**base, "border": 1}),
            "nowrap": add({**base, "border": 1, "align": "center"}),
            "heading": add({**base, "bold": True, "bg_color": "#F2F2F2", "border": 1}),
            "sign": add({**base, "valign": "bottom"}),
            "note": add({**base, "font_color": "#555555", "text_wrap": True, "valign": "top"}),
            "yi": add({**base, "border": 1, "num_format": "#,##0.00"}),
            "pct": add({**base, "border": 1, "num_format": "0.0"}),
            "int": add({**base, "border": 1, "num_format": "#,##0"}),
            "year": add({**base, "border": 1, "num_format": "0", "align": "center"}),
            "num4": add({**base, "border": 1, "num_format": "#,##0.####"}),
            "date": add({**base, "border": 1, "num_format": "yyyy-mm-dd hh:mm"}),
        }
        self.status_formats = {
            code: add({**base, "border": 1, "bg_color": colour, "align": "center"})
            for code, colour in STATUS_FILLS.items()
        }

    def close(self) -> None:
        self.workbook.close()

    def sheet(
        self,
        name: str,
        *,
        title: str,
        subtitle: str,
        columns: Sequence[Column],
        wrap: bool = True,
        repeat_columns: int = 1,
    ) -> Sheet:
        """`wrap=False` for long tables of short values (raw data, zone series): no row-height
        estimate and no wrapping, which keeps the 150-zone report within its time budget.
        `repeat_columns`: the first columns printed again on each page of a sheet too wide
        for one."""
        worksheet = self.workbook.add_worksheet(name)
        return Sheet(
            self,
            worksheet,
            title=title,
            subtitle=subtitle,
            columns=columns,
            wrap=wrap,
            repeat_columns=repeat_columns,
        )


class Sheet:
    """A titled table: merged title row, subtitle, header row, frozen panes, A4 landscape,
    printed at no less than MIN_SCALE (type of at least 9 pt)."""

    HEADER_ROW = 3

    def __init__(
        self,
        book: Book,
        worksheet: Worksheet,
        *,
        title: str,
        subtitle: str,
        columns: Sequence[Column],
        wrap: bool = True,
        repeat_columns: int = 1,
    ) -> None:
        self.book, self.ws, self.columns, self.wrap = book, worksheet, list(columns), wrap
        self.row_formats = [
            book.formats["plain" if column.kind == "text" and not wrap else column.kind]
            for column in self.columns
        ]
        self.row = self.HEADER_ROW + 1
        last = len(self.columns) - 1
        self.ws.merge_range(0, 0, 0, last, title, book.formats["title"])
        self.ws.set_row(0, 24)
        self.ws.merge_range(1, 0, 1, last, subtitle, book.formats["subtitle"])
        self.widths = [
            column.width or max(display_width(column.title) + 2, 10) for column in self.columns
        ]
        for index, width in enumerate(self.widths):
            self.ws.set_column(index, index, width)
            self.ws.write_string(
                self.HEADER_ROW, index, self.columns[index].title, book.formats["header"]
            )
        self.header_height = (
            LINE_HEIGHT
            * max(text_lines(c.title, w) for c, w in zip(self.columns, self.widths, strict=True))
            + 4
        )
        self.ws.set_row(self.HEADER_ROW, self.header_height)
        self.ws.freeze_panes(self.HEADER_ROW + 1, 0)
        self.ws.set_landscape()
        self.ws.set_paper(9)  # A4
        self.ws.repeat_rows(self.HEADER_ROW)
        # A scale, not "fit to one page wide": LibreOffice reads fit-to-width with an open
        # height as one page, and shrinks every row onto it (5 pt type).
        self.scale = print_scale(sum(self.widths))
        self.ws.set_print_scale(self.scale)
        if sum(self.widths) * self.scale > PRINT_WIDTH * 100:
            self.ws.repeat_columns(0, repeat_columns - 1)
        self.ws.set_margins(**MARGINS)
        self.ws.set_footer(f"&C&{FONT_SIZE}第 &P 页，共 &N 页")

    def write_row(
        self,
        values: Sequence[object],
        *,
        status: str | None = None,
        status_column: int | None = None,
        kind: str | None = None,
        kind_from: int = 0,
    ) -> float:
        """Write one row; its height in points. `kind` overrides the columns' formats from
        column `kind_from` on (a 同比 row of a zone sheet: one decimal)."""
        height = self.row_height(values) if self.wrap else 15.0
        if height > 15:
            self.ws.set_row(self.row, height)
        for index, (fmt, value) in enumerate(zip(self.row_formats, values, strict=True)):
            if kind is not None and index >= kind_from:
                fmt = self.book.formats[kind]
            if status is not None and index == status_column:
                fmt = self.book.status_formats[status]
            self._write(index, value, fmt)
        self.row += 1
        return height

    def row_height(self, values: Sequence[object]) -> float:
        """Wrapped text needs a taller row; xlsxwriter cannot measure it, so estimate."""
        lines = max(
            (
                text_lines(v, w)
                for v, w in zip(values, self.widths, strict=True)
                if isinstance(v, str)
            ),
            default=1,
        )
        return 15.0 if lines == 1 else LINE_HEIGHT * min(lines, 8) + 4

    def _write(self, col: int, value: object, fmt: Format) -> None:
        if value is None:
            self.ws.write_blank(self.row, col, None, fmt)
        elif isinstance(value, bool):
            self.ws.write_string(self.row, col, "是" if value else "否", fmt)
        elif isinstance(value, int | float | Decimal):
            self.ws.write_number(self.row, col, float(value), fmt)
        elif isinstance(value, datetime.datetime):
            self.ws.write_datetime(self.row, col, value.replace(tzinfo=None), fmt)
        else:
            self.ws.write_string(self.row, col, escape_text(str(value)), fmt)

    def autofilter(self) -> None:
        self.ws.autofilter(
            self.HEADER_ROW, 0, max(self.row - 1, self.HEADER_ROW), len(self.columns) - 1
        )

    def legend(self, items: Sequence[tuple[str, str]], *, note: str) -> None:
        """Status colours with their labels, below the table."""
        self.row += 1
        self.ws.write_string(self.row, 0, "图例", self.book.formats["subtitle"])
        for offset, (code, label) in enumerate(items, start=1):
            self.ws.write_string(self.row, offset, label, self.book.status_formats[code])
        self.row += 1
        last = len(self.columns) - 1
        height = LINE_HEIGHT * text_lines(note, sum(self.widths)) + 4
        self.ws.set_row(self.row, height)  # wrapped: a note wider than the page adds a page
        self.ws.merge_range(self.row, 0, self.row, last, note, self.book.formats["note"])
        self.row += 1
