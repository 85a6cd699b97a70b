"""Turning the data sheet's rows into parsed figures, each problem named by row and column.

The number rules are `validation.parse_value`'s; this module only finds the cells, says where
they are, and checks what is particular to a file: its columns, the zone and period of each row,
and the same indicator and month twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from openpyxl.utils import get_column_letter

from chuxiong_zones.periods import Period
from indicators.excel.columns import (
    CODE,
    COLUMNS,
    EXPLANATION,
    GROWTH,
    MONTH,
    REQUIRED,
    VALUE,
    YEAR,
    ZONE,
    normalise_header,
)
from indicators.figures.plan import Stored
from indicators.validation import EXPLANATION_MAX_LENGTH, Issue, Level, parse_value
from targets.models import Indicator, Zone

_T = TypeVar("_T")

MAX_EXPLANATION = EXPLANATION_MAX_LENGTH  # the model field's limit
FIRST_YEAR, LAST_YEAR = 2000, 2100
GROWTH_DECIMALS = 2  # Figure.reported_growth_pct keeps two decimals


@dataclass(frozen=True)
class Problem:
    """An error or warning, located by Excel row and column where it has a place."""

    row: int | None
    column: str | None
    level: Level
    reason: str

    def __str__(self) -> str:
        where = (f"第 {self.row} 行" if self.row else "") + (
            f"「{self.column}」列" if self.column else ""
        )
        return f"{where}：{self.reason}" if where else self.reason

    @property
    def is_error(self) -> bool:
        return self.level == Level.ERROR


@dataclass
class Row:
    """One data row as read; `indicator`, `year` and `month` are None where they did not parse."""

    number: int
    code: str
    indicator: Indicator | None = None
    year: int | None = None
    month: int | None = None
    value: Decimal | None = None
    reported_growth_pct: Decimal | None = None
    explanation: str = ""
    on_file: Stored | None = None  # what the zone has for this indicator and month
    problems: list[Problem] = field(default_factory=list)

    def error(self, column: str | None, reason: str) -> None:
        self.problems.append(Problem(self.number, column, Level.ERROR, reason))

    def warn(self, column: str | None, reason: str) -> None:
        self.problems.append(Problem(self.number, column, Level.WARNING, reason))

    def add_issue(self, issue: Issue, column: str) -> None:
        self.problems.append(Problem(self.number, column, issue.level, issue.message))

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)

    @property
    def period(self) -> Period | None:
        return Period(self.year, self.month) if self.year and self.month else None

    @property
    def is_blank(self) -> bool:
        """Nothing typed in the input columns (blank is "not reported", not zero)."""
        return self.value is None and self.reported_growth_pct is None and not self.explanation

    @property
    def current(self) -> Decimal | None:
        return self.on_file.value if self.on_file else None

    @property
    def changes(self) -> bool:
        """Saving it changes what is on file (a blank over a reported value clears it)."""
        if self.on_file is None:
            return not self.is_blank
        mine = (self.value, self.reported_growth_pct, self.explanation)
        stored = self.on_file
        return mine != (stored.value, stored.reported_growth_pct, stored.explanation)


def column_positions(
    header: tuple[object, ...], header_row: int
) -> tuple[dict[str, int], list[Problem]]:
    """Where each known column is; a required column missing or given twice is an error."""
    found: dict[str, list[int]] = {}
    for index, raw in enumerate(header):
        name = normalise_header(raw)
        if name in COLUMNS:
            found.setdefault(name, []).append(index)
    problems = [
        Problem(header_row, None, Level.ERROR, f"缺少必需的列「{name}」，请使用平台下载的模板。")
        for name in REQUIRED
        if name not in found
    ]
    for name, indexes in found.items():
        if len(indexes) > 1:
            letters = "、".join(get_column_letter(i + 1) for i in indexes)
            problems.append(
                Problem(
                    header_row,
                    name,
                    Level.ERROR,
                    f"列名重复：{letters} 列都是「{name}」，请只保留一列。",
                )
            )
    return {name: indexes[0] for name, indexes in found.items()}, problems


def cell_input(raw: object) -> object:
    """What the person sees in the cell: Excel keeps 15 significant digits, so a float such as
    0.30000000000000004 (left by a formula) is 0.3, as Excel displays it."""
    if isinstance(raw, float):
        return format(raw, ".15g")
    return raw


def whole_number(raw: object) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw.strip())
    return None


def cell_text(raw: object) -> str:
    return "" if raw is None else str(cell_input(raw)).strip()


Parsed = tuple[Decimal | None, str | None]  # the value, or the reason it is refused


def parse_year(raw: object) -> tuple[int | None, str | None]:
    year = whole_number(raw)
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        return (
            None,
            f"年份应为 {FIRST_YEAR}—{LAST_YEAR} 之间的四位数，而不是“{cell_text(raw)[:20]}”。",
        )
    return year, None


def parse_month(raw: object) -> tuple[int | None, str | None]:
    month = whole_number(raw)
    if month is None or not 1 <= month <= 12:
        return None, f"月份应为 1—12 的整数，而不是“{cell_text(raw)[:20]}”。"
    return month, None


def parse_figure(raw: object, indicator: Indicator) -> Parsed:
    """本期累计数值 (VALUE): validation.parse_value (which bounds the size by the model's field)."""
    value, issue = parse_value(cell_input(raw), indicator)
    return (None, issue.message) if issue is not None else (value, None)


def parse_growth(raw: object, indicator: Indicator) -> Parsed:
    """统计部门公布同比(%): a percentage, negative allowed, two decimals at most."""
    growth, issue = parse_value(
        cell_input(raw), indicator, field="reported_growth_pct", decimals=GROWTH_DECIMALS
    )
    return (None, issue.message) if issue is not None else (growth, None)


def parse_explanation(raw: object) -> tuple[str, str | None]:
    text = cell_text(raw)
    if len(text) > MAX_EXPLANATION:
        return "", f"异常说明不能超过 {MAX_EXPLANATION} 字（现有 {len(text)} 字）。"
    return text, None


class RowParser:
    """Parses the rows of one file for one zone, against the zone's reportable indicators."""

    def __init__(
        self, *, zone: Zone, positions: dict[str, int], indicators: dict[str, Indicator]
    ) -> None:
        self.zone = zone
        self.positions = positions
        self.indicators = indicators
        self.seen: dict[tuple[str, int, int], int] = {}

    def parse(self, number: int, values: tuple[object, ...]) -> Row:
        def cell(name: str) -> object:
            index = self.positions[name]
            return values[index] if index < len(values) else None

        row = Row(number=number, code=cell_text(cell(CODE)))
        self._zone(row, cell(ZONE))
        row.year = _keep(row, YEAR, parse_year(cell(YEAR)))
        row.month = _keep(row, MONTH, parse_month(cell(MONTH)))
        row.indicator = self.indicators.get(row.code)
        if row.indicator is None:
            shown = f"“{row.code[:40]}”" if row.code else "空白"
            row.error(CODE, f"未知的指标代码{shown}，或该指标不属于本开发区的填报范围。")
        else:
            row.value = _keep(row, VALUE, parse_figure(cell(VALUE), row.indicator))
            growth = parse_growth(cell(GROWTH), row.indicator)
            row.reported_growth_pct = _keep(row, GROWTH, growth)
        row.explanation = _keep(row, EXPLANATION, parse_explanation(cell(EXPLANATION))) or ""
        self._duplicate(row)
        return row

    def _zone(self, row: Row, raw: object) -> None:
        code = cell_text(raw)
        if code.lower() != self.zone.code.lower():
            shown = f"“{code[:40]}”" if code else "空白"
            row.error(
                ZONE,
                f"应为本开发区代码“{self.zone.code}”（{self.zone.name}），而不是{shown}；不能上传其他开发区的数据。",
            )

    def _duplicate(self, row: Row) -> None:
        if row.indicator is None or row.period is None:
            return
        key = (row.code, *row.period)
        first = self.seen.setdefault(key, row.number)
        if first != row.number:
            row.error(
                CODE,
                f"与第 {first} 行重复：同一指标、同一月份（{row.year}年{row.month}月）只能填一行。",
            )


def _keep(row: Row, column: str, parsed: tuple[_T, str | None]) -> _T:
    """The parsed value; its refusal, if any, recorded on the row under `column`."""
    value, reason = parsed
    if reason is not None:
        row.error(column, reason)
    return value
