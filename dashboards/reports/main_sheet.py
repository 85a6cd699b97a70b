"""The 调度表's 主要指标 sheet, laid out to be printed and handed to a leader, and its 指标明细
sheet with every column.

主要指标 is split by document (5号, 7号: each starts a page) and, within a document, by scope
(全州开发区, 产业集群, then each zone), each part under a heading. Its columns are chosen for
A4 landscape at type of at least 9 pt; a page holds at most `MAX_ROWS` targets, and the sheet
ends with the legend and a signature block (填报单位 / 制表 / 签发 / 日期 / 备注).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from indicators import calculations as calc
from targets.models import Document, Target
from targets.templatetags.portal_format import target_floor_text

from ..selectors import TargetAssessment
from .xlsx import LINE_HEIGHT, PAGE_HEIGHT, Book, Column, Sheet, text_lines

MAX_ROWS = 20  # targets on one printed page
STATUS_LEGEND = [(s.value, calc.STATUS_LABELS[s]) for s in calc.Status]

PRINT_COLUMNS = [
    Column("条款", width=9),
    Column("目标", width=27),
    Column("目标值", width=12),
    Column("目标年份", kind="year", width=5),
    Column("最新实际", kind="yi", width=9),
    Column("数据期", kind="nowrap", width=14),
    Column("同比(%)", kind="pct", width=6),
    Column("进度(%)", kind="pct", width=6),
    Column("仍需年均增长(%)", kind="pct", width=7),
    Column("状态", width=9),
    Column("审核", width=6),
]
STATUS_COLUMN = 9

#: What the printed sheet leaves out, for the same targets in the same order.
DETAIL_COLUMNS = [
    Column("文件", width=5),
    Column("条款", width=9),
    Column("目标", width=27),
    Column("范围", width=9),
    Column("指标", width=14),
    Column("单位", width=5),
    Column("力争值", kind="yi", width=8),
    Column("基期年份", kind="year", width=5),
    Column("基期值", kind="yi", width=9),
    Column("需年均增长(%)", kind="pct", width=7),
    Column("目标年预计", kind="yi", width=9),
    Column("同比口径", width=8),
]

SIGNATURE = [
    (0, 2, "填报单位（盖章）："),
    (3, 5, "制表："),
    (6, 8, "签发："),
    (9, 10, "日期：    年  月  日"),
]
SIGNATURE_HEIGHT = 30.0


def _audit(row: TargetAssessment) -> str:
    return "未审核" if row.unapproved else "已审核"


def print_row(row: TargetAssessment) -> list[object]:
    a, target = row.assessment, row.target
    floor = "节点任务" if target.floor is None and target.kind != Target.Kind.REFERENCE else None
    return [
        target.clause,
        target.title,
        floor or target_floor_text(target),
        target.target_year,
        row.value,
        row.period.cumulative_label if row.period else "—",
        a.growth_pct,
        a.progress_pct,
        a.remaining_growth_pct,
        row.status_label,
        _audit(row),
    ]


def detail_row(row: TargetAssessment) -> list[object]:
    a, target = row.assessment, row.target
    return [
        target.document.number.rsplit("〕", 1)[-1],
        target.clause,
        target.title,
        row.scope.label,
        row.indicator.name if row.indicator else "—",
        row.indicator.unit if row.indicator else "",
        target.stretch,
        target.base_year,
        row.base_value,
        a.required_growth_pct,
        a.projection,
        a.growth.label,
    ]


@dataclass
class Part:
    """The targets of one document and one scope: 全州开发区, 产业集群, or a zone."""

    document: Document
    scope: str
    rows: list[TargetAssessment] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return (
            f"{self.document.number}《{self.document.title}》 · {self.scope}（{len(self.rows)}项）"
        )


def _scope_rank(row: TargetAssessment) -> tuple[int, str]:
    if row.target.scope == Target.Scope.ALL_ZONES:
        return (0, "全州开发区")
    if row.target.scope == Target.Scope.CLUSTER:
        return (1, "产业集群")
    return (2, row.scope.label)


def split_parts(rows: Sequence[TargetAssessment]) -> list[Part]:
    """Rows grouped by document, then scope; documents and zones in their first order."""
    parts: dict[tuple[int, int, str], Part] = {}
    documents: dict[int, int] = {}
    zones: dict[str, int] = {}
    for row in rows:
        document = documents.setdefault(row.target.document_id, len(documents))
        rank, scope = _scope_rank(row)
        order = zones.setdefault(scope, len(zones)) if rank == 2 else 0
        key = (document, rank * 1000 + order, scope)
        parts.setdefault(key, Part(row.target.document, scope)).rows.append(row)
    return [parts[key] for key in sorted(parts)]


class Pager:
    """Page breaks by hand: at each new document, after MAX_ROWS targets, and before a row
    that would not fit below the rows already on the page (heights as `Sheet` sets them)."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.capacity = PAGE_HEIGHT * 100 / sheet.scale - sheet.header_height
        self.used = 24.0 + 15 + 15  # title, subtitle and the blank row, on page 1 only
        self.rows = 0
        self.breaks: list[int] = []

    def new_page(self) -> None:
        self.breaks.append(self.sheet.row)
        self.used, self.rows = 0.0, 0

    def room(self, height: float, *, targets: int = 0) -> None:
        """Make room for `height` points and `targets` rows, breaking the page if needed."""
        if self.used and (self.used + height > self.capacity or self.rows + targets > MAX_ROWS):
            self.new_page()
        self.used += height
        self.rows += targets


def write_main(
    book: Book, rows: Sequence[TargetAssessment], subtitle: str, title: str, note: str
) -> None:
    sheet = book.sheet("主要指标", title=title, subtitle=subtitle, columns=PRINT_COLUMNS)
    pager = Pager(sheet)
    last = len(PRINT_COLUMNS) - 1
    document = None
    for part in split_parts(rows):
        if document is not None and part.document != document:
            pager.new_page()
        document = part.document
        first = sheet.row_height(print_row(part.rows[0]))
        pager.room(18 + first, targets=1)  # a heading stays with its first row
        pager.used -= first
        pager.rows -= 1
        sheet.ws.set_row(sheet.row, 18)
        sheet.ws.merge_range(sheet.row, 0, sheet.row, last, part.heading, book.formats["heading"])
        sheet.row += 1
        for row in part.rows:
            values = print_row(row)
            pager.room(sheet.row_height(values), targets=1)
            sheet.write_row(values, status=row.status.value, status_column=STATUS_COLUMN)
    legend_note = (
        f"{calc.THRESHOLD_TEXT} {calc.GROWTH_RULE_TEXT}"
        "力争值、基期值、需年均增长、目标年预计与各行的同比口径见“指标明细”。"
    )
    note_height = LINE_HEIGHT * text_lines(legend_note, sum(sheet.widths)) + 4
    remark = f"备注：{note}。"
    pager.room(15 * 2 + note_height + SIGNATURE_HEIGHT * 2)  # legend and signature together
    sheet.legend(STATUS_LEGEND, note=legend_note)
    sheet.ws.set_row(sheet.row, SIGNATURE_HEIGHT)
    for first_col, last_col, label in SIGNATURE:
        sheet.ws.merge_range(sheet.row, first_col, sheet.row, last_col, label, book.formats["sign"])
    sheet.row += 1
    sheet.ws.set_row(sheet.row, SIGNATURE_HEIGHT)
    sheet.ws.merge_range(sheet.row, 0, sheet.row, last, remark, book.formats["sign"])
    sheet.row += 1
    sheet.ws.set_h_pagebreaks(pager.breaks)


def write_details(book: Book, rows: Sequence[TargetAssessment], subtitle: str, title: str) -> None:
    """Every column of every target, for reading on screen or filtering."""
    sheet = book.sheet(
        "指标明细", title=f"{title} · 明细", subtitle=subtitle, columns=DETAIL_COLUMNS
    )
    for row in rows:
        sheet.write_row(detail_row(row))
    sheet.autofilter()
