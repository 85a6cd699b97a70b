"""Each selector and page runs the same number of queries for 4 zones or 40, 12 months or 72."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dashboards.selectors import (
    Period,
    benchmark_comparison,
    cluster_progress,
    target_assessments,
    target_detail,
    target_for_page,
    zone_detail,
    zone_overview,
)
from dashboards.selectors.periods import months_between
from indicators.models import Figure, Submission
from targets.models import Indicator, Target, Zone

AS_OF = Period(2025, 6)
SIZES = [
    pytest.param((4, 12), id="4-zones-12-months"),
    pytest.param((40, 12), id="40-zones-12-months"),
    pytest.param((4, 72), id="4-zones-72-months"),
    pytest.param((40, 72), id="40-zones-72-months"),
]


@pytest.fixture
def data(request: pytest.FixtureRequest, build: Any) -> dict[str, Any]:
    zone_count, month_count = request.param
    zones = [
        build.zone(f"z{i:02d}", order=i, level=Zone.Level.NATIONAL if i == 0 else "provincial")
        for i in range(zone_count)
    ]
    build.zone("kmgx", benchmark=True, order=99)
    gyzcz = build.indicator("gyzcz")
    yysr = build.indicator("yysr")
    part = build.indicator("zdcy_yysr")
    share = build.indicator(
        "zdcy_share",
        unit="%",
        kind=Indicator.Kind.RATIO,
        numerator=part,
        denominator=yysr,
        ratio_scale=Decimal(100),
    )
    gdp = build.indicator("gdp", frequency=Indicator.Frequency.ANNUAL)
    cluster = build.cluster("pv", zones[:2])
    pv = build.indicator("gyzcz_pv", cluster=cluster, parent=gyzcz)
    months = months_between(AS_OF.shift(1 - month_count), AS_OF)
    Figure.objects.bulk_create(
        Figure(
            zone=zone,
            indicator=indicator,
            year=p.year,
            month=p.month,
            value=Decimal(10 + i),
            is_demo=True,
        )
        for i, zone in enumerate(zones)
        for indicator in (gyzcz, yysr, part, pv)
        for p in months
    )
    Figure.objects.bulk_create(
        Figure(zone=zone, indicator=gdp, year=year, month=12, value=Decimal(100))
        for zone in zones
        for year in {p.year for p in months if p.month == 12}
    )
    Submission.objects.bulk_create(
        Submission(zone=zone, year=p.year, month=p.month, status="approved")
        for zone in zones
        for p in months
    )
    doc7 = build.document("cbf-2023-7")
    level = build.target(
        "level", zone=zones[0], indicator=gyzcz, floor=Decimal(1500), base_year=2022, document=doc7
    )
    build.target(
        "old-level",
        zone=zones[0],
        indicator=gyzcz,
        floor=Decimal(1200),
        base_year=2022,
        superseded_by=level,
    )
    build.target(
        "cagr",
        kind=Target.Kind.CAGR,
        scope=Target.Scope.ALL_ZONES,
        indicator=gyzcz,
        floor=Decimal(20),
        base_year=2022,
    )
    build.target(
        "share",
        kind=Target.Kind.SHARE,
        scope=Target.Scope.ALL_ZONES,
        indicator=share,
        floor=Decimal(50),
    )
    build.target(
        "pv",
        scope=Target.Scope.CLUSTER,
        cluster=cluster,
        indicator=pv,
        floor=Decimal(300),
        base_year=2022,
    )
    build.target("milestone", kind=Target.Kind.MILESTONE, scope=Target.Scope.ALL_ZONES)
    return {"zones": zones, "level": level}


@pytest.mark.parametrize("data", SIZES, indirect=True)
def test_target_assessments(data: Any, django_assert_num_queries: Any) -> None:
    # targets, their clusters' zones, zones, indicators, figures, approved submissions,
    # milestone evidence reported through task supervision
    with django_assert_num_queries(7):
        rows = target_assessments(as_of=AS_OF)
    assert len(rows) == 5


@pytest.mark.parametrize("data", SIZES, indirect=True)
def test_zone_overview(data: Any, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(7):  # milestone evidence read once for both months
        overview = zone_overview(as_of=AS_OF)
    assert [card.name for card in overview.cards] == ["z00园区", "全州开发区"]
    assert len(overview.rankings[0].rows) == len(data["zones"])


@pytest.mark.parametrize("data", SIZES, indirect=True)
def test_zone_detail(data: Any, django_assert_num_queries: Any) -> None:
    # the overview's six, plus the zone's monthly series
    with django_assert_num_queries(7):
        detail = zone_detail(zone=data["zones"][0], as_of=AS_OF)
    assert detail.series is not None


@pytest.mark.parametrize("data", SIZES, indirect=True)
def test_target_detail(data: Any, django_assert_num_queries: Any) -> None:
    # target, zones, indicators, figures, submissions, the targets it replaces
    with django_assert_num_queries(6):
        detail = target_detail(target=target_for_page(code="level"), as_of=AS_OF)
    assert len(detail.history) == 30


@pytest.mark.parametrize("data", SIZES, indirect=True)
def test_cluster_progress(data: Any, django_assert_num_queries: Any) -> None:
    # clusters, their zones, targets, their clusters' zones, zones, indicators, figures,
    # submissions
    with django_assert_num_queries(8):
        progress = cluster_progress(as_of=AS_OF)
    assert progress.rows[0].total is not None


@pytest.mark.parametrize("data", SIZES, indirect=True)
def test_benchmark_comparison(data: Any, build: Any, django_assert_num_queries: Any) -> None:
    kunming = Zone.objects.get(code="kmgx")
    gdp = Indicator.objects.get(code="gdp")
    build.put(kunming, gdp, 2024, 12, 300)
    with django_assert_num_queries(4):  # + the peers' provenance (demo or sourced)
        comparison = benchmark_comparison(as_of=AS_OF)
    assert comparison.subject is not None
    assert comparison.subject.code == "z00"
    [peer] = comparison.peers
    assert [(r.indicator_name, r.year, r.ours, r.theirs, r.ratio_pct) for r in peer.rows] == [
        ("gdp", 2024, Decimal(100), Decimal(300), Decimal(100) / 3)
    ]


@pytest.mark.parametrize("data", SIZES, indirect=True)
@pytest.mark.parametrize(
    ("name", "args", "queries"),
    # Each page: session, user, latest month, navigation zones, then its selector's queries
    # (the zone page also looks its zone up).
    [
        # the overview also checks the report-download permission (user's and groups'), and
        # reads the zones that have not submitted the month being reported (本月未报送)
        ("overview", [], 4 + 7 + 2 + 1),
        ("zone", ["z00"], 4 + 1 + 7),
        ("target", ["level"], 4 + 6),
        ("clusters", [], 4 + 8),
        ("benchmark", [], 4 + 4),
    ],
)
def test_pages(
    data: Any,
    leader_client: Client,
    django_assert_num_queries: Any,
    name: str,
    args: list[str],
    queries: int,
) -> None:
    url = reverse(f"dashboards:{name}", args=args) + "?as_of=2025-06"
    with django_assert_num_queries(queries):
        response = leader_client.get(url)
    assert response.status_code == 200
