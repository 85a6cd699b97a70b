"""The as-of month follows today's date: the last month that has ended and has figures. A
month that has not ended cannot be chosen for the dashboards or the 调度表."""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from indicators.models import Figure
from targets.models import Indicator, Zone

from .conftest import approve

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: datetime.date) -> Any:
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), tzinfo=SHANGHAI))


@pytest.fixture
def monthly(reference_catalogue: None) -> None:
    """楚雄国家高新区's 工业总产值 for every month of 2025 and 2026, all approved (December 2026
    included, as if typed ahead by mistake)."""
    cxgx, gyzcz = Zone.objects.get(code="cxgx"), Indicator.objects.get(code="gyzcz")
    for year in (2025, 2026):
        for month in range(1, 13):
            Figure.objects.create(
                zone=cxgx, indicator=gyzcz, year=year, month=month, value=Decimal(100 * month)
            )
            approve(cxgx, year, month)


@pytest.mark.parametrize(
    ("today", "default", "open_month"),
    [
        (datetime.date(2026, 12, 3), "2026-11", "2026-12"),
        (datetime.date(2026, 1, 2), "2025-12", "2026-01"),
    ],
)
def test_the_overview_opens_at_the_last_month_that_has_ended(
    leader_client: Client, monthly: None, today: datetime.date, default: str, open_month: str
) -> None:
    with at(today):
        html = leader_client.get(reverse("dashboards:overview")).content.decode()
        assert f'<option value="{default}" selected>' in html
        assert f'<option value="{open_month}"' not in html

        asked = leader_client.get(reverse("dashboards:overview"), {"as_of": open_month})
        text = asked.content.decode()
        assert f'<option value="{default}" selected>' in text
        assert "尚未结束，不能选择" in text


def test_the_default_is_the_last_ended_month_that_has_checked_figures(
    leader_client: Client, monthly: None
) -> None:
    Figure.objects.filter(year=2026, month__gte=10).delete()
    with at(datetime.date(2026, 12, 3)):
        html = leader_client.get(reverse("dashboards:overview")).content.decode()
    assert '<option value="2026-09" selected>' in html


def test_the_report_of_a_month_that_has_not_ended_is_refused(
    leader_client: Client, monthly: None
) -> None:
    with at(datetime.date(2026, 12, 3)):
        refused = leader_client.get(reverse("dashboards:report"), {"as_of": "2026-12"})
        assert refused.status_code == 404
        allowed = leader_client.get(reverse("dashboards:report"), {"as_of": "2026-11"})
        assert allowed.status_code == 200
