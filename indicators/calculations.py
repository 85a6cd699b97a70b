"""Target-progress calculations for the 楚雄州 development-zone portal. Pure Python, no Django.

Conventions
  * ``Decimal`` in and out, never ``float``. ``None`` means undefined (not reported, missing month,
    zero or negative base); it is never turned into 0 and undefined input never raises.
    ``Decimal("0")`` is a reported zero. Growth rates are percent: ``Decimal("20")`` is 20%.
  * Nothing is rounded, except that powers and roots are computed with guard digits and rounded
    back to 28 significant digits (so 100 -> 172.8 over 3 years is exactly 20%). Pages round.

``assess(spec, obs)`` -- ``ratio`` is actual / expected-at-this-point on ONE scale for every
kind (growth a vs required g: (1+a)/(1+g); rank r vs floor t: t/r), and ``status`` is
``status_for_ratio`` of it (met -> DONE, whatever the ratio). obs or obs.value None -> NO_DATA.
  * pace (flow indicators only): obs.pace, else linear_pace(month); annual_estimate = value/pace
    for flow indicators, else value. growth_pct = reported 同比 if given, else computed
    (``headline_growth``, the one rule for which 同比 is shown first; ``growth_basis`` says which).
  * LEVEL: expected_now = glide path base_value(base_year) -> floor(target_year) x pace; stock
    indicators are interpolated monthly along the path instead. Without a base: floor x pace in
    and after the target year, else None (-> NO_DATA). From the target year on the path stays
    at the floor. met = year >= target_year and value >= floor. required_growth_pct = CAGR from
    base_value to floor; remaining_growth_pct = CAGR from annual_estimate to floor by
    target_year (target year itself: floor/estimate - 1; later: None).
  * CAGR / YEARLY_RATE: ratio = (1+growth/100)/(1+floor/100); expected_now = same period last
    year x (1+floor/100); required_growth_pct = floor; progress = growth/floor x 100.
    CAGR met = December of a year >= target_year and the achieved CAGR since base_value (the
    同比 when no base is known) >= floor; remaining = CAGR from annual_estimate to the end of
    the floor-rate path from base_value. YEARLY_RATE met = December of target_year, 同比 >= floor.
  * SHARE: ratio = value/floor, no pace; met = value >= floor, also before the target year.
  * COUNT: period = base_year+1 .. target_year; expected_now = floor x elapsed/period, elapsed
    counted in months and capped at the period; met = value >= floor; projection = value /
    elapsed x period. Without base_year: no expected_now (status from met only).
  * RANK (lower is better): ratio = floor/value; met = value <= floor.
  * MILESTONE: DONE if done, NO_DATA if unknown, else ON_TRACK up to the target year and
    FAR_BEHIND after it; ratio None.
  * projection (LEVEL/CAGR/YEARLY_RATE) = annual_estimate x (1+growth)^(target_year - year);
    None after the target year.
"""

import enum
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext

_PREC = 28
_GUARD = 12
_ZERO = Decimal(0)
_ONE = Decimal(1)
_HUNDRED = Decimal(100)
_TWELVE = Decimal(12)


def _power(base: Decimal, *, num: int, den: int = 1) -> Decimal | None:
    """``base ** (num/den)`` (den > 0); None for a negative base or 0 to a negative power."""
    if num == 0:
        return _ONE
    if base < 0 or (base == 0 and num < 0):
        return None
    if base == 0:
        return _ZERO
    with localcontext() as ctx:
        ctx.prec = _PREC + _GUARD
        raw = base ** (num // den) if num % den == 0 else (base.ln() * num / den).exp()
        ctx.prec = _PREC
        return +raw


def _div(*, num: Decimal | None, den: Decimal | None) -> Decimal | None:
    """num / den for a positive den, else None."""
    if num is None or den is None or den <= 0:
        return None
    return num / den


def _pct_of(*, num: Decimal | None, den: Decimal | None) -> Decimal | None:
    quotient = _div(num=num, den=den)
    return None if quotient is None else quotient * _HUNDRED


def single_month_values(cumulative: Sequence[Decimal | None]) -> list[Decimal | None]:
    """Single-month figures from one year's 1—N月 cumulative figures (index 0 = January)."""
    months: list[Decimal | None] = list(cumulative[:1])
    for previous, current in itertools.pairwise(cumulative):
        months.append(None if previous is None or current is None else current - previous)
    return months


def growth_pct(*, current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """同比 growth in percent; None when either is missing or previous <= 0."""
    quotient = _div(num=current, den=previous)
    return None if quotient is None else (quotient - _ONE) * _HUNDRED


def cagr_pct(*, start: Decimal | None, end: Decimal | None, years: int) -> Decimal | None:
    """Compound annual growth from start to end over ``years`` years, in percent."""
    if start is None or end is None or start <= 0 or end < 0 or years <= 0:
        return None
    root = _power(end / start, num=1, den=years)
    return None if root is None else (root - _ONE) * _HUNDRED


def required_growth_pct(
    *, target: Decimal | None, current: Decimal | None, years: int
) -> Decimal | None:
    """Annual growth (percent) needed to go from current to target in ``years`` years."""
    return cagr_pct(start=current, end=target, years=years)


def project(*, value: Decimal | None, rate_pct: Decimal | None, years: int) -> Decimal | None:
    """value x (1 + rate/100)^years; None on None or a rate below -100%."""
    if value is None or rate_pct is None:
        return None
    factor = _power(_ONE + rate_pct / _HUNDRED, num=years)
    return None if factor is None else value * factor


def ratio_of_sums(
    *,
    numerators: Iterable[Decimal | None],
    denominators: Iterable[Decimal | None],
    scale: Decimal = _HUNDRED,
) -> Decimal | None:
    """sum(numerators)/sum(denominators) x scale over the pairs where both are present.

    Never the mean of the zones' ratios. Iterables of different lengths raise ValueError.
    """
    pairs = [
        (n, d)
        for n, d in zip(numerators, denominators, strict=True)
        if n is not None and d is not None
    ]
    denominator = sum((d for _, d in pairs), _ZERO)
    if not pairs or denominator == 0:
        return None
    return sum((n for n, _ in pairs), _ZERO) / denominator * scale


def sum_present(values: Iterable[Decimal | None]) -> Decimal | None:
    """Sum of the present values; None when none is present."""
    present = [v for v in values if v is not None]
    return sum(present, _ZERO) if present else None


def _check_month(month: int) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, got {month}")


def linear_pace(month: int) -> Decimal:
    """Share of the year expected done by ``month`` (时间过半、任务过半): month/12."""
    _check_month(month)
    return Decimal(month) / _TWELVE


def seasonal_pace(*, last_year_cumulative: Sequence[Decimal | None], month: int) -> Decimal | None:
    """Last year's cumulative at ``month`` / last year's December cumulative."""
    _check_month(month)
    if len(last_year_cumulative) < 12:
        return None
    return _div(num=last_year_cumulative[month - 1], den=last_year_cumulative[11])


def _glide(*, base: Decimal, target: Decimal, elapsed: int, period: int) -> Decimal | None:
    if base <= 0 or period <= 0:
        return None
    factor = _power(target / base, num=elapsed, den=period)
    return None if factor is None else base * factor


def glide_path_value(
    *, base: Decimal, base_year: int, target: Decimal, target_year: int, year: int
) -> Decimal | None:
    """Value in ``year`` on the constant-growth path from base (base_year) to target."""
    return _glide(
        base=base, target=target, elapsed=year - base_year, period=target_year - base_year
    )


class Status(enum.StrEnum):
    DONE = "done"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    FAR_BEHIND = "far_behind"
    NO_DATA = "no_data"
    # Final states of a target whose year has closed (see `judge_year`); never from a ratio.
    MISSED = "missed"
    INCOMPLETE = "incomplete"


STATUS_LABELS: dict[Status, str] = {
    Status.DONE: "已完成",
    Status.ON_TRACK: "正常",
    Status.BEHIND: "滞后",
    Status.FAR_BEHIND: "严重滞后",
    Status.NO_DATA: "无数据",
    Status.MISSED: "未完成",
    Status.INCOMPLETE: "数据不全",
}
ON_TRACK_RATIO = Decimal("0.95")
BEHIND_RATIO = Decimal("0.85")


def _pct_text(ratio: Decimal) -> str:
    return f"{(ratio * _HUNDRED).normalize():f}%"


THRESHOLD_TEXT: str = (
    "完成度比 = 实际值 ÷ 按进度应达到的值（增速目标为 (1+实际增速) ÷ (1+目标增速)，"
    "排名目标为 目标名次 ÷ 实际名次）。"
    f"≥{_pct_text(ON_TRACK_RATIO)} 为{STATUS_LABELS[Status.ON_TRACK]}，"
    f"{_pct_text(BEHIND_RATIO)}–{_pct_text(ON_TRACK_RATIO)} 为{STATUS_LABELS[Status.BEHIND]}，"
    f"<{_pct_text(BEHIND_RATIO)} 为{STATUS_LABELS[Status.FAR_BEHIND]}；"
    f"达到目标值为{STATUS_LABELS[Status.DONE]}；未报送为{STATUS_LABELS[Status.NO_DATA]}。"
    f"目标年份结束后按该年数据一次终评：{STATUS_LABELS[Status.DONE]}、"
    f"{STATUS_LABELS[Status.MISSED]}或{STATUS_LABELS[Status.INCOMPLETE]}。"
)


def status_for_ratio(*, ratio: Decimal | None, met: bool) -> Status:
    """DONE if met (a met target is never "no data"); NO_DATA if ratio None; else thresholds."""
    if met:
        return Status.DONE
    if ratio is None:
        return Status.NO_DATA
    if ratio >= ON_TRACK_RATIO:
        return Status.ON_TRACK
    return Status.BEHIND if ratio >= BEHIND_RATIO else Status.FAR_BEHIND


class TargetKind(enum.StrEnum):
    LEVEL = "level"
    CAGR = "cagr"
    YEARLY_RATE = "yearly_rate"
    SHARE = "share"
    COUNT = "count"
    RANK = "rank"
    REFERENCE = "reference"
    MILESTONE = "milestone"


@dataclass(frozen=True)
class TargetSpec:
    kind: TargetKind
    floor: Decimal | None
    stretch: Decimal | None
    target_year: int
    base_year: int | None = None
    flow: bool = True
    first_year: int | None = None  # judged in every year first_year..target_year (年增长, 每年)
    # REFERENCE targets (5号 task 14): the reference series' value for the judged year.
    reference: Decimal | None = None
    reference_strict: bool = False


class GrowthBasis(enum.StrEnum):
    """Which 同比 a rate is: the statistics bureau's reported rate, or the portal's own."""

    REPORTED = "reported"
    COMPUTED = "computed"


GROWTH_BASIS_LABELS = {GrowthBasis.REPORTED: "统计局口径", GrowthBasis.COMPUTED: "平台计算"}
GROWTH_RULE_TEXT = (
    "同比增速：统计部门公布了同比的，用统计局口径（按可比口径计算）；未公布的，用平台计算"
    "（本平台本期数与上年同期数之比）。两者都有且不同时，并列显示。"
)


@dataclass(frozen=True)
class Growth:
    pct: Decimal | None
    basis: GrowthBasis | None  # None when there is no rate at all

    @property
    def label(self) -> str:
        return GROWTH_BASIS_LABELS[self.basis] if self.basis is not None else ""


def headline_growth(*, reported: Decimal | None, computed: Decimal | None) -> Growth:
    """The 同比 shown first wherever a rate appears (``GROWTH_RULE_TEXT``): the reported rate
    when the bureau gave one, else the rate computed from the portal's figures."""
    if reported is not None:
        return Growth(reported, GrowthBasis.REPORTED)
    if computed is not None:
        return Growth(computed, GrowthBasis.COMPUTED)
    return Growth(None, None)


@dataclass(frozen=True)
class Observation:
    year: int
    month: int
    value: Decimal | None
    same_period_last_year: Decimal | None = None
    base_value: Decimal | None = None
    pace: Decimal | None = None
    reported_growth_pct: Decimal | None = None
    milestone_done: bool | None = None


@dataclass(frozen=True)
class Assessment:
    status: Status
    ratio: Decimal | None = None
    progress_pct: Decimal | None = None
    stretch_progress_pct: Decimal | None = None
    expected_now: Decimal | None = None
    growth_pct: Decimal | None = None
    required_growth_pct: Decimal | None = None
    remaining_growth_pct: Decimal | None = None
    annual_estimate: Decimal | None = None
    projection: Decimal | None = None
    met: bool = False
    growth_basis: GrowthBasis | None = None  # which 同比 growth_pct is

    @property
    def growth(self) -> Growth:
        return Growth(self.growth_pct, self.growth_basis if self.growth_pct is not None else None)


def _pace(spec: TargetSpec, obs: Observation) -> Decimal:
    if not spec.flow:
        return _ONE
    return obs.pace if obs.pace is not None else linear_pace(obs.month)


def _annual_estimate(spec: TargetSpec, obs: Observation, value: Decimal) -> Decimal | None:
    return _div(num=value, den=_pace(spec, obs)) if spec.flow else value


def _achieved_growth(obs: Observation, value: Decimal) -> Growth:
    computed = growth_pct(current=value, previous=obs.same_period_last_year)
    return headline_growth(reported=obs.reported_growth_pct, computed=computed)


def _projection(
    spec: TargetSpec, obs: Observation, *, estimate: Decimal | None, growth: Decimal | None
) -> Decimal | None:
    years = spec.target_year - obs.year
    return None if years < 0 else project(value=estimate, rate_pct=growth, years=years)


def _remaining(
    *, target: Decimal | None, estimate: Decimal | None, target_year: int, year: int
) -> Decimal | None:
    if year > target_year:
        return None
    return required_growth_pct(target=target, current=estimate, years=max(target_year - year, 1))


def path_value(spec: TargetSpec, *, base: Decimal | None, year: int) -> Decimal | None:
    """The target's annual value for ``year`` on its path from the base year: the constant-growth
    glide from ``base`` to the floor (LEVEL), or ``base`` grown at the floor rate (CAGR). None for
    other kinds, without a base, or outside base_year..target_year."""
    if base is None or spec.base_year is None or spec.floor is None:
        return None
    if not spec.base_year <= year <= spec.target_year:
        return None
    if spec.kind is TargetKind.LEVEL:
        return glide_path_value(
            base=base,
            base_year=spec.base_year,
            target=spec.floor,
            target_year=spec.target_year,
            year=year,
        )
    if spec.kind is TargetKind.CAGR:
        return project(value=base, rate_pct=spec.floor, years=year - spec.base_year)
    return None


def path_expected(
    spec: TargetSpec, *, base: Decimal | None, year: int, month: int, pace: Decimal
) -> Decimal | None:
    """What a LEVEL target's path says the figure should be at (year, month): a flow's annual
    path value x ``pace`` (the share of the year done by ``month``); a stock interpolated to the
    month along the path. From the target year on: the floor (x pace for a flow). Without a base
    before the target year: None."""
    floor, base_year = spec.floor, spec.base_year
    if floor is None:
        return None
    if year >= spec.target_year:
        return floor * pace
    if base is None or base_year is None:
        return None
    period = (spec.target_year - base_year) * 12
    elapsed = (year - base_year) * 12  # flow: the year's annual value on the path, x pace
    if not spec.flow:  # stock: interpolated to the month along the path
        elapsed += month - 12
    glide = _glide(base=base, target=floor, elapsed=elapsed, period=period)
    return None if glide is None else glide * pace


def expected_cumulative(
    spec: TargetSpec,
    *,
    base: Decimal | None,
    year: int,
    last_year_cumulative: Sequence[Decimal | None],
) -> list[Decimal | None]:
    """The expected 1—N月 cumulative of a flow in each month of ``year`` (the chart's path line),
    by the same rule as the status's expected-now: LEVEL, `path_expected` with last year's
    seasonal shape (linear pace where it is unknown); CAGR, the same period last year x (1 +
    floor). Twelve values; None where undefined."""
    if spec.floor is None or (spec.kind is TargetKind.LEVEL and base is None):
        return [None] * 12
    if spec.kind is TargetKind.CAGR:
        factor = _ONE + spec.floor / _HUNDRED
        return [None if v is None else v * factor for v in last_year_cumulative[:12]]
    if spec.kind is not TargetKind.LEVEL:
        return [None] * 12
    return [
        path_expected(
            spec,
            base=base,
            year=year,
            month=month,
            pace=seasonal_pace(last_year_cumulative=last_year_cumulative, month=month)
            or linear_pace(month),
        )
        for month in range(1, 13)
    ]


def _level_expected(spec: TargetSpec, obs: Observation) -> Decimal | None:
    return path_expected(
        spec, base=obs.base_value, year=obs.year, month=obs.month, pace=_pace(spec, obs)
    )


def _finish(
    spec: TargetSpec,
    *,
    ratio: Decimal | None,
    met: bool,
    achieved: Decimal | None,
    inverse: bool = False,
    growth_basis: GrowthBasis | None = None,
    **fields: Decimal | None,
) -> Assessment:
    """Status, plus progress towards floor and stretch (achieved/goal, or goal/achieved)."""

    def pct(goal: Decimal | None) -> Decimal | None:
        if inverse:
            return _pct_of(num=goal, den=achieved)
        return _pct_of(num=achieved, den=goal)

    return Assessment(
        status=status_for_ratio(ratio=ratio, met=met),
        ratio=ratio,
        progress_pct=pct(spec.floor),
        stretch_progress_pct=pct(spec.stretch),
        met=met,
        growth_basis=growth_basis,
        **fields,
    )


def _assess_level(spec: TargetSpec, obs: Observation, value: Decimal) -> Assessment:
    floor, estimate = spec.floor, _annual_estimate(spec, obs, value)
    headline = _achieved_growth(obs, value)
    growth = headline.pct
    expected = _level_expected(spec, obs)
    required = None
    if spec.base_year is not None:
        years = spec.target_year - spec.base_year
        required = cagr_pct(start=obs.base_value, end=floor, years=years)
    return _finish(
        spec,
        ratio=_div(num=value, den=expected),
        met=obs.year >= spec.target_year and floor is not None and value >= floor,
        achieved=estimate,
        expected_now=expected,
        growth_pct=growth,
        growth_basis=headline.basis,
        required_growth_pct=required,
        remaining_growth_pct=_remaining(
            target=floor, estimate=estimate, target_year=spec.target_year, year=obs.year
        ),
        annual_estimate=estimate,
        projection=_projection(spec, obs, estimate=estimate, growth=growth),
    )


def _rate_met(spec: TargetSpec, obs: Observation, value: Decimal, growth: Decimal | None) -> bool:
    if obs.month != 12 or spec.floor is None:
        return False
    if spec.kind is TargetKind.YEARLY_RATE:
        return obs.year == spec.target_year and growth is not None and growth >= spec.floor
    if obs.year < spec.target_year:
        return False
    if spec.base_year is not None and obs.base_value is not None:
        achieved = cagr_pct(start=obs.base_value, end=value, years=obs.year - spec.base_year)
    else:
        achieved = growth
    return achieved is not None and achieved >= spec.floor


def _cagr_remaining(spec: TargetSpec, obs: Observation, estimate: Decimal | None) -> Decimal | None:
    if spec.kind is not TargetKind.CAGR or spec.base_year is None:
        return None
    years = spec.target_year - spec.base_year
    path_end = project(value=obs.base_value, rate_pct=spec.floor, years=years)
    return _remaining(
        target=path_end, estimate=estimate, target_year=spec.target_year, year=obs.year
    )


def _assess_rate(spec: TargetSpec, obs: Observation, value: Decimal) -> Assessment:
    floor, last_year = spec.floor, obs.same_period_last_year
    headline = _achieved_growth(obs, value)
    growth = headline.pct
    estimate = _annual_estimate(spec, obs, value)
    factor = None if floor is None else _ONE + floor / _HUNDRED
    return _finish(
        spec,
        ratio=None if growth is None else _div(num=_ONE + growth / _HUNDRED, den=factor),
        met=_rate_met(spec, obs, value, growth),
        achieved=growth,
        expected_now=None if factor is None or last_year is None else last_year * factor,
        growth_pct=growth,
        growth_basis=headline.basis,
        required_growth_pct=floor,
        remaining_growth_pct=_cagr_remaining(spec, obs, estimate),
        annual_estimate=estimate,
        projection=_projection(spec, obs, estimate=estimate, growth=growth),
    )


def _assess_share(spec: TargetSpec, obs: Observation, value: Decimal) -> Assessment:
    met = spec.floor is not None and value >= spec.floor
    ratio = _div(num=value, den=spec.floor)
    return _finish(
        spec, ratio=ratio, met=met, achieved=value, expected_now=spec.floor, annual_estimate=value
    )


def _assess_count(spec: TargetSpec, obs: Observation, value: Decimal) -> Assessment:
    expected = projection = None
    if spec.base_year is not None and spec.target_year > spec.base_year:
        period = (spec.target_year - spec.base_year) * 12
        elapsed = min((obs.year - spec.base_year - 1) * 12 + obs.month, period)
        if spec.floor is not None:
            expected = spec.floor * elapsed / period
        projection = _div(num=value * period, den=Decimal(elapsed))
    return _finish(
        spec,
        ratio=_div(num=value, den=expected),
        met=spec.floor is not None and value >= spec.floor,
        achieved=value,
        expected_now=expected,
        annual_estimate=value,
        projection=projection,
    )


def is_rank_improvement(spec: TargetSpec) -> bool:
    """A rank target judged every year (``first_year`` set) is a yearly improvement: "每年进位
    ``floor`` 名以上" against the year before, not a place to reach."""
    return spec.kind is TargetKind.RANK and spec.first_year is not None


def _assess_rank_improvement(spec: TargetSpec, obs: Observation, value: Decimal) -> Assessment:
    places = spec.floor if spec.floor is not None else _ONE
    last = obs.same_period_last_year
    met = rank_improved(previous=last, current=value, places=places)
    if met is None:
        return Assessment(status=Status.NO_DATA)
    return Assessment(
        status=Status.DONE if met else Status.FAR_BEHIND,
        progress_pct=_HUNDRED if met else _ZERO,
        expected_now=None if last is None else last - places,
        annual_estimate=value,
        met=met,
    )


def _assess_rank(spec: TargetSpec, obs: Observation, value: Decimal) -> Assessment:
    if is_rank_improvement(spec):
        return _assess_rank_improvement(spec, obs, value)
    met = spec.floor is not None and value <= spec.floor
    ratio = _div(num=spec.floor, den=value)
    return _finish(
        spec,
        ratio=ratio,
        met=met,
        achieved=value,
        inverse=True,
        expected_now=spec.floor,
        annual_estimate=value,
    )


def _assess_milestone(spec: TargetSpec, obs: Observation | None) -> Assessment:
    if obs is None or obs.milestone_done is None:
        return Assessment(status=Status.NO_DATA)
    if obs.milestone_done:
        return Assessment(status=Status.DONE, progress_pct=_HUNDRED, met=True)
    late = obs.year > spec.target_year
    return Assessment(status=Status.FAR_BEHIND if late else Status.ON_TRACK)


# --- Reference-series comparator (5号 task 14: “高于/不少于全省…平均水平”) --------------


def meets_reference(
    *, actual: Decimal | None, reference: Decimal | None, strictly_above: bool
) -> bool | None:
    """Whether a year's actual value meets a published reference value; None if either is
    missing. `strictly_above` for “高于”, otherwise “不少于” (≥)."""
    if actual is None or reference is None:
        return None
    return actual > reference if strictly_above else actual >= reference


def rank_improved(
    *, previous: Decimal | None, current: Decimal | None, places: Decimal
) -> bool | None:
    """Yearly rank improvement (lower is better): met when the rank rose by `places` or more."""
    if previous is None or current is None:
        return None
    return previous - current >= places


def _assess_reference(spec: TargetSpec, obs: Observation, value: Decimal) -> Assessment:
    met = meets_reference(
        actual=value, reference=spec.reference, strictly_above=spec.reference_strict
    )
    if met is None:
        return Assessment(status=Status.NO_DATA)
    return _finish(
        spec,
        ratio=_div(num=value, den=spec.reference),
        met=met,
        achieved=value,
        expected_now=spec.reference,
        annual_estimate=value,
    )


_ASSESSORS: dict[TargetKind, Callable[[TargetSpec, Observation, Decimal], Assessment]] = {
    TargetKind.LEVEL: _assess_level,
    TargetKind.CAGR: _assess_rate,
    TargetKind.YEARLY_RATE: _assess_rate,
    TargetKind.SHARE: _assess_share,
    TargetKind.COUNT: _assess_count,
    TargetKind.RANK: _assess_rank,
    TargetKind.REFERENCE: _assess_reference,
}


def assess(spec: TargetSpec, obs: Observation | None) -> Assessment:
    """Where ``obs`` stands against ``spec``; see the module docstring for the semantics."""
    if spec.kind is TargetKind.MILESTONE:
        return _assess_milestone(spec, obs)
    if obs is None or obs.value is None:
        return Assessment(status=Status.NO_DATA)
    return _ASSESSORS[spec.kind](spec, obs, obs.value)


def rank_desc(values: Mapping[str, Decimal | None]) -> dict[str, int | None]:
    """Competition ranking (1, 2, 2, 4) by value, highest first; None values get None."""
    first_place: dict[Decimal, int] = {}
    for place, value in enumerate(
        sorted((v for v in values.values() if v is not None), reverse=True), start=1
    ):
        first_place.setdefault(value, place)
    return {key: None if value is None else first_place[value] for key, value in values.items()}


# -- Verdicts: a target whose year has closed ---------------------------------------------------


class Verdict(enum.StrEnum):
    MET = "met"
    MET_STRETCH = "met_stretch"
    MISSED = "missed"
    INCOMPLETE = "incomplete"


VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.MET: "已完成",
    Verdict.MET_STRETCH: "已完成（达到力争目标）",
    Verdict.MISSED: "未完成",
    Verdict.INCOMPLETE: "数据不全",
}
VERDICT_STATUS: dict[Verdict, Status] = {
    Verdict.MET: Status.DONE,
    Verdict.MET_STRETCH: Status.DONE,
    Verdict.MISSED: Status.MISSED,
    Verdict.INCOMPLETE: Status.INCOMPLETE,
}
_VERDICT_SEVERITY = [Verdict.MET_STRETCH, Verdict.MET, Verdict.INCOMPLETE, Verdict.MISSED]

VERDICT_TEXT: str = (
    "目标年份结束（该年12月数据已报，或该年已过去）后，目标按该年数据一次评定，不再随以后的数据变化："
    "总量、占比、新增数量和排名看该年年末数，年均增长看基期至该年的年均增速，年增长看该年同比，"
    "节点任务看该年年底前是否报送完成。"
    f"达到目标值为“{VERDICT_LABELS[Verdict.MET]}”，达到力争值为“{VERDICT_LABELS[Verdict.MET_STRETCH]}”，"
    f"未达到为“{VERDICT_LABELS[Verdict.MISSED]}”（注明差距），"
    f"该年有开发区未报送为“{VERDICT_LABELS[Verdict.INCOMPLETE]}”（注明缺报的开发区）。"
    "“每年”“年增长”类目标逐年评定，有一年未完成即为未完成。"
)


@dataclass(frozen=True)
class YearFigures:
    """What a target is judged on for one year: the year-end figure of its scope (December's
    1—12月 cumulative for a flow, the year-end stock, share, count or rank), December of the
    year before, December of the base year, the reported 同比 (one zone only), the zones expected
    to report that did not, and whether a milestone was reported done by the year's end."""

    year: int
    value: Decimal | None
    previous: Decimal | None = None
    base_value: Decimal | None = None
    reported_growth_pct: Decimal | None = None
    missing: tuple[str, ...] = ()
    milestone_done: bool | None = None


@dataclass(frozen=True)
class YearVerdict:
    year: int
    verdict: Verdict
    achieved: Decimal | None = None  # in the unit compared with the floor (% for growth targets)
    floor: Decimal | None = None
    stretch: Decimal | None = None
    shortfall: Decimal | None = None  # floor - achieved (achieved - floor for a rank), when missed
    shortfall_pct: Decimal | None = None  # shortfall as a percentage of the floor
    missing: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self.verdict]

    @property
    def status(self) -> Status:
        return VERDICT_STATUS[self.verdict]


def judged_years(spec: TargetSpec) -> list[int]:
    """The years a target is judged in: its target year, or every year from ``first_year``."""
    if spec.first_year is None or spec.first_year >= spec.target_year:
        return [spec.target_year]
    return list(range(spec.first_year, spec.target_year + 1))


def year_closed(*, year: int, as_of_year: int, as_of_month: int) -> bool:
    """Whether ``year`` has closed at the as-of month: its December is in, or it is past."""
    return (as_of_year, as_of_month) >= (year, 12)


def _achieved_for_verdict(spec: TargetSpec, figures: YearFigures) -> Decimal | None:
    value = figures.value
    if value is None:
        return None
    if is_rank_improvement(spec):  # places gained on the year before
        return None if figures.previous is None else figures.previous - value
    if spec.kind is TargetKind.YEARLY_RATE or (
        spec.kind is TargetKind.CAGR and spec.base_year is None
    ):
        computed = growth_pct(current=value, previous=figures.previous)
        return headline_growth(reported=figures.reported_growth_pct, computed=computed).pct
    if spec.kind is TargetKind.CAGR:
        assert spec.base_year is not None
        return cagr_pct(start=figures.base_value, end=value, years=figures.year - spec.base_year)
    return value


def _ranked(spec: TargetSpec) -> bool:
    """A place to reach, lower is better (not a yearly improvement)."""
    return spec.kind is TargetKind.RANK and not is_rank_improvement(spec)


def _reaches(spec: TargetSpec, achieved: Decimal, goal: Decimal | None) -> bool:
    if goal is None:
        return False
    return achieved <= goal if _ranked(spec) else achieved >= goal


def _judge_reference(spec: TargetSpec, figures: YearFigures) -> YearVerdict:
    """Against the reference value published for that year; incomplete without it."""
    missing = figures.missing + (() if spec.reference is not None else ("全省参考值（未录入）",))
    met = meets_reference(
        actual=figures.value, reference=spec.reference, strictly_above=spec.reference_strict
    )
    if missing or met is None or figures.value is None or spec.reference is None:
        return YearVerdict(
            figures.year, Verdict.INCOMPLETE, achieved=figures.value, missing=missing
        )
    shortfall = None if met else spec.reference - figures.value
    return YearVerdict(
        figures.year,
        Verdict.MET if met else Verdict.MISSED,
        achieved=figures.value,
        floor=spec.reference,
        shortfall=shortfall,
        shortfall_pct=_pct_of(num=shortfall, den=spec.reference),
    )


def judge_year(spec: TargetSpec, figures: YearFigures) -> YearVerdict:
    """The verdict on one closed year, from that year's figures alone (see `VERDICT_TEXT`).

    INCOMPLETE when a zone expected to report is missing, or a figure the comparison needs is
    (the year's value, last December for a yearly rate, the base year for a CAGR). A milestone
    not reported done by the year's end is MISSED. Shortfall: floor - achieved (achieved - floor
    for a rank), in the floor's unit, and as a percentage of the floor.
    """
    if spec.kind is TargetKind.MILESTONE:
        verdict = Verdict.MET if figures.milestone_done else Verdict.MISSED
        return YearVerdict(figures.year, verdict)
    if spec.kind is TargetKind.REFERENCE:
        return _judge_reference(spec, figures)
    achieved = _achieved_for_verdict(spec, figures)
    if figures.missing or achieved is None:
        return YearVerdict(
            figures.year,
            Verdict.INCOMPLETE,
            achieved=achieved,
            floor=spec.floor,
            stretch=spec.stretch,
            missing=figures.missing,
        )
    shortfall = shortfall_pct = None
    if _reaches(spec, achieved, spec.stretch):
        verdict = Verdict.MET_STRETCH
    elif _reaches(spec, achieved, spec.floor):
        verdict = Verdict.MET
    else:
        verdict = Verdict.MISSED
        if spec.floor is not None:
            shortfall = achieved - spec.floor if _ranked(spec) else spec.floor - achieved

            shortfall_pct = _pct_of(num=shortfall, den=spec.floor)
    return YearVerdict(
        figures.year,
        verdict,
        achieved=achieved,
        floor=spec.floor,
        stretch=spec.stretch,
        shortfall=shortfall,
        shortfall_pct=shortfall_pct,
    )


def overall_verdict(verdicts: Sequence[YearVerdict]) -> Verdict | None:
    """A target judged in several years: its worst year (a year missed is the target missed;
    otherwise a year with incomplete figures leaves it incomplete). None without verdicts."""
    if not verdicts:
        return None
    return max((v.verdict for v in verdicts), key=_VERDICT_SEVERITY.index)
