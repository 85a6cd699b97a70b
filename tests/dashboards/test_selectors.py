"""Selectors against small, hand-worked sets of figures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from dashboards.selectors import (
    Period,
    benchmark_comparison,
    cluster_progress,
    figure_latest_period,
    target_assessments,
    target_detail,
    target_for_page,
    zone_detail,
    zone_overview,
    zone_rankings,
)
from indicators.calculations import Status
from targets.models import Indicator, Target, Zone

pytestmark = pytest.mark.django_db

JUNE_2025 = Period(2025, 6)


def only(rows: list[Any], code: str) -> Any:
    [row] = [row for row in rows if row.target.code == code]
    return row


@pytest.fixture
def output_zone(build: Any) -> tuple[Zone, Indicator]:
    """A zone with 工业总产值 Dec 2022 = 500, Jun 2024 = 320, Dec 2024 = 800, Jun 2025 = 400,
    and a level target of 1000 in 2025 from base year 2022."""
    zone = build.zone("cxgx", short_name="楚雄高新区", level=Zone.Level.NATIONAL)
    gyzcz = build.indicator("gyzcz", name="工业总产值")
    for year, month, value in [(2022, 12, 500), (2024, 6, 320), (2024, 12, 800), (2025, 6, 400)]:
        build.put(zone, gyzcz, year, month, value)
    build.target("cxgx-gyzcz", zone=zone, indicator=gyzcz, floor=Decimal(1000), base_year=2022)
    return zone, gyzcz


def test_level_target_is_assessed_from_the_ytd_figure_with_last_years_seasonal_shape(
    output_zone: Any,
) -> None:
    row = only(target_assessments(as_of=JUNE_2025), "cxgx-gyzcz")

    assert row.value == Decimal(400)
    assert row.same_period_last_year == Decimal(320)
    assert row.base_value == Decimal(500)
    # 同比 = 400 / 320 - 1 = 25%
    assert row.assessment.growth_pct == Decimal(25)
    # pace = Jun 2024 / Dec 2024 = 320 / 800 = 0.4; in the target year the path is the floor:
    # expected = 1000 x 0.4 = 400, so the zone is exactly on pace; full year ≈ 400 / 0.4.
    assert row.assessment.expected_now == Decimal(400)
    assert row.assessment.annual_estimate == Decimal(1000)
    assert row.ratio_pct == Decimal(100)
    assert row.status is Status.ON_TRACK
    # required CAGR from 500 (2022) to 1000 (2025): 2^(1/3) - 1 ≈ 25.99%
    assert row.assessment.required_growth_pct.quantize(Decimal("0.01")) == Decimal("25.99")


def test_reported_growth_is_used_and_kept_beside_the_computed_one(
    build: Any, output_zone: Any
) -> None:
    _, gyzcz = output_zone
    gyzcz.figures.filter(year=2025, month=6).update(reported_growth_pct=Decimal("23.5"))

    row = only(target_assessments(as_of=JUNE_2025), "cxgx-gyzcz")

    assert row.assessment.growth_pct == Decimal("23.5")
    assert row.computed_growth_pct == Decimal(25)


def test_a_blank_figure_is_no_data_but_a_reported_zero_is_assessed(output_zone: Any) -> None:
    _, gyzcz = output_zone
    gyzcz.figures.filter(year=2025, month=6).update(value=None)
    assert only(target_assessments(as_of=JUNE_2025), "cxgx-gyzcz").status is Status.NO_DATA

    gyzcz.figures.filter(year=2025, month=6).update(value=Decimal(0))
    row = only(target_assessments(as_of=JUNE_2025), "cxgx-gyzcz")
    assert row.value == Decimal(0)
    assert row.status is Status.FAR_BEHIND


def test_a_ratio_across_zones_is_the_ratio_of_the_sums(build: Any) -> None:
    a, b = build.zone("a", order=1), build.zone("b", order=2)
    part = build.indicator("zdcy_yysr")
    whole = build.indicator("yysr")
    share = build.indicator(
        "zdcy_share",
        unit="%",
        kind=Indicator.Kind.RATIO,
        numerator=part,
        denominator=whole,
        ratio_scale=Decimal(100),
    )
    for zone, numerator, denominator in [(a, 60, 100), (b, 10, 200)]:
        build.put(zone, part, 2025, 6, numerator)
        build.put(zone, whole, 2025, 6, denominator)
    build.target(
        "share",
        kind=Target.Kind.SHARE,
        scope=Target.Scope.ALL_ZONES,
        indicator=share,
        floor=Decimal(50),
    )

    row = only(target_assessments(as_of=JUNE_2025), "share")

    # (60 + 10) / (100 + 200) = 23.33%, not the mean of 60% and 5% (32.5%)
    assert row.value.quantize(Decimal("0.01")) == Decimal("23.33")
    assert row.status is Status.FAR_BEHIND


def test_prefecture_totals_exclude_benchmark_zones(build: Any) -> None:
    ours = build.zone("ours")
    peer = build.zone("kmgx", benchmark=True)
    gyzcz = build.indicator("gyzcz")
    build.put(ours, gyzcz, 2025, 6, 100)
    build.put(peer, gyzcz, 2025, 6, 900)
    build.target("all", scope=Target.Scope.ALL_ZONES, indicator=gyzcz, floor=Decimal(2000))

    row = only(target_assessments(as_of=JUNE_2025), "all")
    overview = zone_overview(as_of=JUNE_2025)

    assert row.value == Decimal(100)
    assert row.scope.zone_ids == (ours.pk,)
    assert [fig.zone.code for fig in overview.rankings[0].rows if fig.zone] == ["ours"]
    assert overview.rankings[0].total.value == Decimal(100)


def test_a_cluster_target_sums_the_cluster_indicator_across_zones(build: Any) -> None:
    a, b, c = build.zone("a", order=1), build.zone("b", order=2), build.zone("c", order=3)
    cluster = build.cluster("pv", [a, b])
    gyzcz = build.indicator("gyzcz")
    pv = build.indicator("gyzcz_pv", cluster=cluster, parent=gyzcz)
    for zone, now, before in [(a, 30, 24), (b, 12, 16)]:
        build.put(zone, pv, 2025, 6, now)
        build.put(zone, pv, 2024, 6, before)
    build.put(c, gyzcz, 2025, 6, 999)
    build.target(
        "pv", scope=Target.Scope.CLUSTER, cluster=cluster, indicator=pv, floor=Decimal(100)
    )

    row = only(target_assessments(as_of=JUNE_2025), "pv")
    progress = cluster_progress(as_of=JUNE_2025)

    assert row.value == Decimal(42)
    [cluster_row] = progress.rows
    assert cluster_row.total == Decimal(42)
    assert cluster_row.growth_pct == Decimal(5)  # 42 / 40 - 1
    assert [cz.zone.code for cz in cluster_row.zones] == ["a", "b"]
    assert cluster_row.targets[0].target.code == "pv"


def test_an_annual_indicator_is_read_from_the_latest_december(build: Any) -> None:
    zone = build.zone("cxgx")
    rank = build.indicator(
        "gxq_rank", unit="位", kind=Indicator.Kind.RANK, frequency=Indicator.Frequency.ANNUAL
    )
    build.put(zone, rank, 2023, 12, 140)
    build.put(zone, rank, 2024, 12, 120)
    build.target(
        "rank",
        kind=Target.Kind.RANK,
        zone=zone,
        indicator=rank,
        floor=Decimal(100),
        target_year=2035,
    )

    row = only(target_assessments(as_of=JUNE_2025), "rank")

    assert row.period == Period(2024, 12)
    assert row.value == Decimal(120)
    assert row.ratio_pct.quantize(Decimal("0.1")) == Decimal("83.3")  # 100 / 120
    assert row.status is Status.FAR_BEHIND


def test_a_percentage_without_parts_is_averaged_across_zones_not_summed(build: Any) -> None:
    a, b = build.zone("a", order=1), build.zone("b", order=2)
    rate = build.indicator(
        "pwwg_czl", unit="%", kind=Indicator.Kind.STOCK, frequency=Indicator.Frequency.ANNUAL
    )
    build.put(a, rate, 2024, 12, 20)
    build.put(b, rate, 2024, 12, 30)
    build.target(
        "rate",
        kind=Target.Kind.SHARE,
        scope=Target.Scope.ALL_ZONES,
        indicator=rate,
        floor=Decimal(25),
    )

    row = only(target_assessments(as_of=JUNE_2025), "rate")

    assert row.value == Decimal(25)
    assert row.is_averaged


def test_milestones_have_no_data_until_progress_is_reported(build: Any) -> None:
    build.target("milestone", kind=Target.Kind.MILESTONE, scope=Target.Scope.ALL_ZONES)

    row = only(target_assessments(as_of=JUNE_2025), "milestone")

    assert row.status is Status.NO_DATA
    assert row.status_label == "待报送"


def test_figures_of_a_month_not_yet_approved_are_marked(build: Any, output_zone: Any) -> None:
    zone, _ = output_zone
    submission = build.submission(zone, 2025, 6, status="submitted")
    with_submitted = only(target_assessments(as_of=JUNE_2025, approved_only=False), "cxgx-gyzcz")
    assert with_submitted.value is not None
    assert with_submitted.unapproved
    # a leader's default: checked figures only, so the submitted month is not yet shown
    assert only(target_assessments(as_of=JUNE_2025), "cxgx-gyzcz").value is None

    submission.status = "approved"
    submission.save()
    approved = only(target_assessments(as_of=JUNE_2025), "cxgx-gyzcz")
    assert approved.value == with_submitted.value
    assert not approved.unapproved


@pytest.mark.parametrize("approved_only", [True, False])
def test_a_draft_changes_nothing_a_leader_sees(
    build: Any, output_zone: Any, approved_only: bool
) -> None:
    """The 10,000× slip saved as a draft (禄丰, issue 15) moves no value, total or rank, in
    either scope."""
    _, output = output_zone

    def seen() -> tuple[Any, ...]:
        row = only(target_assessments(as_of=JUNE_2025, approved_only=approved_only), "cxgx-gyzcz")
        ranking = zone_rankings(as_of=JUNE_2025, approved_only=approved_only)
        return (
            row.value,
            row.status,
            [(r.zone and r.zone.code, r.value, r.rank) for r in ranking[0].rows],
        )

    before = seen()
    lufeng = build.zone("lufeng", order=2)
    build.put(lufeng, output, 2025, 6, "9882000", month_status="draft")
    after = seen()
    assert after[:2] == before[:2]
    assert ("lufeng", None, None) in after[2]
    assert [r for r in after[2] if r[0] == "cxgx"] == [("cxgx", Decimal(400), 1)]


def test_zones_that_have_not_reported_make_a_total_incomplete(build: Any) -> None:
    a, b = build.zone("a", order=1), build.zone("b", order=2)
    gyzcz = build.indicator("gyzcz")
    build.put(a, gyzcz, 2025, 6, 100)
    build.put(b, gyzcz, 2025, 6, None)
    build.target("all", scope=Target.Scope.ALL_ZONES, indicator=gyzcz, floor=Decimal(500))

    row = only(target_assessments(as_of=JUNE_2025), "all")

    assert row.value == Decimal(100)
    assert row.zones_reported == 1
    assert row.is_incomplete


def test_superseded_targets_leave_the_overview_and_show_on_their_successors_page(
    build: Any, output_zone: Any
) -> None:
    zone, gyzcz = output_zone
    successor = build.target(
        "7-new",
        document=build.document("cbf-2023-7"),
        zone=zone,
        indicator=gyzcz,
        floor=Decimal(2000),
        base_year=2022,
    )
    old = Target.objects.get(code="cxgx-gyzcz")
    old.superseded_by = successor
    old.save()

    codes = {row.target.code for row in target_assessments(as_of=JUNE_2025)}
    detail = target_detail(target=target_for_page(code="7-new"), as_of=JUNE_2025)

    assert codes == {"7-new"}
    assert [t.code for t in detail.replaces] == ["cxgx-gyzcz"]
    assert detail.replaces[0].floor == Decimal(1000)


def test_the_overview_lists_status_changes_since_last_month(build: Any, output_zone: Any) -> None:
    zone, gyzcz = output_zone
    build.put(zone, gyzcz, 2025, 5, 200)  # May: 200 against 1000 x (May 2024 ÷ Dec 2024)
    build.put(zone, gyzcz, 2024, 5, 260)  # pace 260/800: expected 325, ratio 61.5%

    overview = zone_overview(as_of=JUNE_2025)

    [change] = overview.changes
    assert change.row.target.code == "cxgx-gyzcz"
    assert change.previous is Status.FAR_BEHIND
    assert change.row.status is Status.ON_TRACK
    assert change.improved
    assert overview.previous == Period(2025, 5)


def test_zones_are_ranked_by_value_and_by_growth(build: Any) -> None:
    zones = [build.zone(code, order=i) for i, code in enumerate(["a", "b", "c"])]
    gyzcz = build.indicator("gyzcz")
    for zone, (now, before) in zip(zones, [(100, 50), (300, 280), (200, 100)], strict=True):
        build.put(zone, gyzcz, 2025, 6, now)
        build.put(zone, gyzcz, 2024, 6, before)

    [ranking] = zone_rankings(as_of=JUNE_2025)

    ranks = {fig.zone.code: (fig.rank, fig.growth_rank) for fig in ranking.rows if fig.zone}
    assert ranks == {"a": (3, 1), "b": (1, 3), "c": (2, 1)}
    assert ranking.total.value == Decimal(600)


def test_the_zone_series_follows_the_glide_path_shaped_like_last_year(
    build: Any, output_zone: Any
) -> None:
    zone, _ = output_zone

    detail = zone_detail(zone=zone, as_of=JUNE_2025)

    series = detail.series
    assert series is not None
    assert series.actual[5] == Decimal(400)
    assert series.actual[6] is None
    assert series.last_year[5] == Decimal(320)
    assert series.growth[5] == Decimal(25)
    # 2025 is the target year: path value 1000; June = 1000 x 320/800, December = 1000
    assert series.glide[5] == Decimal(400)
    assert series.glide[11] == Decimal(1000)
    assert [row.target.code for row in detail.rows] == ["cxgx-gyzcz"]


def test_the_target_history_has_one_status_a_month(output_zone: Any) -> None:
    detail = target_detail(target=target_for_page(code="cxgx-gyzcz"), as_of=JUNE_2025)

    assert detail.history[0].period == Period(2023, 1)
    assert detail.history[-1].period == JUNE_2025
    assert len(detail.history) == 30
    assert detail.history[-1].status is Status.ON_TRACK
    assert detail.history[0].status is Status.NO_DATA
    by_year = {point.year: point for point in detail.years}
    assert by_year[2022].actual == Decimal(500)
    assert by_year[2022].glide == Decimal(500)
    assert by_year[2025].glide == Decimal(1000)
    assert by_year[2025].partial


def test_the_benchmark_uses_the_latest_year_both_report(build: Any) -> None:
    ours = build.zone("cxgx", level=Zone.Level.NATIONAL)
    peer = build.zone("kmgx", benchmark=True, level=Zone.Level.NATIONAL)
    gdp = build.indicator("gdp", frequency=Indicator.Frequency.ANNUAL)
    build.put(ours, gdp, 2023, 12, 300)
    build.put(ours, gdp, 2024, 12, 330)
    build.put(peer, gdp, 2023, 12, 600)

    comparison = benchmark_comparison(as_of=JUNE_2025)

    [peer_rows] = comparison.peers
    [row] = peer_rows.rows
    assert (row.year, row.ours, row.theirs, row.ratio_pct) == (
        2023,
        Decimal(300),
        Decimal(600),
        Decimal(50),
    )


def test_the_latest_period_ignores_annual_figures_and_benchmark_zones(build: Any) -> None:
    zone = build.zone("a")
    peer = build.zone("kmgx", benchmark=True)
    monthly = build.indicator("gyzcz")
    annual = build.indicator("gdp", frequency=Indicator.Frequency.ANNUAL)
    build.put(zone, monthly, 2025, 5, 1)
    build.put(zone, monthly, 2025, 7, None)
    build.put(zone, annual, 2025, 12, 1)
    build.put(peer, monthly, 2025, 9, 1)

    assert figure_latest_period() == Period(2025, 5)
