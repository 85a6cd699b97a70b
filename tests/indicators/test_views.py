"""The indicator list page."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from targets.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicators() -> list[Indicator]:
    gdp = Indicator.objects.create(
        code="gdp",
        name="地区生产总值",
        unit="亿元",
        kind=Indicator.Kind.FLOW,
        frequency=Indicator.Frequency.ANNUAL,
        display_order=1,
    )
    rd = Indicator.objects.create(
        code="yfjf",
        name="研发经费投入",
        unit="亿元",
        kind=Indicator.Kind.FLOW,
        frequency=Indicator.Frequency.ANNUAL,
        display_order=2,
    )
    intensity = Indicator.objects.create(
        code="yfqd",
        name="研发投入强度",
        unit="%",
        kind=Indicator.Kind.RATIO,
        numerator=rd,
        denominator=gdp,
        ratio_scale=Decimal("100"),
        display_order=3,
    )
    firms = Indicator.objects.create(
        code="gsgyqys",
        name="规上工业企业数",
        unit="户",
        kind=Indicator.Kind.STOCK,
        decimals=0,
        display_order=4,
    )
    return [gdp, rd, intensity, firms]


def rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in body.split("</tr>")[:-1]
    ]


def test_indicator_list_shows_definitions_and_ratio_formula(
    user_client: Client, indicators: list[Indicator]
) -> None:
    html = user_client.get(reverse("indicators:indicator-list")).content.decode()

    assert rows(html) == [
        "gdp 地区生产总值 亿元 流量（1—N月累计） 年报 2 —",
        "yfjf 研发经费投入 亿元 流量（1—N月累计） 年报 2 —",
        "yfqd 研发投入强度 % 比率（由两项指标计算） 月报 2 研发经费投入 ÷ 地区生产总值 × 100",
        "gsgyqys 规上工业企业数 户 存量（期末数） 月报 0 —",
    ]


def test_indicator_list_runs_a_bounded_number_of_queries(
    user_client: Client, indicators: list[Indicator], django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(2 + 1):  # session, user, indicators with joins
        response = user_client.get(reverse("indicators:indicator-list"))

    assert response.status_code == 200
