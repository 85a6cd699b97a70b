"""One target's page: the quote, its history month by month, its path to the target year."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from indicators import calculations as calc
from targets.models import Indicator, Target

from .assess import TargetAssessment, target_spec
from .catalogue import Catalogue
from .periods import Period, months_between, periods_for_assessment
from .store import FigureStore

MAX_HISTORY_MONTHS = 60


@dataclass(frozen=True)
class YearPoint:
    """One year of the target's series: the actual annual value (partial in the as-of year),
    where the glide path from the base year says it should be, and the projection."""

    year: int
    actual: Decimal | None
    partial: bool
    estimate: Decimal | None
    glide: Decimal | None
    projection: Decimal | None


@dataclass(frozen=True)
class TargetDetail:
    target: Target
    as_of: Period
    current: TargetAssessment
    history: list[TargetAssessment]
    years: list[YearPoint]
    achieved_cagr_pct: Decimal | None
    replaces: list[Target]
    is_demo: bool


def target_for_page(*, code: str) -> Target:
    """The target with everything its page names; raises Target.DoesNotExist."""
    return (
        Target.objects.select_related(
            "document",
            "task__document",
            "zone",
            "cluster",
            "indicator",
            "superseded_by__document",
        )
        .prefetch_related("cluster__zones")
        .get(code=code)
    )


def _history_months(target: Target, indicator: Indicator | None, as_of: Period) -> list[Period]:
    first_year = (
        target.base_year + 1 if target.base_year is not None else target.document.issued_on.year
    )
    first = max(Period(first_year, 1), as_of.shift(1 - MAX_HISTORY_MONTHS))
    months = months_between(first, as_of)
    if indicator is not None and indicator.frequency == Indicator.Frequency.ANNUAL:
        return [p for p in months if p.month == 12 or p == as_of]
    return months


def _history_store(
    catalogue: Catalogue, target: Target, points: list[Period], as_of: Period, approved_only: bool
) -> FigureStore:
    base_years = {target.base_year} if target.base_year is not None else set()
    first_year = min([as_of.year, *(p.year for p in points), *base_years])
    periods = {Period(y, 12) for y in range(first_year, as_of.year + 1)}
    for point in [*points, as_of]:
        periods |= periods_for_assessment(point, base_years=base_years)
    periods |= catalogue.judgement_periods(as_of)
    indicators = [catalogue.indicators[target.indicator_id]] if target.indicator_id else []
    zone_ids = [target.zone_id] if target.zone_id is not None else None
    return FigureStore.load(
        indicators=indicators, periods=periods, zone_ids=zone_ids, approved_only=approved_only
    )


def _year_points(
    target: Target, store: FigureStore, current: TargetAssessment, as_of: Period
) -> list[YearPoint]:
    if current.indicator is None:
        return []
    indicator, zone_ids = current.indicator, list(current.scope.zone_ids)
    spec = target_spec(target, indicator)
    first = target.base_year if target.base_year is not None else as_of.year - 2
    assessment = current.assessment
    growth = assessment.growth_pct
    points = []
    for year in range(first, max(as_of.year, target.target_year) + 1):
        partial = year == as_of.year and as_of.month != 12
        period = as_of if partial else Period(year, 12)
        actual = store.scope_value(indicator, zone_ids, period) if year <= as_of.year else None
        estimate = assessment.annual_estimate if year == as_of.year else None
        projection = None
        if year >= as_of.year and assessment.annual_estimate is not None:
            projection = calc.project(
                value=assessment.annual_estimate, rate_pct=growth, years=year - as_of.year
            )
        points.append(
            YearPoint(
                year=year,
                actual=actual,
                partial=partial,
                estimate=estimate if partial else None,
                glide=calc.path_value(spec, base=current.base_value, year=year),
                projection=projection,
            )
        )
    return points


def target_detail(*, target: Target, as_of: Period, approved_only: bool = True) -> TargetDetail:
    """The target page: seven queries, however many months of history or zones."""
    catalogue = Catalogue.load(targets=[target])
    indicator = catalogue.indicators.get(target.indicator_id) if target.indicator_id else None
    points = _history_months(target, indicator, as_of) if indicator is not None else []
    store = _history_store(catalogue, target, points, as_of, approved_only)
    history = [catalogue.assess(store, point)[0] for point in points]
    current = catalogue.assess(store, as_of)[0]
    achieved = None
    if target.base_year is not None and current.period is not None:
        achieved = calc.cagr_pct(
            start=current.base_value,
            end=current.assessment.annual_estimate,
            years=current.period.year - target.base_year,
        )
    replaces = list(
        Target.objects.filter(superseded_by=target).select_related("document", "indicator")
    )
    return TargetDetail(
        target=target,
        as_of=as_of,
        current=current,
        history=history,
        years=_year_points(target, store, current, as_of),
        achieved_cagr_pct=achieved,
        replaces=replaces,
        is_demo=store.is_demo,
    )


def target_history(
    *, target: Target, as_of: Period, approved_only: bool = True
) -> list[TargetAssessment]:
    """The target's status month by month, up to `as_of`."""
    return target_detail(target=target, as_of=as_of, approved_only=approved_only).history
