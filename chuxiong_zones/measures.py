"""What an indicator measures, decided once from its unit: an amount (亿元, 万元, 万美元), a
percentage (%) or a count (户, 家, 名 …). Django-free, used by every app: the model stores it
(`Indicator.measure`, set from the unit by a data migration), and pure code that holds only a
unit (the 通报's phrasing rules) asks `measure_of`."""

from __future__ import annotations

from enum import StrEnum


class Measure(StrEnum):
    AMOUNT = "amount"
    PERCENT = "percent"
    COUNT = "count"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {Measure.AMOUNT: "金额/数量", Measure.PERCENT: "百分比", Measure.COUNT: "个数"}

#: The one list of each: a unit not in either is an amount.
PERCENT_UNITS = frozenset({"%", "％"})
COUNT_UNITS = frozenset({"户", "家", "名", "个", "位", "项"})

#: Decimals shown for a percentage and a count (an amount shows its indicator's own).
SHOWN_DECIMALS = {Measure.PERCENT: 1, Measure.COUNT: 0}


def measure_of(unit: str) -> Measure:
    """The measure a unit names: "％" and "%" alike are percentages."""
    text = unit.strip()
    if text in PERCENT_UNITS:
        return Measure.PERCENT
    if text in COUNT_UNITS:
        return Measure.COUNT
    return Measure.AMOUNT
