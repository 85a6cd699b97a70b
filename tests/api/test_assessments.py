"""/api/v1/assessments/: every target's standing at a closed month, from the dashboards'
selector, so the numbers a machine reads are the numbers a leader sees."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from accounts.roles import LEADER
from api.models import ApiToken
from chuxiong_zones.periods import Period
from dashboards.selectors import target_assessments
from indicators.models import Figure, Submission
from targets.models import Indicator, Target, Zone
from tests.conftest import build_catalogue

pytestmark = pytest.mark.django_db
URL = "/api/v1/assessments/"
# the token (with its user), then the selector: catalogue, zones, figures, submissions, milestones
QUERIES = 6


@pytest.fixture(autouse=True)
def _today() -> Any:
    cache.clear()
    with time_machine.travel(datetime.datetime(2026, 12, 3, 9, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def reader(make_user: Any) -> str:
    token = ApiToken(user=make_user("leader", LEADER), client="驾驶舱")
    raw = token.issue()
    token.save()
    return raw


def get(raw: str, query: str = "") -> Any:
    return Client().get(URL + query, HTTP_AUTHORIZATION=f"Token {raw}")


def report(zone: Zone, values: dict[tuple[int, int], str], *, approved: bool = True) -> None:
    output = Indicator.objects.get(code="industrial-output")
    status = Submission.Status.APPROVED if approved else Submission.Status.SUBMITTED
    for (year, month), value in values.items():
        Figure.objects.create(
            zone=zone, indicator=output, year=year, month=month, value=Decimal(value)
        )
        Submission.objects.get_or_create(
            zone=zone, year=year, month=month, defaults={"status": status}
        )


def world(extra_zones: int = 0) -> Any:
    cat = build_catalogue(tasks=1)
    output = Indicator.objects.get(code="industrial-output")
    Target.objects.create(
        code="all-output-2027",
        document=cat.doc5,
        clause="一（二）",
        quote="……",
        title="全州开发区工业总产值",
        kind=Target.Kind.LEVEL,
        scope=Target.Scope.ALL_ZONES,
        indicator=output,
        floor=Decimal("3000"),
        target_year=2027,
    )
    report(
        cat.zone, {(2022, 12): "600", (2025, 11): "1300", (2025, 12): "1420", (2026, 11): "1500.5"}
    )
    for n in range(extra_zones):
        zone = Zone.objects.create(
            code=f"z{n}",
            name=f"园区{n}",
            short_name=f"园{n}",
            level=Zone.Level.PROVINCIAL,
            locality="楚雄州",
            source="t",
        )
        report(zone, {(2025, 11): "90", (2025, 12): "100", (2026, 11): "110"})
    return cat


def by_code(response: Any) -> dict[str, dict[str, Any]]:
    assert response.status_code == 200, response.content
    return {row["target"]: row for row in response.json()["results"]}


def dec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


@pytest.mark.parametrize("scope", ["approved", "reported"])
def test_numbers_equal_the_dashboards_selector(reader: str, scope: str) -> None:
    world(extra_zones=2)
    report(Zone.objects.get(code="z0"), {(2026, 10): "1"}, approved=False)
    api = by_code(get(reader, f"?as_of=2026-11&scope={scope}"))
    rows = target_assessments(as_of=Period(2026, 11), approved_only=scope == "approved")
    assert set(api) == {row.target.code for row in rows}
    for row in rows:
        got = api[row.target.code]
        assert (got["status"], got["status_label"], got["is_final"]) == (
            str(row.status),
            row.status_label,
            row.is_final,
        )
        assert dec(got["value"]) == row.value
        assert dec(got["ratio_pct"]) == row.ratio_pct
        assert dec(got["progress_pct"]) == row.assessment.progress_pct
        assert dec(got["required_growth_pct"]) == row.assessment.required_growth_pct
        assert dec(got["remaining_growth_pct"]) == row.assessment.remaining_growth_pct
        assert dec(got["projection"]) == row.assessment.projection
        assert got["period"] == (row.period.key if row.period else None)
        verdict = row.verdict
        assert got["verdict_year"] == (verdict.year if verdict else None)
        assert dec(got["shortfall"]) == (verdict.shortfall if verdict else None)
        assert dec(got["shortfall_pct"]) == (verdict.shortfall_pct if verdict else None)


def test_a_closed_target_year_gives_its_final_verdict_with_the_shortfall(reader: str) -> None:
    world()
    row = by_code(get(reader, "?as_of=2026-11"))["cbf7-growth"]
    # 2022 → 2025: 600 → 1420 亿元 is 33.3% a year, above the 20% floor
    assert (row["is_final"], row["final"], row["final_label"], row["verdict_year"]) == (
        True,
        "met",
        "已完成",
        2025,
    )
    running = by_code(get(reader, "?as_of=2026-11"))["all-output-2027"]
    assert (running["is_final"], running["final"], running["value"]) == (False, None, "1500.5000")
    assert running["period"] == "2026-11"


def test_missed_target_names_its_shortfall(reader: str) -> None:
    world()
    Target.objects.filter(code="cbf7-growth").update(floor=Decimal("40"))
    row = by_code(get(reader, "?as_of=2026-11"))["cbf7-growth"]
    assert (row["final"], row["status"], row["status_label"]) == ("missed", "missed", "未完成")
    assert Decimal(row["shortfall"]) > 0
    assert row["missing_zones"] == []


def test_a_month_that_has_not_ended_is_refused(reader: str) -> None:
    world()
    response = get(reader, "?as_of=2026-12")
    assert response.status_code == 400
    assert "尚未结束" in response.json()["as_of"][0]
    assert get(reader, "?as_of=2026-13").status_code == 400
    assert get(reader, "?as_of=2026-11&scope=drafts").status_code == 400


def test_default_month_is_the_last_one_ended(reader: str) -> None:
    world()
    assert get(reader).json()["as_of"] == "2026-11"


def test_needs_login_or_a_token() -> None:
    assert Client().get(URL).status_code in (401, 403)


def test_query_count_does_not_depend_on_the_number_of_zones(
    reader: str, django_assert_num_queries: Any
) -> None:
    world(extra_zones=1)
    with django_assert_num_queries(QUERIES):
        by_code(get(reader, "?as_of=2026-11"))
    for n in range(1, 8):
        zone = Zone.objects.create(
            code=f"more{n}",
            name=f"更多{n}",
            short_name=f"多{n}",
            level=Zone.Level.PROVINCIAL,
            locality="楚雄州",
            source="t",
        )
        report(zone, {(2025, 12): "10", (2026, 11): "11"})
    with django_assert_num_queries(QUERIES):
        assert len(by_code(get(reader, "?as_of=2026-11"))) == 2
