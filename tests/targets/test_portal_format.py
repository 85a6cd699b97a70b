"""Number formatting filters: plain functions, no database."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.template import Context, Template

from chuxiong_zones.numbers import amount, pct, quantity, yiyuan
from targets.models import Indicator, Target
from targets.templatetags.portal_format import target_floor, target_stretch, target_value_text


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Decimal("1234.56"), 2, "1,234.56"),
        (Decimal("1234567.891"), 2, "1,234,567.89"),
        (Decimal("0.125"), 2, "0.13"),  # half up, as the statistics bureau rounds
        (Decimal("2.5"), 0, "3"),  # not banker's rounding
        (Decimal("1500"), 0, "1,500"),
        (Decimal("-1234.5"), 1, "-1,234.5"),
        (Decimal("-0.001"), 2, "0.00"),  # no "-0.00"
        (0.1, 3, "0.100"),  # a float goes through str(), not its binary expansion
        (42, 2, "42.00"),
        ("12.5", "1", "12.5"),  # template arguments may arrive as strings
    ],
)
def test_amount_groups_thousands_and_rounds(value: Any, decimals: Any, expected: str) -> None:
    assert amount(value, decimals) == expected


def test_amount_defaults_to_two_decimals() -> None:
    assert amount(Decimal("1234.5")) == "1,234.50"


def test_amount_shows_zero_as_a_reported_value() -> None:
    assert amount(Decimal("0")) == "0.00"
    assert amount(0) == "0.00"


@pytest.mark.parametrize("missing", [None, "", "not a number", Decimal("NaN")])
def test_amount_shows_missing_values_as_a_dash(missing: Any) -> None:
    assert amount(missing) == "—"


def test_yiyuan_appends_the_unit() -> None:
    assert yiyuan(Decimal("1500")) == "1,500.00 亿元"
    assert yiyuan(Decimal("1234.567"), 1) == "1,234.6 亿元"
    assert yiyuan(0) == "0.00 亿元"


def test_yiyuan_of_missing_value_has_no_unit() -> None:
    assert yiyuan(None) == "—"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("12.345"), "12.3%"),
        (Decimal("12.35"), "12.4%"),
        (Decimal("-3.25"), "-3.3%"),
        (Decimal("0"), "0.0%"),
        (20, "20.0%"),
        (None, "—"),
    ],
)
def test_pct_has_one_decimal(value: Any, expected: str) -> None:
    assert pct(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1500.0000"), "1,500"),
        (Decimal("2.5000"), "2.5"),
        (Decimal("0.0000"), "0"),
        (Decimal("12345.6780"), "12,345.678"),
        (None, "—"),
    ],
)
def test_quantity_drops_trailing_zeros(value: Any, expected: str) -> None:
    assert quantity(value) == expected


@pytest.mark.parametrize(
    ("value", "kind", "unit", "floor", "expected"),
    [
        ("1500.0000", "level", "亿元", True, "1,500亿元以上"),
        ("2000.0000", "level", "亿元", False, "2,000亿元"),
        ("20.0000", "cagr", "亿元", True, "20%以上"),  # growth of an 亿元 indicator is in %
        ("15.0000", "yearly_rate", "万元", True, "15%以上"),
        ("50.0000", "share", "%", True, "50%以上"),
        ("60.0000", "count", "户", True, "60户以上"),
        ("100.0000", "rank", "", True, "前100名"),  # lower is better: an upper bound
    ],
)
def test_target_value_text_phrases_values_as_the_documents_do(
    value: str, kind: str, unit: str, floor: bool, expected: str
) -> None:
    assert target_value_text(Decimal(value), kind=kind, unit=unit, floor=floor) == expected


def test_target_value_text_of_milestone_is_a_dash() -> None:
    assert target_value_text(None, kind="milestone", unit="", floor=True) == "—"


def test_target_floor_and_stretch_use_the_indicator_unit() -> None:
    target = Target(  # unsaved: no database needed
        kind=Target.Kind.LEVEL,
        floor=Decimal("1500.0000"),
        stretch=Decimal("2000.0000"),
        indicator=Indicator(unit="亿元"),
    )

    assert target_floor(target) == "1,500亿元以上"
    assert target_stretch(target) == "2,000亿元"


def test_target_without_indicator_or_stretch() -> None:
    target = Target(kind=Target.Kind.MILESTONE, floor=None, stretch=None, indicator=None)

    assert target_floor(target) == "—"
    assert target_stretch(target) == "—"


def test_filters_are_registered_for_templates() -> None:
    template = Template(
        "{% load portal_format %}{{ a|amount }} {{ a|amount:0 }} {{ a|yiyuan:1 }} {{ p|pct }}"
        " {{ missing|amount }}"
    )

    rendered = template.render(Context({"a": Decimal("1234.5"), "p": Decimal("7.25")}))

    assert rendered == "1,234.50 1,235 1,234.5 亿元 7.3% —"


def test_a_yearly_rank_improvement_and_a_reference_target_read_as_the_document_means() -> None:
    from targets.templatetags.portal_format import target_floor

    improvement = Target(kind="rank", floor=Decimal(1), first_year=2023, target_year=2025)
    top = Target(kind="rank", floor=Decimal(100), target_year=2035)
    bonds = Target(kind="reference", target_year=2025)

    assert target_floor(improvement) == "每年进位1名以上"
    assert target_floor(top) == "前100名"
    assert target_floor(bonds) == "对标省公布值（逐年）"
