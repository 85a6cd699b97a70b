"""Dashboard text: figures by their unit, growth rates, what a final verdict falls short by.

Plain functions, used by the templates' filters (`templatetags/dashboard_format`), the
presenters and the Excel reports alike. Built on `portal_format` so rounding and the "—" for
a missing value are the same everywhere.
"""

from __future__ import annotations

from targets.templatetags.portal_format import Number, amount, pct

COUNT_UNITS = frozenset({"户", "家", "名", "个", "位", "项"})
PERCENT_UNITS = frozenset({"%", "％"})
GROWTH_KINDS = frozenset({"cagr", "yearly_rate"})


def format_figure(value: Number, unit: str, decimals: int = 2) -> str:
    """A figure with its unit's precision, without the unit (tables name it in the header)."""
    if unit in PERCENT_UNITS:
        return amount(value, 1)
    if unit in COUNT_UNITS:
        return amount(value, 0)
    return amount(value, decimals)


def figure(value: Number, indicator: object) -> str:
    """A figure formatted by its indicator's unit: 亿元 two decimals, % one, 户/家 none."""
    unit = str(getattr(indicator, "unit", ""))
    return format_figure(value, unit, int(getattr(indicator, "decimals", 2)))


def growth(value: Number) -> str:
    """A growth rate in percent with its sign: "+12.3%", "-4.0%"."""
    text = pct(value)
    if text == amount(None) or text.startswith("-"):
        return text
    return f"+{text}"


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
