"""The sentences of the monthly 通报, as rules: every phrase the bulletin prints comes from a
function here, fed with numbers, never typed free-hand.

Pure Python (no Django), `Decimal` in, `str` out, so each rule is tested on its own
(tests/dashboards/test_phrasing.py). The Chinese forms of an office bulletin:

- money in 亿元 to two decimals ("123.45亿元"); counts as whole numbers ("56家"); shares in %
  to one decimal;
- a growth rate to one decimal, with 增长 or 下降 chosen by its sign ("同比下降4.0%"), and
  持平 when it rounds to zero;
- the change of a share in 百分点 ("比上年同期提高1.2个百分点"), never a percentage of a
  percentage;
- a figure not yet approved by a reviewer carries "（未审核）" right after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from chuxiong_zones.measures import Measure, measure_of

UNAPPROVED = "（未审核）"
DEMO = "演示数据"
MISSING = "—"
_ZERO = Decimal(0)


def fixed(value: Decimal, decimals: int) -> str:
    """`value` rounded half up to `decimals` places, without thousands separators (office
    bulletins write 1234.56, not 1,234.56); never "-0.0"."""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    return f"{rounded:f}"


def amount(value: Decimal | None, unit: str) -> str:
    """A figure with its unit: "123.45亿元", "56家", "45.2%"; "—" when not reported."""
    if value is None:
        return MISSING
    if measure_of(unit) == Measure.PERCENT:
        return f"{fixed(value, 1)}%"
    if measure_of(unit) == Measure.COUNT:
        return f"{fixed(value, 0)}{unit}"
    return f"{fixed(value, 2)}{unit}"


def marked(text: str, unapproved: bool) -> str:
    """`text`, followed by （未审核） when the figure behind it is not yet approved."""
    return f"{text}{UNAPPROVED}" if unapproved else text


def growth(pct: Decimal | None, *, basis: str = "同比") -> str:
    """ "同比增长12.3%" / "同比下降4.0%" / "同比持平"; "" when there is no base to compare with."""
    if pct is None:
        return ""
    rounded = Decimal(fixed(pct, 1))
    if rounded == 0:
        return f"{basis}持平"
    word = "增长" if rounded > 0 else "下降"
    return f"{basis}{word}{fixed(abs(rounded), 1)}%"


def points(change: Decimal | None, *, basis: str = "比上年同期") -> str:
    """The change of a share against the same period last year, in 百分点:
    "比上年同期提高1.2个百分点" / "…下降0.5个百分点" / "与上年同期持平"."""
    if change is None:
        return ""
    rounded = Decimal(fixed(change, 1))
    if rounded == 0:
        return "与上年同期持平" if basis else "持平"
    word = "提高" if rounded > 0 else "下降"
    return f"{basis}{word}{fixed(abs(rounded), 1)}个百分点"


def rank(position: int | None, of: int, *, what: str = "总量") -> str:
    """ "总量居4个开发区第1位"; "" when the zone is not ranked (no figure) or alone."""
    if position is None or of < 2:
        return ""
    return f"{what}居{of}个开发区第{position}位"


def percent(value: Decimal | None) -> str:
    return MISSING if value is None else f"{fixed(value, 1)}%"


def number(value: Decimal | None, unit: str) -> str:
    """A figure in a table whose header names the unit: "1234.56", "56", "45.2%"."""
    text = amount(value, unit)
    return text if measure_of(unit) == Measure.PERCENT else text.removesuffix(unit)


@dataclass(frozen=True)
class IndicatorFigure:
    """One indicator of one zone (or of the prefecture) as the bulletin states it."""

    name: str
    unit: str
    value: Decimal | None
    growth_pct: Decimal | None = None  # 同比, for amounts and counts
    share_change: Decimal | None = None  # in 百分点, for a share
    is_share: bool = False
    rank: int | None = None
    growth_rank: int | None = None
    ranked: int = 0  # how many zones have a figure (the denominator of the rank)
    unapproved: bool = False


def indicator_clause(figure: IndicatorFigure) -> str:
    """ "工业总产值123.45亿元（未审核），同比增长12.3%，总量居4个开发区第1位、增速第2位"; for a
    share "主导产业营业收入占比45.2%，比上年同期提高1.2个百分点"; "" when not reported."""
    if figure.value is None:
        return ""
    parts = [f"{figure.name}{marked(amount(figure.value, figure.unit), figure.unapproved)}"]
    change = points(figure.share_change) if figure.is_share else growth(figure.growth_pct)
    if change:
        parts.append(change)
    placed = rank(figure.rank, figure.ranked, what="" if figure.is_share else "总量")
    if placed:
        if figure.growth_rank is not None and not figure.is_share and figure.ranked >= 2:
            placed += f"、增速第{figure.growth_rank}位"
        parts.append(placed)
    return "，".join(parts)


def join_clauses(clauses: Sequence[str]) -> str:
    """Clauses joined by "；" and closed by "。" (empty clauses dropped)."""
    kept = [c for c in clauses if c]
    return "；".join(kept) + "。" if kept else ""


def names(items: Sequence[str]) -> str:
    return "、".join(items)


def title(*, office: str, as_of_year: int, as_of_month: int) -> str:
    """ "楚雄州开发区提质增效工作通报（2026年1—11月）"."""
    span = f"{as_of_year}年1月" if as_of_month == 1 else f"{as_of_year}年1—{as_of_month}月"
    return f"{office}（{span}）"


def span(year: int, month: int) -> str:
    """The cumulative period: "1—11月" (January alone: "1月")."""
    return "1月" if month == 1 else f"1—{month}月"


def totals_paragraph(
    *,
    year: int,
    month: int,
    zones: int,
    figures: Sequence[IndicatorFigure],
    missing: Sequence[str],
    pending: Sequence[str] = (),
    targets: Sequence[TargetProgress] = (),
) -> str:
    """The prefecture's paragraph: "2026年1—11月，全州4个开发区实现工业总产值…；…。", which
    zones have not reported (their figures are not in the totals), and the shared targets."""
    body = join_clauses([indicator_clause(f) for f in figures])
    if not body:
        text = f"{year}年{span(year, month)}，全州开发区暂无可通报的数据。"
    else:
        text = f"{year}年{span(year, month)}，全州{zones}个开发区实现{body}"
    if missing:
        text += f"{names(missing)}未报送{year}年{month}月数据，合计中不含其当月数据。"
    if pending:
        text += f"{names(pending)}{year}年{month}月数据尚待审核，合计中未含。"
    if missing or pending:
        text += "同比按可比口径（同一批开发区）计算。"
    if targets:
        text += "对照全州开发区目标，" + join_clauses([progress_clause(t) for t in targets])
    return text


@dataclass(frozen=True)
class TargetProgress:
    """A target still running, as the zone paragraph and the 滞后 list state it."""

    title: str
    document: str
    clause: str
    status: str  # 正常 / 滞后 / 严重滞后 / 已完成 / 无数据
    progress_pct: Decimal | None
    unapproved: bool = False


def progress_clause(target: TargetProgress) -> str:
    """ "楚雄国家高新区工业总产值达1500亿元以上完成目标的45.3%（滞后）"."""
    if target.progress_pct is None:
        return f"{target.title}，{target.status}"
    done = marked(percent(target.progress_pct), target.unapproved)
    return f"{target.title}，完成目标的{done}（{target.status}）"


def zone_paragraph(
    *,
    zone: str,
    year: int,
    month: int,
    figures: Sequence[IndicatorFigure],
    targets: Sequence[TargetProgress],
    reported: bool,
    pending: bool = False,
) -> str:
    """A zone's paragraph: "楚雄国家高新区：1—11月，实现工业总产值…。对照目标，…。". A zone that
    has not reported the month is said to be so; one whose month awaits review, in a bulletin
    of approved figures only, is said to await it."""
    if not reported:
        return f"{zone}：未报送{year}年{month}月数据。"
    if pending:
        return f"{zone}：{year}年{month}月数据已报送、尚待审核，未列入本通报。"
    body = join_clauses([indicator_clause(f) for f in figures])
    text = f"{zone}：{span(year, month)}，实现{body}" if body else f"{zone}：暂无可通报的数据。"
    if targets:
        text += "对照目标，" + join_clauses([progress_clause(t) for t in targets])
    return text


def behind_line(target: TargetProgress) -> str:
    """ "楚雄国家高新区工业总产值达1500亿元以上（楚办发〔2023〕7号 第一条）：完成目标的45.3%，严重滞后。"."""
    where = f"（{target.document} {target.clause}）" if target.clause else f"（{target.document}）"
    done = (
        f"完成目标的{marked(percent(target.progress_pct), target.unapproved)}，"
        if target.progress_pct is not None
        else ""
    )
    return f"{target.title}{where}：{done}{target.status}。"


@dataclass(frozen=True)
class MissedVerdict:
    title: str
    document: str
    clause: str
    years: tuple[int, ...]  # the judged years missed
    shortfall: Decimal | None
    shortfall_unit: str  # the unit of the shortfall (the indicator's; 百分点 for a rate)
    shortfall_pct: Decimal | None


def table_cell(figure: IndicatorFigure) -> str:
    """A cell of the main-indicator table (its header says 同比): the figure, （未审核） if so,
    and its change, one per line: "1687.21\n增长29.0%"."""
    if figure.value is None:
        return MISSING
    lines = [number(figure.value, figure.unit)]
    if figure.unapproved:
        lines.append(UNAPPROVED)
    if figure.is_share:
        lines.append(points(figure.share_change, basis=""))
    else:
        lines.append(growth(figure.growth_pct, basis=""))
    return "\n".join(line for line in lines if line)


def missed_line(verdict: MissedVerdict) -> str:
    """ "…（楚办发〔2023〕5号 一（二）发展目标）：2025年未完成，差200.00亿元（为目标的13.3%）。"."""
    where = (
        f"（{verdict.document} {verdict.clause}）" if verdict.clause else f"（{verdict.document}）"
    )
    years = "、".join(f"{y}年" for y in verdict.years)
    text = f"{verdict.title}{where}：{years}未完成"
    if verdict.shortfall is not None:
        gap = (
            f"{fixed(verdict.shortfall, 1)}个百分点"
            if verdict.shortfall_unit == "百分点"
            else amount(verdict.shortfall, verdict.shortfall_unit)
        )
        text += f"，差{gap}"
        if verdict.shortfall_pct is not None:
            text += f"（为目标的{percent(verdict.shortfall_pct)}）"
    return text + "。"


@dataclass(frozen=True)
class OverdueItem:
    task: str  # "5号第9项"
    title: str
    round: str
    due_month: int
    due_day: int


def overdue_line(unit: str, items: Sequence[OverdueItem]) -> str:
    """ "州工业和信息化局（2项）：5号第9项“…”（2026年第10期调度，10月31日截止）；…。"."""
    listed = [f"{i.task}“{i.title}”（{i.round}，{i.due_month}月{i.due_day}日截止）" for i in items]
    return f"{unit}（{len(items)}项）：{join_clauses(listed)}"


@dataclass(frozen=True)
class LateZone:
    name: str
    days: int | None


def reporting_paragraph(
    *,
    year: int,
    month: int,
    expected: int,
    approved: Sequence[str],
    on_time: Sequence[str],
    late: Sequence[LateZone],
    returned: Sequence[str],
    missing: Sequence[LateZone],
    not_due: bool,
    reporting_rate: Decimal | None,
    on_time_rate: Decimal | None,
) -> str:
    """The reporting record of month (year, month): who reported, late (with days), returned,
    who has not; and the year's 报送率 and 及时率 so far."""
    head = f"{year}年{month}月数据应报{expected}个开发区"
    if not_due:
        return f"{head}，报送截止日尚未到。"
    parts = [f"已审核{len(approved)}个", f"按期报送待审核{len(on_time)}个"]
    if late:
        listed = names([f"{z.name}（逾期{z.days}天）" if z.days else z.name for z in late])
        parts.append(f"逾期报送{len(late)}个：{listed}")
    if returned:
        parts.append(f"退回待重报{len(returned)}个：{names(returned)}")
    if missing:
        listed = names([f"{z.name}（已逾期{z.days}天）" if z.days else z.name for z in missing])
        parts.append(f"未报送{len(missing)}个：{listed}")
    else:
        parts.append("无未报送")
    rates = f"{year}年以来报送率{percent(reporting_rate)}，及时率{percent(on_time_rate)}。"
    return f"{head}，{'；'.join(parts)}。{rates}"
