"""What an indicator measures (amount, percent, count) is decided once, from its unit, and
every reader asks the indicator rather than comparing unit strings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from accounts.roles import STATISTICIAN
from chuxiong_zones.measures import Measure, measure_of
from dashboards.formatting import figure
from indicators import services
from indicators.validation import Entry
from targets.models import Document, Indicator


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("%", Measure.PERCENT),
        ("％", Measure.PERCENT),
        ("户", Measure.COUNT),
        ("家", Measure.COUNT),
        ("名", Measure.COUNT),
        ("亿元", Measure.AMOUNT),
        ("万美元", Measure.AMOUNT),
    ],
)
def test_a_unit_names_its_measure_full_width_percent_included(unit: str, expected: Measure) -> None:
    assert measure_of(unit) == expected


@pytest.mark.django_db
def test_a_full_width_percent_is_checked_and_shown_as_a_percentage(
    make_zone: Any, make_user: Any
) -> None:
    """「％」 once slipped past `unit == "%"`: the 0—100 check and the one-decimal display."""
    zone = make_zone("lufeng", "禄丰产业园区")
    share = Indicator.objects.create(code="share", name="主导产业占比", unit="％", kind="stock")
    assert share.measure == Measure.PERCENT

    saved = services.month_save(
        user=make_user("stat", STATISTICIAN, zone),
        zone=zone,
        year=2025,
        month=6,
        entries=[Entry(share, Decimal("120.5"))],
        expected_version=None,
    )
    assert [w.code for w in saved.warnings] == ["ratio_out_of_range"]
    assert figure(Decimal("45.25"), share) == "45.3"  # a percentage at one decimal


@pytest.mark.django_db
def test_the_shipped_catalogue_gives_each_indicator_its_measure_and_7_its_numbering() -> None:
    from django.core.management import call_command

    call_command("loaddata", "catalogue", "indicators", verbosity=0)
    measures = dict(Indicator.objects.values_list("code", "measure"))
    assert (measures["gyzcz"], measures["zdcy_share"], measures["gsgyqys"]) == (
        "amount",
        "percent",
        "count",
    )
    seven = Document.objects.get(code="cbf-2023-7")
    assert seven.item_numbering == Document.Numbering.CHINESE
    assert seven.tasks.get(number=7).label == "（七）"
    assert Document.objects.get(code="cbf-2023-5").tasks.get(number=9).label == "9."
