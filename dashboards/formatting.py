"""Dashboard text: figures by their measure, growth rates, what a final verdict falls short by.

Plain functions, used by the templates' filters (`templatetags/dashboard_format`), the
presenters and the Excel reports alike. Built on `portal_format` so rounding and the "—" for
a missing value are the same everywhere.
"""

from __future__ import annotations

from chuxiong_zones.measures import SHOWN_DECIMALS, Measure, measure_of
from chuxiong_zones.numbers import Number, amount, pct
from targets.models import Target

GROWTH_KINDS = frozenset({Target.Kind.CAGR, Target.Kind.YEARLY_RATE})


def measure(indicator: object) -> Measure:
    """The indicator's measure (`Indicator.measure`), or its unit's for an object without one."""
    stored = getattr(indicator, "measure", None)
    return Measure(stored) if stored else measure_of(str(getattr(indicator, "unit", "")))


def format_figure(value: Number, of: Measure, decimals: int = 2) -> str:
    """A figure at its measure's precision, without the unit (tables name it in the header):
    a percentage at one decimal, a count at none, an amount at its indicator's `decimals`."""
    return amount(value, SHOWN_DECIMALS.get(of, decimals))


def figure(value: Number, indicator: object) -> str:
    """A figure formatted by its indicator's measure: 亿元 two decimals, % one, 户/家 none."""
    return format_figure(value, measure(indicator), int(getattr(indicator, "decimals", 2)))


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
    if kind in GROWTH_KINDS or measure(indicator) == Measure.PERCENT:
        gap = f"{amount(verdict.shortfall, 1)} 个百分点"
    elif kind == Target.Kind.RANK:
        gap = f"{amount(verdict.shortfall, 0)} 名"
    else:
        gap = f"{figure(verdict.shortfall, indicator)} {unit}".rstrip()
    share = "" if verdict.shortfall_pct is None else f"（{pct(verdict.shortfall_pct)}）"
    return f"差 {gap}{share}"
