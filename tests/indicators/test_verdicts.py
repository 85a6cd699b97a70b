"""Verdicts on a target whose year has closed (indicators.calculations.judge_year): pure Python,
hand-worked figures."""

from decimal import Decimal

import pytest

from indicators.calculations import (
    VERDICT_LABELS,
    VERDICT_TEXT,
    TargetKind,
    TargetSpec,
    Verdict,
    YearFigures,
    YearVerdict,
    judge_year,
    judged_years,
    overall_verdict,
    year_closed,
)

D = Decimal


def spec(
    kind: TargetKind,
    floor: str,
    stretch: str | None = None,
    *,
    base_year: int | None = None,
    first_year: int | None = None,
) -> TargetSpec:
    return TargetSpec(
        kind=kind,
        floor=D(floor),
        stretch=None if stretch is None else D(stretch),
        target_year=2025,
        base_year=base_year,
        first_year=first_year,
    )


def test_a_level_target_is_met_missed_or_met_at_its_stretch_on_the_year_end_value():
    level = spec(TargetKind.LEVEL, "1500", "2000", base_year=2022)
    assert judge_year(level, YearFigures(2025, D("1520"))).verdict is Verdict.MET
    assert judge_year(level, YearFigures(2025, D("2000"))).verdict is Verdict.MET_STRETCH
    missed = judge_year(level, YearFigures(2025, D("1200")))
    assert missed.verdict is Verdict.MISSED
    # short by 300 亿元, which is 20% of the 1500 floor
    assert missed.shortfall == D("300")
    assert missed.shortfall_pct == D("20")
    assert missed.label == "未完成"


def test_a_cagr_target_is_judged_on_the_growth_from_its_base_year_to_the_target_year():
    cagr = spec(TargetKind.CAGR, "20", base_year=2022)
    # 100 -> 172.8 over 2022..2025 is exactly 20% a year
    met = judge_year(cagr, YearFigures(2025, D("172.8"), base_value=D("100")))
    assert met.verdict is Verdict.MET
    assert met.achieved is not None
    assert met.achieved.quantize(D("0.0001")) == D("20.0000")
    # 100 -> 133.1 is 10% a year: 10 percentage points short, half of the floor
    missed = judge_year(cagr, YearFigures(2025, D("133.1"), base_value=D("100")))
    assert missed.verdict is Verdict.MISSED
    assert missed.shortfall is not None
    assert missed.shortfall.quantize(D("0.0001")) == D("10.0000")
    assert missed.shortfall_pct is not None
    assert missed.shortfall_pct.quantize(D("0.01")) == D("50.00")


def test_a_cagr_target_without_its_base_year_figure_is_incomplete():
    cagr = spec(TargetKind.CAGR, "20", base_year=2022)
    assert judge_year(cagr, YearFigures(2025, D("172.8"))).verdict is Verdict.INCOMPLETE


def test_a_yearly_rate_is_that_years_growth_the_reported_rate_first():
    rate = spec(TargetKind.YEARLY_RATE, "15")
    # 115 / 100: 15% computed
    assert judge_year(rate, YearFigures(2025, D("115"), previous=D("100"))).verdict is Verdict.MET
    # the bureau's reported 同比 wins over the computed one
    reported = YearFigures(2025, D("115"), previous=D("100"), reported_growth_pct=D("12.5"))
    verdict = judge_year(rate, reported)
    assert verdict.verdict is Verdict.MISSED
    assert verdict.achieved == D("12.5")
    assert verdict.shortfall == D("2.5")


def test_share_count_and_rank_targets():
    share = spec(TargetKind.SHARE, "50")
    assert judge_year(share, YearFigures(2025, D("50"))).verdict is Verdict.MET
    assert judge_year(share, YearFigures(2025, D("49.9"))).verdict is Verdict.MISSED
    count = spec(TargetKind.COUNT, "60", base_year=2022)
    missed = judge_year(count, YearFigures(2025, D("45")))
    assert (missed.verdict, missed.shortfall, missed.shortfall_pct) == (
        Verdict.MISSED,
        D("15"),
        D("25"),
    )
    # rank: lower is better; 112th against top 100 is 12 places short
    rank = spec(TargetKind.RANK, "100")
    assert judge_year(rank, YearFigures(2025, D("98"))).verdict is Verdict.MET
    behind = judge_year(rank, YearFigures(2025, D("112")))
    assert (behind.verdict, behind.shortfall) == (Verdict.MISSED, D("12"))


def test_a_milestone_is_met_only_when_reported_done_by_the_years_end():
    milestone = TargetSpec(TargetKind.MILESTONE, None, None, 2025)
    done = YearFigures(2025, None, milestone_done=True)
    assert judge_year(milestone, done).verdict is Verdict.MET
    assert judge_year(milestone, YearFigures(2025, None)).verdict is Verdict.MISSED


def test_missing_zones_make_the_year_incomplete_and_are_named():
    level = spec(TargetKind.LEVEL, "1500")
    verdict = judge_year(level, YearFigures(2025, D("1600"), missing=("武定", "牟定")))
    assert verdict.verdict is Verdict.INCOMPLETE
    assert verdict.missing == ("武定", "牟定")
    assert verdict.label == "数据不全"


def test_no_year_figure_at_all_is_incomplete_not_missed():
    level = spec(TargetKind.LEVEL, "1500")
    assert judge_year(level, YearFigures(2025, None)).verdict is Verdict.INCOMPLETE


@pytest.mark.parametrize(
    ("as_of", "closed"),
    [((2025, 11), False), ((2025, 12), True), ((2026, 1), True), ((2026, 12), True)],
)
def test_a_year_closes_with_its_december(as_of, closed):
    assert year_closed(year=2025, as_of_year=as_of[0], as_of_month=as_of[1]) is closed


def test_a_target_judged_every_year_lists_each_year_and_its_worst_year_decides():
    yearly = spec(TargetKind.YEARLY_RATE, "15", first_year=2023)
    assert judged_years(yearly) == [2023, 2024, 2025]
    assert judged_years(spec(TargetKind.LEVEL, "1500")) == [2025]
    met = YearVerdict(2023, Verdict.MET)
    stretch = YearVerdict(2024, Verdict.MET_STRETCH)
    missed = YearVerdict(2024, Verdict.MISSED)
    incomplete = YearVerdict(2025, Verdict.INCOMPLETE)
    assert overall_verdict([met, stretch]) is Verdict.MET
    assert overall_verdict([met, incomplete]) is Verdict.INCOMPLETE
    assert overall_verdict([met, missed, incomplete]) is Verdict.MISSED
    assert overall_verdict([]) is None


def test_the_verdict_rule_is_written_for_users_with_every_label():
    for label in VERDICT_LABELS.values():
        assert label in VERDICT_TEXT


def test_a_reference_target_is_judged_against_that_years_published_value():
    # 5号 task 14: "争取地方政府专项债券高于全省支持开发区的平均水平" (strictly above)
    reference = TargetSpec(
        TargetKind.REFERENCE,
        None,
        None,
        2025,
        first_year=2023,
        reference=D("8"),
        reference_strict=True,
    )
    assert judge_year(reference, YearFigures(2024, D("9"))).verdict is Verdict.MET
    level = judge_year(reference, YearFigures(2024, D("8")))
    assert (level.verdict, level.shortfall) == (Verdict.MISSED, D("0"))
    unknown = TargetSpec(TargetKind.REFERENCE, None, None, 2025, first_year=2023)
    incomplete = judge_year(unknown, YearFigures(2024, D("9")))
    assert incomplete.verdict is Verdict.INCOMPLETE
    assert incomplete.missing == ("全省参考值（未录入）",)


def test_a_yearly_rank_improvement_counts_places_gained_on_the_year_before():
    # "提升楚雄国家高新区在国家高新区年度综合评价的排名": 每年进位1名以上
    improve = TargetSpec(TargetKind.RANK, D("1"), None, 2025, first_year=2023)
    assert judge_year(improve, YearFigures(2024, D("118"), previous=D("121"))).verdict is (
        Verdict.MET
    )
    held = judge_year(improve, YearFigures(2024, D("121"), previous=D("121")))
    assert (held.verdict, held.achieved, held.shortfall) == (Verdict.MISSED, D("0"), D("1"))
    assert judge_year(improve, YearFigures(2024, D("118"))).verdict is Verdict.INCOMPLETE
