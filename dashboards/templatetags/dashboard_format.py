"""Figures formatted by their unit: 亿元 two decimals, % one decimal, 户/家 integers.

Built on `portal_format` so rounding and the "—" for a missing value are the same everywhere.
"""

from __future__ import annotations

from django import template

from targets.templatetags.portal_format import Number, amount, pct

register = template.Library()

COUNT_UNITS = frozenset({"户", "家", "名", "个", "位", "项"})
PERCENT_UNITS = frozenset({"%", "％"})


def format_figure(value: Number, unit: str, decimals: int = 2) -> str:
    """A figure with its unit's precision, without the unit (tables name it in the header)."""
    if unit in PERCENT_UNITS:
        return amount(value, 1)
    if unit in COUNT_UNITS:
        return amount(value, 0)
    return amount(value, decimals)


@register.filter
def figure(value: Number, indicator: object) -> str:
    """`{{ value|figure:indicator }}`: formatted by the indicator's unit."""
    unit = str(getattr(indicator, "unit", ""))
    return format_figure(value, unit, int(getattr(indicator, "decimals", 2)))


@register.filter
def figure_unit(value: Number, indicator: object) -> str:
    """Like `figure`, followed by the unit: "1,234.50 亿元", "12.3%", "56 家"."""
    text = figure(value, indicator)
    if text == amount(None):
        return text
    unit = str(getattr(indicator, "unit", ""))
    return f"{text}%" if unit in PERCENT_UNITS else f"{text} {unit}"


@register.filter
def growth(value: Number) -> str:
    """A growth rate in percent with its sign: "+12.3%", "-4.0%"."""
    text = pct(value)
    if text == amount(None) or text.startswith("-"):
        return text
    return f"+{text}"


@register.filter
def doc_short(document: object) -> str:
    """楚办发〔2023〕5号 → "5号": the document as a short tag."""
    number = str(getattr(document, "number", document))
    return number.rsplit("〕", 1)[-1]


TASK_STATUS_CLASSES = {
    "已完成": "done",
    "推进中": "on_track",
    "滞后": "behind",
    "逾期未报": "far_behind",
}


@register.filter
def status_of(statuses: dict[int, str], task_id: int) -> str:
    """The reported status label of one task item (`task_overview().statuses`)."""
    return statuses.get(task_id, "")


@register.filter
def task_status_class(label: str) -> str:
    """The status colour of a task label: 已完成 green, 滞后 amber, 逾期未报 red, else grey."""
    return TASK_STATUS_CLASSES.get(label, "no_data")


GROWTH_KINDS = frozenset({"cagr", "yearly_rate"})


def verdict_gap_text(row: object) -> str:
    """What a final verdict falls short by, in the target's own unit and as a share of the
    floor ("差 300.00 亿元（20.0%）", "差 10.0 个百分点（50.0%）", "差 12 名"), or which zones
    left the year incomplete ("缺报：乙区"); "" otherwise."""
    verdict = getattr(row, "verdict", None)
    if verdict is None:
        return ""
    if verdict.missing:
        return "缺报：" + "、".join(verdict.missing)
    if verdict.shortfall is None:
        return ""
    target = getattr(row, "target", None)
    kind = str(getattr(target, "kind", ""))
    indicator = getattr(row, "indicator", None)
    unit = str(getattr(indicator, "unit", ""))
    if kind in GROWTH_KINDS or unit in PERCENT_UNITS:
        gap = f"{amount(verdict.shortfall, 1)} 个百分点"
    elif kind == "rank":
        gap = f"{amount(verdict.shortfall, 0)} 名"
    else:
        gap = f"{figure(verdict.shortfall, indicator)} {unit}".rstrip()
    share = "" if verdict.shortfall_pct is None else f"（{pct(verdict.shortfall_pct)}）"
    return f"差 {gap}{share}"


@register.filter
def verdict_gap(row: object) -> str:
    """`{{ row|verdict_gap }}`: see `verdict_gap_text`."""
    return verdict_gap_text(row)
