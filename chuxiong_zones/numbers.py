"""Numbers as Chinese statistical tables write them. Django-free, used by every app: the
templates' filters (`targets/templatetags/portal_format`), the dashboards, the reports.

A missing value (None, or the empty string a template gives for a missing variable) shows as
"—"; zero is a reported value and shows as "0.00", never as a blank. Rounding is half up, as
the statistics bureau rounds.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MISSING = "—"

Number = Decimal | int | float | str | None


def to_decimal(value: Number) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        # str() first, so 0.1 (a float) becomes Decimal("0.1") and not its binary expansion.
        return Decimal(str(value))
    except InvalidOperation:
        return None


def amount(value: Number, decimals: int | str = 2) -> str:
    """1234.5 → "1,234.50"; rounds half up (the statistics bureau's rounding); None → "—"."""
    number = to_decimal(value)
    if number is None or not number.is_finite():
        return MISSING
    places = int(decimals)
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0.00"
    return f"{rounded:,.{places}f}"


def yiyuan(value: Number, decimals: int | str = 2) -> str:
    """1500 → "1,500.00 亿元"; None → "—" (without a unit)."""
    text = amount(value, decimals)
    return text if text == MISSING else f"{text} 亿元"


def pct(value: Number) -> str:
    """A value already in percent: 12.345 → "12.3%"; None → "—"."""
    text = amount(value, 1)
    return text if text == MISSING else f"{text}%"


def quantity(value: Number) -> str:
    """A value as a document writes it, without trailing zeros: 1500.0000 → "1,500"."""
    number = to_decimal(value)
    if number is None or not number.is_finite():
        return MISSING
    exponent = number.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return amount(number, places)
