"""The 调度表's 报送情况 sheet, and the 报送情况 row of each zone's sheet: each month of the
as-of year up to the as-of month, as the completeness page shows it (reporting.selectors)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from xlsxwriter.format import Format

from dashboards.selectors import Period
from reporting.deadlines import STATE_LABELS, State
from reporting.selectors import Cell, Completeness, completeness

from .xlsx import Book, Column, Sheet

if TYPE_CHECKING:
    from targets.models import Zone

#: Fill colours per state (reporting.deadlines.State), as on the completeness page.
STATE_FILLS = {
    State.APPROVED: "#C6EFCE",
    State.ON_TIME: "#DDEBF7",
    State.LATE: "#FFEB9C",
    State.RETURNED: "#FCE4D6",
    State.MISSING: "#FFC7CE",
    State.OPEN: "#FFFFFF",
    State.NOT_DUE: "#EDEDED",
}
NOTE = (
    "截止日期：每月数据于次月规定日前报送（节假日按调整后的日期）；逾期天数按首次提交日期计算。"
    "报送率 = 已报送（已提交或已审核）÷ 应报；及时率 = 按期报送 ÷ 应报。"
)
_formats: WeakKeyDictionary[Book, dict[State, Format]] = WeakKeyDictionary()


def _state_formats(book: Book) -> dict[State, Format]:
    if book not in _formats:
        base = {"font_name": "Microsoft YaHei", "font_size": 10, "border": 1, "align": "center"}
        _formats[book] = {
            state: book.workbook.add_format({**base, "bg_color": colour})
            for state, colour in STATE_FILLS.items()
        }
    return _formats[book]


def reporting_report(as_of: Period) -> Completeness:
    return completeness(year=as_of.year)


def _write_states(
    sheet: Sheet,
    first: list[object],
    cells: Sequence[Cell],
    rest: list[object],
    formats: dict[State, Format],
) -> None:
    """A row whose month cells are coloured by state: `first` columns, then the months."""
    sheet.write_row([*first, *[None] * len(cells), *rest])
    row = sheet.row - 1
    for offset, cell in enumerate(cells, start=len(first)):
        sheet.ws.write_string(row, offset, cell.state.label, formats[cell.state.state])


def write_reporting(
    book: Book, report: Completeness, as_of: Period, subtitle: str, zone: Zone | None = None
) -> None:
    """报送情况: a row per zone (or the one zone), a column per month up to the as-of month,
    and the rates."""
    months = range(1, as_of.month + 1)
    columns = [
        Column("开发区", width=16),
        *(Column(f"{m}月", width=12) for m in months),
        Column("报送率(%)", kind="pct"),
        Column("及时率(%)", kind="pct"),
    ]
    sheet = book.sheet(
        "报送情况",
        title=f"各开发区 {as_of.year}年月度数据报送情况",
        subtitle=subtitle,
        columns=columns,
        wrap=False,
    )
    formats = _state_formats(book)
    for row in report.rows:
        if zone is not None and row.zone.pk != zone.pk:
            continue
        cells = row.cells[: as_of.month]
        _write_states(
            sheet,
            [row.zone.name],
            cells,
            [row.rates.reporting_rate, row.rates.on_time_rate],
            formats,
        )
    columns_rates = [report.columns[m - 1].rates for m in months]
    sheet.write_row(
        [
            "全州报送率(%)",
            *(r.reporting_rate for r in columns_rates),
            report.rates.reporting_rate,
            report.rates.on_time_rate,
        ]
    )
    sheet.write_row(["全州及时率(%)", *(r.on_time_rate for r in columns_rates), None, None])
    sheet.row += 1
    sheet.ws.write_string(sheet.row, 0, "图例", book.formats["subtitle"])
    for offset, state in enumerate(State, start=1):
        sheet.ws.write_string(sheet.row, offset, STATE_LABELS[state], formats[state])
    sheet.row += 1
    sheet.ws.write_string(sheet.row, 0, NOTE, book.formats["subtitle"])


def write_zone_marks(
    sheet: Sheet, report: Completeness | None, zone_id: int, months: int, leading: int
) -> None:
    """The zone sheet's 报送情况 row: each month's state (逾期报送 N天, 未报 …), coloured.
    `leading`: the columns before the months (指标, 单位, 项目)."""
    if report is None:
        return
    row = next((r for r in report.rows if r.zone.pk == zone_id), None)
    if row is None:
        return
    first: list[object] = ["报送情况", *[""] * (leading - 1)]
    _write_states(sheet, first, row.cells[:months], [], _state_formats(sheet.book))
