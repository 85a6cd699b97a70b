"""The rules a month's figures must pass, written once for the form, the upload and imports.

`parse_value` turns what a person typed (or an Excel cell) into a Decimal or an error;
`check_month` compares the parsed values with what the zone reported before. Both return
`Issue`s in Chinese naming the indicator and the reason; callers add the row and column.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from django.db import models

from chuxiong_zones.periods import Period
from indicators.models import Figure
from targets.models import Indicator

UNIT_SLIP_LOW = Decimal(1000)  # a value ~10,000× the previous one: 万元 typed into 亿元
UNIT_SLIP_HIGH = Decimal(100000)
#: Significant digits a figure may have on every supported database. SQLite stores a decimal
#: as REAL and Django reads it back at 15 significant digits (DBL_DIG), so a 16th digit would
#: come back rounded, or overflow the column; PostgreSQL keeps more, but a figure must mean the
#: same on both.
SIGNIFICANT_DIGITS = 15


def _decimal_field(name: str) -> models.DecimalField[Decimal, Decimal]:
    model_field = Figure._meta.get_field(name)
    assert isinstance(model_field, models.DecimalField)  # narrows the type for mypy
    return model_field


def _integer_digits(name: str) -> int:
    model_field = _decimal_field(name)
    return int(model_field.max_digits or 0) - int(model_field.decimal_places or 0)


#: The longest explanation a figure holds (the model field's limit, for the form and uploads).
EXPLANATION_MAX_LENGTH = int(Figure._meta.get_field("explanation").max_length or 0)

#: Integer digits the database columns hold (Figure.value 18,4; reported_growth_pct 10,2).
INTEGER_DIGITS = {name: _integer_digits(name) for name in ("value", "reported_growth_pct")}
#: Decimals the database columns hold; a value's own limit is its indicator's `decimals`.
DECIMAL_PLACES = {
    name: int(_decimal_field(name).decimal_places or 0) for name in ("value", "reported_growth_pct")
}


#: A number written with thousands separators (half- or full-width commas): every group after
#: the first has exactly three digits, and a decimal point "." may follow.
GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:[,，][0-9]{3})+(?:\.[0-9]*)?")


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    indicator: str  # indicator code
    level: Level
    code: str
    message: str
    field: str = "value"

    @property
    def is_error(self) -> bool:
        return self.level == Level.ERROR


@dataclass(frozen=True)
class Entry:
    """One indicator's input for the month, already parsed."""

    indicator: Indicator
    value: Decimal | None
    reported_growth_pct: Decimal | None = None
    explanation: str = ""


@dataclass(frozen=True)
class History:
    """What the zone reported before, for the comparisons (None where not reported)."""

    previous_month: Decimal | None = None  # same year, month − 1 (cumulative for flows)
    last_year: Decimal | None = None  # same month of the previous year


def _error(indicator: Indicator, code: str, reason: str, field: str = "value") -> Issue:
    return Issue(indicator.code, Level.ERROR, code, f"「{indicator.name}」{reason}", field)


def _warning(indicator: Indicator, code: str, reason: str) -> Issue:
    return Issue(indicator.code, Level.WARNING, code, f"「{indicator.name}」{reason}")


def _ungrouped(text: str) -> str | None:
    """The number without its thousands separators; None if a separator is out of place."""
    if "," not in text and "，" not in text:
        return text
    if not GROUPED.fullmatch(text):
        return None
    return text.replace(",", "").replace("，", "")


def parse_value(
    raw: object, indicator: Indicator, *, field: str = "value", decimals: int | None = None
) -> tuple[Decimal | None, Issue | None]:
    """Blank stays None (not reported); 0 stays 0. Numbers keep exactly the digits typed."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    if isinstance(raw, bool):
        return None, _error(indicator, "not_a_number", f"不是数字：{raw}", field)
    text = _ungrouped(str(raw).strip())
    if text is None:
        return None, _error(
            indicator,
            "misplaced_separator",
            f"千分位分隔符位置不对：“{raw}”（逗号只能每三位一组，如 1,234.5；小数点请用“.”）",
            field,
        )
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None, _error(indicator, "not_a_number", f"不是有效数字：“{raw}”", field)
    if not value.is_finite():
        return None, _error(indicator, "not_a_number", f"不是有效数字：“{raw}”", field)
    issue = check_value(value, indicator, field=field, decimals=decimals, raw=raw)
    return (None, issue) if issue else (value, None)


def check_value(
    value: Decimal,
    indicator: Indicator,
    *,
    field: str = "value",
    decimals: int | None = None,
    raw: object = None,
) -> Issue | None:
    """The one check of a number's size, decimals and sign, with the limits read from the
    model's fields: `parse_value` runs it on what was typed, and the write planner on every
    entry it is given, whatever path built it."""
    shown = value if raw is None else raw
    limit = INTEGER_DIGITS[field]
    if value != 0 and value.adjusted() + 1 > limit:
        return _error(
            indicator, "too_large", f"数值过大（整数部分最多 {limit} 位）：“{shown}”", field
        )
    if decimals is None:
        decimals = indicator.decimals if field == "value" else DECIMAL_PLACES[field]
    # What was typed keeps its digits ("1.230" has three decimals); a value read back from the
    # database carries the column's trailing zeros (12.5000), which are not the figure's.
    exponent = value.as_tuple().exponent
    if raw is None and isinstance(exponent, int) and -exponent > decimals:
        exponent = value.normalize().as_tuple().exponent
    typed_decimals = max(-exponent, 0) if isinstance(exponent, int) else 0
    if typed_decimals > decimals:
        return _error(
            indicator, "too_many_decimals", f"最多保留 {decimals} 位小数：“{shown}”", field
        )
    integer_digits = max(value.adjusted() + 1, 0) if value != 0 else 0
    if integer_digits + typed_decimals > SIGNIFICANT_DIGITS:
        return _error(
            indicator,
            "too_many_digits",
            f"数字位数过多（整数位与小数位合计最多 {SIGNIFICANT_DIGITS} 位）：“{shown}”",
            field,
        )
    if field == "value" and value < 0 and not indicator.allow_negative:
        return _error(indicator, "negative", f"不能为负数：{value}", field)
    return None


def explanation_issue(text: str, indicator: Indicator) -> Issue | None:
    """An error if the explanation is longer than the figure can hold."""
    if len(text) <= EXPLANATION_MAX_LENGTH:
        return None
    return _error(
        indicator,
        "explanation_too_long",
        f"异常说明不能超过 {EXPLANATION_MAX_LENGTH} 字（现有 {len(text)} 字）",
        "explanation",
    )


def check_period(*, year: int, month: int, today: datetime.date) -> str | None:
    """Why a month cannot be entered on `today`, else None. A month opens on its last day, so
    that the 快报 can be prepared; months after it have not come yet."""
    if not 1 <= month <= 12:
        return f"月份应为 1—12，而不是 {month}"
    if (year, month) > (today.year, today.month):
        return f"{year}年{month}月尚未到来，不能填报"
    if today < Period(year, month).last_day:
        last = Period(year, month).last_day
        return f"{year}年{month}月尚未结束，月末最后一天（{month}月{last.day}日）起才能填报"
    return None


def check_ended(*, year: int, month: int, today: datetime.date) -> str | None:
    """Why a month cannot be submitted or approved on `today` (it has not ended), else None."""
    if today <= Period(year, month).last_day:
        return f"{year}年{month}月尚未结束，月份结束后才能提交或审核"
    return None


def shown(value: Decimal, indicator: Indicator) -> str:
    """A value as messages show it: at the indicator's decimals (213.87, not 213.8700)."""
    return f"{value:,.{indicator.decimals}f}"


def _changed_too_much(value: Decimal, before: Decimal | None, limit: Decimal) -> bool:
    if before is None or before == 0:
        return False
    return abs(value / before - 1) * 100 > limit


def _unit_slip(value: Decimal, before: Decimal | None) -> bool:
    if before is None or before <= 0 or value <= 0:
        return False
    ratio = value / before
    return UNIT_SLIP_LOW <= ratio <= UNIT_SLIP_HIGH or (
        1 / UNIT_SLIP_HIGH <= ratio <= 1 / UNIT_SLIP_LOW
    )


def check_entry(entry: Entry, history: History, *, month: int) -> list[Issue]:
    """Errors and warnings for one parsed value against the zone's earlier figures."""
    indicator, value = entry.indicator, entry.value
    if value is None:
        return []
    issues: list[Issue] = []
    before = history.previous_month if month > 1 else None
    if indicator.is_flow and before is not None and value < before:
        issues.append(
            _error(
                indicator,
                "cumulative_decreased",
                f"1—{month}月累计 {shown(value, indicator)} 小于上月累计 {shown(before, indicator)}",
            )
        )
    if _unit_slip(value, before) or _unit_slip(value, history.last_year):
        issues.append(
            _warning(
                indicator,
                "unit_slip",
                f"约为此前数值的 1 万倍或万分之一，请核对单位（{indicator.unit}）",
            )
        )
    elif _changed_too_much(value, before, indicator.warn_change_pct) and not indicator.is_flow:
        issues.append(
            _warning(
                indicator, "change_vs_last_month", f"较上月变动超过 {indicator.warn_change_pct}%"
            )
        )
    elif _changed_too_much(value, history.last_year, indicator.warn_change_pct):
        issues.append(
            _warning(
                indicator, "change_vs_last_year", f"较上年同期变动超过 {indicator.warn_change_pct}%"
            )
        )
    if indicator.is_percent and not Decimal(0) <= value <= Decimal(100):
        issues.append(
            _warning(
                indicator, "ratio_out_of_range", f"比率 {shown(value, indicator)}% 超出 0—100% 范围"
            )
        )
    return issues


def explained(issues: list[Issue], entries: dict[str, Entry]) -> list[Issue]:
    """Warnings that still need a written explanation before the month can be submitted."""
    return [
        issue
        for issue in issues
        if issue.level == Level.WARNING and not entries[issue.indicator].explanation.strip()
    ]


# --- 审核公式: checks across indicators ----------------------------------------------------


class RuleKind(StrEnum):
    NOT_ABOVE = "not_above"  # the part, or the sum of the parts, is not above the whole
    NO_FALL = "no_fall"  # a stock does not fall below the period before


@dataclass(frozen=True)
class Rule:
    """One 审核公式 as the checks read it (`indicators.models.CheckRule` is what an admin edits)."""

    name: str
    kind: RuleKind
    level: Level
    parts: tuple[Indicator, ...]
    whole: Indicator | None = None


def _rule_issue(rule: Rule, attached: Indicator, reason: str) -> Issue:
    return Issue(attached.code, rule.level, "rule", f"{reason}（审核公式：{rule.name}）")


def _named(indicator: Indicator, value: Decimal) -> str:
    return f"「{indicator.name}」{shown(value, indicator)}{indicator.unit}"


def _not_above(rule: Rule, values: Mapping[int, Decimal | None], entered: Set[int]) -> Issue | None:
    whole = rule.whole
    if whole is None or (total := values.get(whole.pk)) is None:
        return None
    present = [(p, v) for p in rule.parts if (v := values.get(p.pk)) is not None]
    if not present or not {whole.pk, *(p.pk for p, _ in present)} & entered:
        return None
    summed = sum((v for _, v in present), Decimal(0))
    if summed <= total:
        return None
    if len(rule.parts) == 1:
        part, value = present[0]
        attached = part if part.pk in entered else whole
        return _rule_issue(rule, attached, f"{_named(part, value)} 大于{_named(whole, total)}")
    names = "、".join(f"「{p.name}」" for p, _ in present)
    attached = whole if whole.pk in entered else next(p for p, _ in present if p.pk in entered)
    return _rule_issue(
        rule, attached, f"{names}合计 {shown(summed, whole)}{whole.unit} 大于{_named(whole, total)}"
    )


def _no_fall(
    rule: Rule,
    values: Mapping[int, Decimal | None],
    before: Mapping[int, Decimal | None],
    entered: Set[int],
) -> list[Issue]:
    issues = []
    for stock in rule.parts:
        value, earlier = values.get(stock.pk), before.get(stock.pk)
        if stock.pk in entered and value is not None and earlier is not None and value < earlier:
            issues.append(
                _rule_issue(
                    rule,
                    stock,
                    f"{_named(stock, value)} 低于上期的 {shown(earlier, stock)}{stock.unit}",
                )
            )
    return issues


def check_rules(
    rules: Iterable[Rule],
    *,
    values: Mapping[int, Decimal | None],
    before: Mapping[int, Decimal | None],
    entered: Set[int],
) -> list[Issue]:
    """The 审核公式 for one zone's month. `values`: the month's figures as the write leaves them,
    by indicator id; `before`: the period before (last month, or last December for January);
    `entered`: the indicators being entered. A rule is checked where it relates at least one
    of them, so an old figure does not block a month's unrelated entries."""
    issues: list[Issue] = []
    for rule in rules:
        if rule.kind == RuleKind.NOT_ABOVE:
            if issue := _not_above(rule, values, entered):
                issues.append(issue)
        else:
            issues.extend(_no_fall(rule, values, before, entered))
    return issues
