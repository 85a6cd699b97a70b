"""Feeding “对标参考值” targets (5号 task 14: “高于全省支持开发区的平均水平”) their reference
value: the value of the target's `ReferenceSeries` for the year judged, entered by an admin.

One query for every reference target of a page; the comparison itself is
`indicators.calculations.meets_reference`, reached through `calculations.assess` once the spec
carries `reference` and `reference_strict`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from decimal import Decimal

from indicators import calculations as calc
from targets.models import ReferenceValue, Target

ReferenceValues = dict[tuple[int, int], tuple[Decimal, bool]]


def reference_values(*, targets: Iterable[Target]) -> ReferenceValues:
    """(series id, year) → (value, strictly above) for the series the targets use: one query,
    none when no target is a reference target."""
    series_ids = {t.reference_series_id for t in targets if t.reference_series_id is not None}
    if not series_ids:
        return {}
    rows = ReferenceValue.objects.filter(series_id__in=series_ids).values_list(
        "series_id", "year", "value", "series__strictly_above"
    )
    return {(series, year): (value, strict) for series, year, value, strict in rows}


def with_reference(
    spec: calc.TargetSpec, *, target: Target, year: int, values: ReferenceValues
) -> calc.TargetSpec:
    """`spec` with the reference value of `year` (None when the admin has not entered it,
    which `assess` reports as 无数据)."""
    if target.reference_series_id is None:
        return spec
    value, strict = values.get((target.reference_series_id, year), (None, False))
    return dataclasses.replace(spec, reference=value, reference_strict=strict)
