"""A target whose year has closed is judged once, on that year's figures (issue: the plan
period has ended). Hand-worked: every kind of 2025 target, judged at 2025-12, 2026-06 and
2026-12 alike, and unmoved by 2026's figures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from dashboards.selectors import Period, target_assessments
from indicators.calculations import Status, Verdict
from targets.models import Indicator, Target

pytestmark = pytest.mark.django_db

AS_OFS = [Period(2025, 12), Period(2026, 6), Period(2026, 12)]
D = Decimal


def by_code(as_of: Period) -> dict[str, Any]:
    return {row.target.code: row for row in target_assessments(as_of=as_of)}


@pytest.fixture
def plan(build: Any) -> dict[str, Any]:
    """Two zones a and b and one 2025 target of each kind, with hand-worked year-end figures:

    - level (a): 工业总产值 Dec 2025 = 1600 against 1500 (stretch 2000) → met;
    - cagr (a): 100 (2022) → 133.1 (2025) is 10%/year against 20% → missed by 10 points;
    - yearly rate (a): 进出口 115 against 100 the year before = 15% against 15% → met;
    - share (a): 占比 48 against 50 → missed by 2 points (4% of the floor);
    - count (a): 新增企业 72 against 60 → met;
    - rank (a): 排名 88 against top 100 → met;
    - all zones level: a 1600 + b missing in December 2025 → 数据不全, naming b;
    - milestone with no report of completion → missed.
    """
    a, b = build.zone("a", short_name="甲区", order=1), build.zone("b", short_name="乙区", order=2)
    flow = build.indicator("gyzcz")
    trade = build.indicator("ckze")
    share = build.indicator("share", unit="%", kind=Indicator.Kind.STOCK)
    count = build.indicator("newco", unit="户", kind=Indicator.Kind.STOCK)
    rank = build.indicator("rank", unit="名", kind=Indicator.Kind.RANK, higher_is_better=False)
    for zone, indicator, year, month, value in [
        (a, flow, 2022, 12, 100),
        (a, flow, 2025, 12, 1600),
        (a, flow, 2026, 6, 900),
        (a, flow, 2026, 12, 1900),
        (b, flow, 2025, 11, 700),
        (b, flow, 2026, 12, 900),
        (a, trade, 2024, 12, 100),
        (a, trade, 2025, 12, 115),
        (a, trade, 2026, 12, 99),
        (a, share, 2025, 12, 48),
        (a, share, 2026, 12, 60),
        (a, count, 2025, 12, 72),
        (a, count, 2026, 12, 10),
        (a, rank, 2025, 12, 88),
        (a, rank, 2026, 12, 130),
    ]:
        build.put(zone, indicator, year, month, value)
    cagr_flow = build.indicator("yysr")
    build.put(a, cagr_flow, 2022, 12, 100)
    build.put(a, cagr_flow, 2025, 12, "133.1")
    build.put(a, cagr_flow, 2026, 12, 500)  # a 2026 leap changes nothing about 2025

    zone = {"scope": Target.Scope.ZONE, "zone": a}
    build.target("level", indicator=flow, floor=D(1500), stretch=D(2000), base_year=2022, **zone)
    build.target("cagr", kind="cagr", indicator=cagr_flow, floor=D(20), base_year=2022, **zone)
    build.target("rate", kind="yearly_rate", indicator=trade, floor=D(15), **zone)
    build.target("share", kind="share", indicator=share, floor=D(50), **zone)
    build.target("count", kind="count", indicator=count, floor=D(60), base_year=2022, **zone)
    build.target("rank", kind="rank", indicator=rank, floor=D(100), **zone)
    build.target("all", indicator=flow, floor=D(2000), scope=Target.Scope.ALL_ZONES)
    build.target("milestone", kind="milestone", scope=Target.Scope.ALL_ZONES)
    return {"a": a, "b": b, "flow": flow}


EXPECTED = {
    "level": (Verdict.MET, D(1600), None),
    "cagr": (Verdict.MISSED, D(10), D(10)),
    "rate": (Verdict.MET, D(15), None),
    "share": (Verdict.MISSED, D(48), D(2)),
    "count": (Verdict.MET, D(72), None),
    "rank": (Verdict.MET, D(88), None),
}


@pytest.mark.parametrize("as_of", AS_OFS, ids=str)
def test_each_kind_is_judged_on_2025s_figures_whatever_the_later_month(
    plan: Any, as_of: Period
) -> None:
    rows = by_code(as_of)
    for code, (verdict, achieved, shortfall) in EXPECTED.items():
        row = rows[code]
        assert row.is_final, code
        assert row.final is verdict, code
        assert row.verdict is not None
        assert row.verdict.year == 2025
        assert row.verdict.achieved is not None
        assert row.verdict.achieved.quantize(D("0.0001")) == achieved, code
        if shortfall is None:
            assert row.verdict.shortfall is None, code
        else:
            assert row.verdict.shortfall is not None
            assert row.verdict.shortfall.quantize(D("0.0001")) == shortfall, code
        assert row.period == Period(2025, 12), code  # the figures shown are 2025's
        assert row.status not in (Status.ON_TRACK, Status.BEHIND, Status.FAR_BEHIND)
    assert rows["share"].verdict.shortfall_pct == D(4)
    assert rows["level"].value == D(1600)


@pytest.mark.parametrize("as_of", AS_OFS, ids=str)
def test_a_missing_december_is_incomplete_and_names_the_zone(plan: Any, as_of: Period) -> None:
    row = by_code(as_of)["all"]
    assert row.final is Verdict.INCOMPLETE
    assert row.status_label == "数据不全"
    assert row.verdict is not None
    assert row.verdict.missing == ("乙区",)


@pytest.mark.parametrize("as_of", AS_OFS, ids=str)
def test_a_milestone_not_reported_done_by_the_end_of_2025_is_missed(
    plan: Any, as_of: Period
) -> None:
    row = by_code(as_of)["milestone"]
    assert row.final is Verdict.MISSED
    assert row.status is Status.MISSED
    assert row.status_label == "未完成"


def test_before_its_december_a_target_is_still_running(plan: Any) -> None:
    rows = by_code(Period(2025, 11))
    assert not rows["level"].is_final
    assert rows["level"].open_year == 2025
    assert rows["level"].status is Status.NO_DATA  # no November figure of 甲区: not yet judged
    assert rows["level"].verdicts == ()


def test_a_stretch_met_is_said(build: Any, plan: Any) -> None:
    plan["flow"].figures.filter(zone=plan["a"], year=2025, month=12).update(value=2100)
    row = by_code(Period(2026, 6))["level"]
    assert row.final is Verdict.MET_STRETCH
    assert row.status_label == "已完成（达到力争目标）"


def test_a_target_judged_every_year_is_missed_when_one_year_is(build: Any) -> None:
    a = build.zone("a", short_name="甲区")
    trade = build.indicator("ckze")
    for year, value in [(2022, 100), (2023, 120), (2024, 126), (2025, 150)]:
        build.put(a, trade, year, 12, value)
    build.target(
        "yearly",
        kind="yearly_rate",
        indicator=trade,
        floor=D(15),
        first_year=2023,
        scope=Target.Scope.ZONE,
        zone=a,
    )
    running = by_code(Period(2024, 12))["yearly"]
    assert [(v.year, v.verdict) for v in running.verdicts] == [
        (2023, Verdict.MET),  # 120 / 100: 20%
        (2024, Verdict.MISSED),  # 126 / 120: 5%
    ]
    assert not running.is_final
    final = by_code(Period(2026, 6))["yearly"]
    assert final.missed_years == [2024]
    assert final.final is Verdict.MISSED  # 2025 met (150/126 = 19%), 2024 was not


def test_the_target_page_says_it_was_judged_on_its_year(plan: Any, leader_client: Any) -> None:
    from django.urls import reverse

    html = leader_client.get(
        reverse("dashboards:target", args=["cagr"]), {"as_of": "2026-06"}
    ).content.decode()
    assert "目标年份2025年已结束：按2025年的数据一次评定为“未完成”" in html
    assert '<th scope="row">2025年</th>' in html
    assert "差 10.00（50.0%）" in html
