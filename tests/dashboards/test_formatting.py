"""The dashboards' text (`dashboards.formatting`), the same in pages and in the Excel reports."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template

from dashboards.formatting import verdict_gap_text


def _row(
    kind: str,
    unit: str,
    *,
    shortfall: str | None,
    pct: str | None = None,
    missing: tuple[str, ...] = (),
) -> SimpleNamespace:
    verdict = SimpleNamespace(
        missing=missing,
        shortfall=None if shortfall is None else Decimal(shortfall),
        shortfall_pct=None if pct is None else Decimal(pct),
    )
    return SimpleNamespace(
        target=SimpleNamespace(kind=kind),
        indicator=SimpleNamespace(unit=unit, decimals=2),
        verdict=verdict,
    )


@pytest.mark.parametrize(
    ("row", "text"),
    [
        (_row("level", "亿元", shortfall="300", pct="20"), "差 300.00 亿元（20.0%）"),
        (_row("cagr", "亿元", shortfall="10", pct="50"), "差 10.0 个百分点（50.0%）"),
        (_row("share", "%", shortfall="4.5"), "差 4.5 个百分点"),
        (_row("rank", "名", shortfall="12"), "差 12 名"),
        (_row("level", "亿元", shortfall=None, missing=("乙区", "丙区")), "缺报：乙区、丙区"),
        (_row("level", "亿元", shortfall=None), ""),
        (SimpleNamespace(verdict=None), ""),
    ],
)
def test_a_final_verdict_says_what_it_falls_short_by_in_the_targets_unit(
    row: SimpleNamespace, text: str
) -> None:
    assert verdict_gap_text(row) == text


def test_the_template_filter_writes_the_same_text() -> None:
    row = _row("level", "亿元", shortfall="300", pct="20")
    template = Template("{% load dashboard_format %}{{ row|verdict_gap }}")

    assert template.render(Context({"row": row})) == verdict_gap_text(row)
