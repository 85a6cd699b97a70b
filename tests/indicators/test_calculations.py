"""Tests for indicators.calculations: pure Python, no database, no Django."""

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators import calculations as calc
from indicators.calculations import (
    BEHIND_RATIO,
    ON_TRACK_RATIO,
    STATUS_LABELS,
    THRESHOLD_TEXT,
    Observation,
    Status,
    TargetKind,
    TargetSpec,
    assess,
    cagr_pct,
    glide_path_value,
    growth_pct,
    linear_pace,
    project,
    rank_desc,
    ratio_of_sums,
    required_growth_pct,
    seasonal_pace,
    single_month_values,
    status_for_ratio,
    sum_present,
)

D = Decimal


def q(value: Decimal | None, places: str = "0.01") -> Decimal:
    assert value is not None
    return value.quantize(D(places))


# --- single months, growth, sums ---------------------------------------------------------


def test_single_month_values_are_differences_of_cumulative_figures():
    # 1—1月 10, 1—2月 25, 1—3月 45 -> January 10, February 15, March 20
    assert single_month_values([D(10), D(25), D(45)]) == [D(10), D(15), D(20)]


def test_single_month_value_is_none_next_to_a_missing_month():
    # March not reported: March and April single months are both undefined, not 0
    cumulative = [D(10), D(25), None, D(60), D(80)]
    assert single_month_values(cumulative) == [D(10), D(15), None, None, D(20)]


def test_single_month_values_keep_a_reported_zero():
    assert single_month_values([D(0), D(0)]) == [D(0), D(0)]
    assert single_month_values([None, D(5)]) == [None, None]
    assert single_month_values([]) == []


def test_growth_pct_is_same_period_growth_in_percent():
    # 1—6月 648 vs 1—6月 last year 540: 648/540 = 1.2 -> 20%
    assert growth_pct(current=D(648), previous=D(540)) == D(20)
    assert growth_pct(current=D(0), previous=D(50)) == D(-100)


@pytest.mark.parametrize(
    ("current", "previous"),
    [(D(5), D(0)), (D(5), D(-3)), (None, D(5)), (D(5), None)],
)
def test_growth_pct_is_none_for_zero_negative_or_missing_base(current, previous):
    assert growth_pct(current=current, previous=previous) is None


def test_sum_present_distinguishes_blank_from_zero():
    assert sum_present([None, None]) is None
    assert sum_present([]) is None
    assert sum_present([D(0), None]) == D(0)
    assert sum_present([D("1.5"), None, D("2.5")]) == D(4)


def test_ratio_of_sums_is_not_the_mean_of_ratios():
    # zone A: 3 / 100 = 3%; zone B: 1 / 300 = 0.333%
    # ratio of sums: (3 + 1) / (100 + 300) = 4 / 400 = 1.00%
    # mean of ratios would be (3% + 0.333%) / 2 = 1.67% -- wrong for a prefecture figure
    result = ratio_of_sums(numerators=[D(3), D(1)], denominators=[D(100), D(300)])
    assert result == D(1)
    mean_of_ratios = (D(3) / D(100) + D(1) / D(300)) / 2 * 100
    assert q(mean_of_ratios) == D("1.67")
    assert result != mean_of_ratios


def test_ratio_of_sums_uses_only_complete_pairs():
    # zone C reports R&D but not GDP, zone D GDP but not R&D: both left out
    result = ratio_of_sums(
        numerators=[D(3), D(5), None],
        denominators=[D(100), None, D(50)],
    )
    assert result == D(3)


def test_ratio_of_sums_with_custom_scale_and_undefined_cases():
    assert ratio_of_sums(numerators=[D(1)], denominators=[D(4)], scale=D(1)) == D("0.25")
    assert ratio_of_sums(numerators=[None], denominators=[D(4)]) is None
    assert ratio_of_sums(numerators=[], denominators=[]) is None
    assert ratio_of_sums(numerators=[D(1)], denominators=[D(0)]) is None


# --- compound growth, projection, glide path --------------------------------------------


def test_cagr_matches_hand_worked_example():
    # 100 * 1.2 * 1.2 * 1.2 = 172.8, so 100 -> 172.8 over 3 years is exactly 20% a year
    assert cagr_pct(start=D(100), end=D("172.8"), years=3) == D(20)


def test_cagr_to_zero_is_minus_hundred_percent():
    assert cagr_pct(start=D(100), end=D(0), years=2) == D(-100)


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        (D(0), D(100), 3),  # zero base
        (D(-5), D(100), 3),  # negative base
        (D(100), D(-1), 3),  # negative end
        (D(100), D(200), 0),  # no years
        (None, D(200), 3),
        (D(100), None, 3),
    ],
)
def test_cagr_is_none_when_undefined(start, end, years):
    assert cagr_pct(start=start, end=end, years=years) is None


def test_required_growth_from_2022_actual_to_2025_target():
    # 1500 / 333.52 = 4.49748...; cube root: 1.6506^3 = 4.49703, 1.6507^3 = 4.49785,
    # so the root is 1.65066 -> 65.07% a year for 2023, 2024 and 2025
    result = required_growth_pct(target=D(1500), current=D("333.52"), years=3)
    assert q(result) == D("65.07")


def test_required_growth_is_none_from_a_zero_current_value():
    assert required_growth_pct(target=D(1500), current=D(0), years=3) is None


def test_projection_compounds_the_rate():
    # 1000 * 1.2 = 1200; 1200 * 1.2 = 1440
    assert project(value=D(1000), rate_pct=D(20), years=2) == D(1440)
    assert project(value=D(1000), rate_pct=D(20), years=0) == D(1000)
    assert project(value=D(1000), rate_pct=D(-100), years=2) == D(0)
    assert project(value=None, rate_pct=D(20), years=2) is None
    assert project(value=D(1000), rate_pct=None, years=2) is None
    assert project(value=D(1000), rate_pct=D(-150), years=2) is None


def test_glide_path_is_the_constant_growth_path():
    # 1000 (2022) -> 1728 (2025) is 20% a year: 1200 in 2023, 1440 in 2024
    kwargs: dict[str, Any] = {
        "base": D(1000),
        "base_year": 2022,
        "target": D(1728),
        "target_year": 2025,
    }
    assert glide_path_value(**kwargs, year=2022) == D(1000)
    assert glide_path_value(**kwargs, year=2024) == D(1440)
    assert glide_path_value(**kwargs, year=2025) == D(1728)


def test_glide_path_is_none_for_zero_base_or_empty_period():
    assert (
        glide_path_value(base=D(0), base_year=2022, target=D(10), target_year=2025, year=2024)
        is None
    )
    assert (
        glide_path_value(base=D(5), base_year=2025, target=D(10), target_year=2025, year=2025)
        is None
    )


# --- pace ---------------------------------------------------------------------------------


def test_linear_pace_is_month_over_twelve():
    assert linear_pace(6) == D("0.5")
    assert linear_pace(12) == D(1)
    assert q(linear_pace(1), "0.0001") == D("0.0833")


def test_linear_pace_rejects_an_impossible_month():
    with pytest.raises(ValueError, match="month"):
        linear_pace(13)


def test_seasonal_pace_follows_last_years_shape():
    last_year = [D(i * 50) for i in range(1, 12)] + [D(1000)]  # June cumulative 300
    assert seasonal_pace(last_year_cumulative=last_year, month=6) == D("0.3")
    assert seasonal_pace(last_year_cumulative=last_year, month=12) == D(1)


def test_seasonal_pace_is_none_without_december_or_the_month():
    full = [D(100)] * 12
    no_june = [*full[:5], None, *full[6:]]
    assert seasonal_pace(last_year_cumulative=no_june, month=6) is None
    assert seasonal_pace(last_year_cumulative=[*full[:11], None], month=6) is None
    assert seasonal_pace(last_year_cumulative=[*full[:11], D(0)], month=6) is None
    assert seasonal_pace(last_year_cumulative=full[:6], month=6) is None


# --- status -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        (D("1.20"), Status.ON_TRACK),
        (D("0.95"), Status.ON_TRACK),
        (D("0.9499"), Status.BEHIND),
        (D("0.85"), Status.BEHIND),
        (D("0.8499"), Status.FAR_BEHIND),
        (D(0), Status.FAR_BEHIND),
        (None, Status.NO_DATA),
    ],
)
def test_status_boundaries_are_inclusive_at_the_lower_threshold(ratio, expected):
    assert status_for_ratio(ratio=ratio, met=False) is expected


def test_met_target_is_done_whatever_the_ratio():
    assert status_for_ratio(ratio=D("0.5"), met=True) is Status.DONE
    assert status_for_ratio(ratio=None, met=True) is Status.DONE


def test_threshold_text_is_built_from_the_constants():
    assert f"≥{ON_TRACK_RATIO * 100:.0f}%" in THRESHOLD_TEXT
    assert f"<{BEHIND_RATIO * 100:.0f}%" in THRESHOLD_TEXT
    assert "≥95%" in THRESHOLD_TEXT
    assert "<85%" in THRESHOLD_TEXT
    for status in Status:
        assert STATUS_LABELS[status] in THRESHOLD_TEXT
    assert STATUS_LABELS[Status.FAR_BEHIND] == "严重滞后"


# --- assess: level ------------------------------------------------------------------------

LEVEL = TargetSpec(
    kind=TargetKind.LEVEL, floor=D(1728), stretch=D(2000), target_year=2025, base_year=2022
)


def test_level_target_mid_year_against_glide_path_and_linear_pace():
    # path 1000 (2022) -> 1728 (2025) gives 1440 for 2024; June linear pace 0.5 -> 720 by now.
    # 1—6月 648: ratio 648/720 = 0.9 -> 滞后; annual estimate 648/0.5 = 1296;
    # progress 1296/1728 = 75%; stretch 1296/2000 = 64.8%; 同比 648/540 = +20%;
    # required 20% a year; remaining 1728/1296 - 1 = 33.33% in 2025;
    # projection 1296 * 1.2 = 1555.2 for 2025.
    obs = Observation(
        year=2024, month=6, value=D(648), same_period_last_year=D(540), base_value=D(1000)
    )
    result = assess(LEVEL, obs)
    assert result.status is Status.BEHIND
    assert result.ratio == D("0.9")
    assert result.expected_now == D(720)
    assert result.annual_estimate == D(1296)
    assert result.progress_pct == D(75)
    assert result.stretch_progress_pct == D("64.8")
    assert result.growth_pct == D(20)
    assert result.required_growth_pct == D(20)
    assert q(result.remaining_growth_pct) == D("33.33")
    assert result.projection == D("1555.2")
    assert result.met is False


def test_level_target_uses_seasonal_pace_when_given():
    # same figures, but last year 45% of the output came by June: expected 1440 * 0.45 = 648
    obs = Observation(year=2024, month=6, value=D(648), base_value=D(1000), pace=D("0.45"))
    result = assess(LEVEL, obs)
    assert result.ratio == D(1)
    assert result.status is Status.ON_TRACK
    assert result.annual_estimate == D(1440)


def test_level_target_met_in_the_target_year():
    obs = Observation(year=2025, month=12, value=D(1800), base_value=D(1000))
    result = assess(LEVEL, obs)
    assert result.met is True
    assert result.status is Status.DONE


def test_level_target_passed_without_reaching_floor_is_never_done():
    # 2026 December 1555.2 against floor 1728: 1555.2 / 1728 = 0.9 -> 滞后
    obs = Observation(year=2026, month=12, value=D("1555.2"), base_value=D(1000))
    result = assess(LEVEL, obs)
    assert result.met is False
    assert result.ratio == D("0.9")
    assert result.status is Status.BEHIND
    assert result.projection is None
    assert result.remaining_growth_pct is None


def test_level_target_without_base_is_only_paced_in_the_target_year():
    spec = TargetSpec(kind=TargetKind.LEVEL, floor=D(1500), stretch=None, target_year=2025)
    # 2025 March: expected 1500 * 3/12 = 375; 300 / 375 = 0.8 -> 严重滞后
    in_year = assess(spec, Observation(year=2025, month=3, value=D(300)))
    assert in_year.expected_now == D(375)
    assert in_year.ratio == D("0.8")
    assert in_year.status is Status.FAR_BEHIND
    earlier = assess(spec, Observation(year=2024, month=3, value=D(300)))
    assert earlier.expected_now is None
    assert earlier.status is Status.NO_DATA
    assert earlier.annual_estimate == D(1200)


def test_stock_level_target_interpolates_the_path_by_month():
    # stock 1000 (2022) -> 1728 (2025): end of 2024 is 1440; June 2024 is 1000 * 1.2^1.5
    spec = TargetSpec(
        kind=TargetKind.LEVEL,
        floor=D(1728),
        stretch=None,
        target_year=2025,
        base_year=2022,
        flow=False,
    )
    december = assess(spec, Observation(year=2024, month=12, value=D(1440), base_value=D(1000)))
    assert december.expected_now == D(1440)
    assert december.ratio == D(1)
    assert december.annual_estimate == D(1440)
    june = assess(spec, Observation(year=2024, month=6, value=D(1300), base_value=D(1000)))
    assert q(june.expected_now) == D("1314.53")
    assert june.status is Status.ON_TRACK


def test_blank_value_is_no_data_but_zero_is_a_real_figure():
    blank = assess(LEVEL, Observation(year=2024, month=6, value=None, base_value=D(1000)))
    assert blank.status is Status.NO_DATA
    assert blank.ratio is None
    assert blank.met is False
    zero = assess(LEVEL, Observation(year=2024, month=6, value=D(0), base_value=D(1000)))
    assert zero.status is Status.FAR_BEHIND
    assert zero.ratio == D(0)


def test_target_year_already_past_with_no_data_is_no_data():
    assert assess(LEVEL, None).status is Status.NO_DATA
    result = assess(LEVEL, Observation(year=2027, month=12, value=None))
    assert result.status is Status.NO_DATA
    assert result.progress_pct is None
    assert result.projection is None


# --- assess: growth -----------------------------------------------------------------------

CAGR = TargetSpec(
    kind=TargetKind.CAGR, floor=D(20), stretch=D(25), target_year=2025, base_year=2022
)


def test_cagr_target_ratio_compares_growth_factors():
    # 1—9月 540 vs 500 last year: +8%. Ratio (1.08)/(1.20) = 0.9 -> 滞后.
    # Expected now at +20%: 500 * 1.2 = 600, and 540/600 is the same 0.9. Progress 8/20 = 40%.
    obs = Observation(year=2024, month=9, value=D(540), same_period_last_year=D(500))
    result = assess(CAGR, obs)
    assert result.growth_pct == D(8)
    assert result.ratio == D("0.9")
    assert result.expected_now == D(600)
    assert result.required_growth_pct == D(20)
    assert result.progress_pct == D(40)
    assert result.stretch_progress_pct == D(32)
    assert result.status is Status.BEHIND


def test_reported_growth_is_preferred_over_the_computed_one():
    # bureau says +10% (comparable basis): (1.10)/(1.20) = 0.9166 -> 滞后
    obs = Observation(
        year=2024,
        month=9,
        value=D(540),
        same_period_last_year=D(500),
        reported_growth_pct=D(10),
    )
    result = assess(CAGR, obs)
    assert result.growth_pct == D(10)
    assert q(result.ratio, "0.0001") == D("0.9167")


def test_cagr_target_met_by_average_growth_since_base():
    # 1000 (2022) -> 1728 (2025) is 20% a year, though 2025 alone grew only 5%
    obs = Observation(
        year=2025, month=12, value=D(1728), same_period_last_year=D("1645.71"), base_value=D(1000)
    )
    assert assess(CAGR, obs).status is Status.DONE
    without_base = Observation(year=2025, month=12, value=D(1728), reported_growth_pct=D(5))
    assert assess(CAGR, without_base).met is False


def test_cagr_target_remaining_growth_to_reach_the_path_end():
    # path end 1000 * 1.2^3 = 1728; 2024 annual 1296 -> needs 1728/1296 - 1 = 33.33% in 2025
    obs = Observation(
        year=2024, month=12, value=D(1296), same_period_last_year=D(1200), base_value=D(1000)
    )
    result = assess(CAGR, obs)
    assert q(result.remaining_growth_pct) == D("33.33")
    assert result.projection == D("1399.68")  # 1296 * 1.08


def test_yearly_rate_target_done_only_in_december_of_the_target_year():
    spec = TargetSpec(kind=TargetKind.YEARLY_RATE, floor=D(15), stretch=None, target_year=2025)
    done = assess(
        spec, Observation(year=2025, month=12, value=D(115), same_period_last_year=D(100))
    )
    assert done.status is Status.DONE
    earlier = assess(
        spec, Observation(year=2024, month=12, value=D(116), reported_growth_pct=D(16))
    )
    assert earlier.status is Status.ON_TRACK
    assert earlier.met is False
    # flat year: 1.00 / 1.15 = 0.8696 -> 滞后
    flat = assess(spec, Observation(year=2025, month=6, value=D(50), same_period_last_year=D(50)))
    assert q(flat.ratio, "0.0001") == D("0.8696")
    assert flat.status is Status.BEHIND
    assert flat.remaining_growth_pct is None


def test_growth_target_without_last_year_figure_is_no_data():
    result = assess(CAGR, Observation(year=2024, month=6, value=D(100)))
    assert result.growth_pct is None
    assert result.status is Status.NO_DATA


# --- assess: share, count, rank, milestone -----------------------------------------------


def test_share_target_compares_level_to_floor_and_can_be_met_early():
    spec = TargetSpec(kind=TargetKind.SHARE, floor=D(50), stretch=D(60), target_year=2025)
    behind = assess(spec, Observation(year=2024, month=6, value=D(45)))
    assert behind.ratio == D("0.9")
    assert behind.progress_pct == D(90)
    assert behind.stretch_progress_pct == D(75)
    assert behind.status is Status.BEHIND
    early = assess(spec, Observation(year=2023, month=6, value=D(52)))
    assert early.status is Status.DONE


def test_count_target_paced_over_the_plan_period():
    # 新增规上工业企业60户: period 2023-2025 = 36 months; by June 2024, 18 months elapsed,
    # expected 60 * 18/36 = 30; 27 achieved -> 0.9 滞后; progress 27/60 = 45%;
    # projection 27 / 18 * 36 = 54
    spec = TargetSpec(
        kind=TargetKind.COUNT, floor=D(60), stretch=D(80), target_year=2025, base_year=2022
    )
    result = assess(spec, Observation(year=2024, month=6, value=D(27)))
    assert result.expected_now == D(30)
    assert result.ratio == D("0.9")
    assert result.status is Status.BEHIND
    assert result.progress_pct == D(45)
    assert result.projection == D(54)
    assert assess(spec, Observation(year=2024, month=6, value=D(60))).status is Status.DONE


def test_count_target_without_base_year_is_done_or_no_data():
    spec = TargetSpec(kind=TargetKind.COUNT, floor=D(60), stretch=None, target_year=2025)
    assert assess(spec, Observation(year=2024, month=6, value=D(61))).status is Status.DONE
    assert assess(spec, Observation(year=2024, month=6, value=D(30))).status is Status.NO_DATA


def test_rank_target_lower_is_better():
    # 100强 with rank 120: ratio 100/120 = 0.8333 -> 严重滞后; progress 83.33%
    spec = TargetSpec(kind=TargetKind.RANK, floor=D(100), stretch=D(80), target_year=2025)
    result = assess(spec, Observation(year=2024, month=12, value=D(120)))
    assert q(result.ratio, "0.0001") == D("0.8333")
    assert result.status is Status.FAR_BEHIND
    assert q(result.progress_pct) == D("83.33")
    assert result.met is False
    inside = assess(spec, Observation(year=2024, month=12, value=D(90)))
    assert inside.met is True
    assert inside.status is Status.DONE
    assert q(inside.stretch_progress_pct) == D("88.89")  # 80 / 90


@pytest.mark.parametrize(
    ("year", "done", "expected"),
    [
        (2024, True, Status.DONE),
        (2024, None, Status.NO_DATA),
        (2025, False, Status.ON_TRACK),
        (2026, False, Status.FAR_BEHIND),
    ],
)
def test_milestone_status(year, done, expected):
    spec = TargetSpec(kind=TargetKind.MILESTONE, floor=None, stretch=None, target_year=2025)
    result = assess(spec, Observation(year=year, month=12, value=None, milestone_done=done))
    assert result.status is expected
    assert result.ratio is None
    assert result.met is (done is True)


def test_milestone_without_observation_is_no_data():
    spec = TargetSpec(kind=TargetKind.MILESTONE, floor=None, stretch=None, target_year=2025)
    assert assess(spec, None).status is Status.NO_DATA


# --- ranking ------------------------------------------------------------------------------


def test_rank_desc_uses_competition_ranking():
    values = {"楚雄高新区": D(5), "禄丰": D(7), "武定": D("7.0"), "牟定": None, "昆明": D(1)}
    assert rank_desc(values) == {"楚雄高新区": 3, "禄丰": 1, "武定": 1, "牟定": None, "昆明": 4}


# --- properties ---------------------------------------------------------------------------

money = st.decimals(min_value=D("0.01"), max_value=D(10**9), places=2)


@given(start=money, end=money, years=st.integers(min_value=1, max_value=30))
def test_projecting_at_the_cagr_lands_on_the_end_value(start, end, years):
    rate = cagr_pct(start=start, end=end, years=years)
    landed = project(value=start, rate_pct=rate, years=years)
    assert landed is not None
    # a percent rate near -100% keeps 28 significant digits, not 28 digits of the ratio
    assert abs(landed - end) <= max(start, end) * D("1e-18")


@given(st.lists(st.tuples(money, money), min_size=1, max_size=8))
def test_ratio_of_sums_lies_between_the_smallest_and_largest_zone_ratio(pairs):
    result = ratio_of_sums(numerators=[n for n, _ in pairs], denominators=[d for _, d in pairs])
    ratios = [n / d * 100 for n, d in pairs]
    assert result is not None
    assert min(ratios) * (1 - D("1e-20")) <= result <= max(ratios) * (1 + D("1e-20"))


@given(st.lists(money, min_size=1, max_size=12))
def test_single_months_add_up_to_the_latest_cumulative(months):
    cumulative = [sum(months[: i + 1], D(0)) for i in range(len(months))]
    assert sum_present(single_month_values(cumulative)) == cumulative[-1]


@given(st.dictionaries(st.text(max_size=3), st.none() | st.integers(0, 5).map(D), max_size=8))
def test_rank_is_one_plus_the_number_of_better_values(values):
    ranks = rank_desc(values)
    for key, value in values.items():
        if value is None:
            assert ranks[key] is None
        else:
            assert ranks[key] == 1 + sum(1 for v in values.values() if v is not None and v > value)


def test_a_reference_target_needs_strictly_more_when_the_document_says_higher() -> None:
    from indicators.calculations import meets_reference

    assert meets_reference(actual=D("5"), reference=D("5"), strictly_above=True) is False
    assert meets_reference(actual=D("5"), reference=D("5"), strictly_above=False) is True
    assert meets_reference(actual=D("4.9"), reference=D("5"), strictly_above=False) is False
    assert meets_reference(actual=None, reference=D("5"), strictly_above=False) is None


def test_a_rank_improves_when_it_moves_up_by_the_places_asked() -> None:
    from indicators.calculations import rank_improved

    assert rank_improved(previous=D(120), current=D(119), places=D(1)) is True
    assert rank_improved(previous=D(120), current=D(120), places=D(1)) is False
    assert rank_improved(previous=None, current=D(120), places=D(1)) is None


# --- which 同比 is shown: one rule (headline_growth) ---------------------------------------


def test_the_reported_rate_is_the_headline_growth_when_the_bureau_gave_one() -> None:
    shown = calc.headline_growth(reported=Decimal("8.6"), computed=Decimal("7.9"))
    assert (shown.pct, shown.label) == (Decimal("8.6"), "统计局口径")


def test_the_computed_rate_is_the_headline_growth_when_none_was_reported() -> None:
    shown = calc.headline_growth(reported=None, computed=Decimal("7.9"))
    assert (shown.pct, shown.label) == (Decimal("7.9"), "平台计算")
    assert calc.headline_growth(reported=None, computed=None).label == ""


def test_an_assessment_says_which_growth_it_used() -> None:
    spec = calc.TargetSpec(
        kind=calc.TargetKind.YEARLY_RATE, floor=Decimal("15"), stretch=None, target_year=2025
    )
    obs = calc.Observation(2025, 6, Decimal("115"), same_period_last_year=Decimal("100"))
    assert calc.assess(spec, obs).growth.label == "平台计算"
    reported = calc.Observation(
        2025,
        6,
        Decimal("115"),
        same_period_last_year=Decimal("100"),
        reported_growth_pct=Decimal("12"),
    )
    assessment = calc.assess(spec, reported)
    assert (assessment.growth_pct, assessment.growth.label) == (Decimal("12"), "统计局口径")
