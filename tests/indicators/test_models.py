"""The figure queryset: which figures count as approved."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from indicators.models import Figure, Submission
from targets.models import Indicator


@pytest.mark.parametrize("in_bulk", [False, True])
def test_approved_figures_are_those_of_approved_months_and_quoted_ones(
    make_zone: Any, in_bulk: bool
) -> None:
    """Asked per figure or in bulk (the API's listing), the same figures: an approved month of
    the figure's own zone, or a quoted source that is not demo data."""
    a, b = make_zone("A", "甲园区"), make_zone("B", "乙园区")
    kinds = [("", False), ("州统计局", False), ("演示数据", True)]  # plain, quoted, demo
    indicators = [
        Indicator.objects.create(code=f"i{n}", name=f"指标{n}", unit="亿元", kind="flow")
        for n in range(len(kinds))
    ]
    for month, status in enumerate(["approved", "submitted", "draft", "returned"], start=1):
        Submission.objects.create(zone=a, year=2026, month=month, status=status)
    Submission.objects.create(zone=b, year=2026, month=6, status="approved")
    expected = set()
    for month in range(1, 7):  # 5: no submission at all; 6: approved for the other zone only
        for indicator, (source, is_demo) in zip(indicators, kinds, strict=True):
            figure = Figure.objects.create(
                zone=a,
                indicator=indicator,
                year=2026,
                month=month,
                value=Decimal(month),
                source=source,
                is_demo=is_demo,
            )
            if month == 1 or (source and not is_demo):
                expected.add(figure.pk)

    approved = Figure.objects.approved(in_bulk=in_bulk)

    assert set(approved.values_list("pk", flat=True)) == expected
    assert len(expected) == 8
