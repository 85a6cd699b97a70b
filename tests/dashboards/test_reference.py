"""Reference targets (5号 task 14) judged against the value an admin entered for the year."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from dashboards.selectors.assess import target_spec
from dashboards.selectors.reference import reference_values, with_reference
from indicators import calculations as calc
from targets.models import ReferenceSeries, ReferenceValue, Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def bonds(db: None) -> list[Target]:
    call_command("loaddata", "catalogue", "indicators", "targets", verbosity=0)
    series = ReferenceSeries.objects.get(code="prov-avg-zxzq")
    ReferenceValue.objects.create(
        series=series, year=2023, value=Decimal("3.2"), source="省发展改革委通报（示例）"
    )
    return list(Target.objects.filter(kind=Target.Kind.REFERENCE).select_related("indicator"))


def _assess(target: Target, year: int, value: str, values: Any) -> calc.Assessment:
    spec = with_reference(
        target_spec(target, target.indicator), target=target, year=year, values=values
    )
    return calc.assess(spec, calc.Observation(year=year, month=12, value=Decimal(value)))


def test_a_zone_above_the_provinces_average_meets_it_and_one_equal_to_it_does_not(
    bonds: list[Target], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        values = reference_values(targets=bonds)
    cxgx = next(t for t in bonds if t.code == "5-cxgx-zxzq")

    assert _assess(cxgx, 2023, "3.5", values).met is True
    assert _assess(cxgx, 2023, "3.2", values).met is False  # “高于”: equal is not enough


def test_a_year_without_an_entered_reference_value_has_no_verdict(bonds: list[Target]) -> None:
    values = reference_values(targets=bonds)
    cxgx = next(t for t in bonds if t.code == "5-cxgx-zxzq")

    assert _assess(cxgx, 2024, "9", values).status is calc.Status.NO_DATA
