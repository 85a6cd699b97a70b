"""Number formatting for Chinese statistical tables.

Every filter is a plain typed function, so it is tested without templates or a database.
A missing value (None, or the empty string a template gives for a missing variable) shows
as "—"; zero is a reported value and shows as "0.00", never as a blank.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

from targets.models import Target

register = template.Library()

MISSING = "—"

Number = Decimal | int | float | str | None

# Target kinds whose values are rates in percent whatever the indicator's own unit is.
_RATE_KINDS = frozenset({"cagr", "yearly_rate"})


def _to_decimal(value: Number) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        # str() first, so 0.1 (a float) becomes Decimal("0.1") and not its binary expansion.
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def amount(value: Number, decimals: int | str = 2) -> str:
    """1234.5 → "1,234.50"; rounds half up (the statistics bureau's rounding); None → "—"."""
    number = _to_decimal(value)
    if number is None or not number.is_finite():
        return MISSING
    places = int(decimals)
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0.00"
    return f"{rounded:,.{places}f}"


@register.filter
def yiyuan(value: Number, decimals: int | str = 2) -> str:
    """1500 → "1,500.00 亿元"; None → "—" (without a unit)."""
    text = amount(value, decimals)
    return text if text == MISSING else f"{text} 亿元"


@register.filter
def pct(value: Number) -> str:
    """A value already in percent: 12.345 → "12.3%"; None → "—"."""
    text = amount(value, 1)
    return text if text == MISSING else f"{text}%"


@register.filter
def quantity(value: Number) -> str:
    """A value as a document writes it, without trailing zeros: 1500.0000 → "1,500"."""
    number = _to_decimal(value)
    if number is None or not number.is_finite():
        return MISSING
    exponent = number.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return amount(number, places)


def target_value_text(value: Number, *, kind: str, unit: str, floor: bool) -> str:
    """A target value as the documents phrase it.

    A floor reads "1,500亿元以上" or "20%以上"; a stretch value has no "以上". A rank is an
    upper bound where lower is better, so it reads "前100名". A milestone has no value: "—".
    """
    if _to_decimal(value) is None:
        return MISSING
    number = quantity(value)
    if kind == Target.Kind.RANK:
        return f"前{number}名"
    if kind in _RATE_KINDS:
        unit = "%"
    return f"{number}{unit}以上" if floor else f"{number}{unit}"


def _target_unit(target: Target) -> str:
    return target.indicator.unit if target.indicator is not None else ""


REFERENCE_GOAL = "对标省公布值（逐年）"


def target_floor_text(target: Target) -> str:
    """The floor as the document means it. Two kinds read differently from their numbers: a
    yearly rank improvement (rank with `first_year`) is "每年进位1名以上", not "前1名"; a
    reference target has no number of its own, its goal is the province's value each year."""
    if target.kind == Target.Kind.REFERENCE:
        return REFERENCE_GOAL
    if (
        target.kind == Target.Kind.RANK
        and target.first_year is not None
        and target.floor is not None
    ):
        return f"每年进位{quantity(target.floor)}名以上"
    return target_value_text(target.floor, kind=target.kind, unit=_target_unit(target), floor=True)


@register.filter
def target_floor(target: Target) -> str:
    """The target's floor (目标值) with its unit: "1,500亿元以上"."""
    return target_floor_text(target)


@register.filter
def target_stretch(target: Target) -> str:
    """The target's stretch value (力争值) with its unit: "2,000亿元"; none → "—"."""
    return target_value_text(
        target.stretch, kind=target.kind, unit=_target_unit(target), floor=False
    )
