"""Deterministic demo figures, so the dashboards can be seen before real data is entered.

Every row written here has `is_demo=True` (figures also `source="演示数据"`), and `--delete`
removes exactly those rows and the synthetic zones (codes starting `demo-`), nothing else.

The numbers are calibrated, not random noise: each zone has an output level for 2022 and a
growth rate chosen so that some targets of 5号/7号 are met and some are behind; flow
indicators follow the seasonal shape of Chinese industrial statistics (January and February
low, December high) as 1—N月 cumulative figures; stock indicators are month-end counts;
annual indicators are stored at month 12; cluster output is a share of the zone's 工业总产值
(the shares of one zone sum to well under 1). Randomness is seeded per zone and indicator.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from typing import TypeVar

from django.db import transaction
from django.db.models import ProtectedError

from indicators.models import Figure, Submission
from targets.models import Indicator, Zone

T = TypeVar("T")
SOURCE = "演示数据"
SYNTHETIC_PREFIX = "demo-"
BASE_YEAR = 2022
SEED = "chuxiong-demo-v1"
BATCH_SIZE = 2000

# Share of the year's output in each month (industrial output; investment is more end-loaded).
OUTPUT_SEASON = (6.5, 5.5, 8.5, 8.0, 8.3, 9.0, 8.0, 8.2, 8.8, 8.3, 8.9, 12.0)
INVEST_SEASON = (3.0, 3.5, 8.0, 7.5, 8.5, 10.0, 8.0, 8.5, 10.0, 8.5, 10.0, 14.5)
REPORTED_GROWTH_CODES = frozenset({"gyzcz", "gsgyzcz", "yysr", "gdzctz"})


@dataclass(frozen=True)
class Flow:
    """A flow: annual total level x (1+growth)^(year-2022), spread over the months."""

    level: float
    growth: float
    season: tuple[float, ...] = OUTPUT_SEASON
    noise: float = 0.025


@dataclass(frozen=True)
class ShareOf:
    """A part of another indicator: parent x (share + drift x (year-2022))."""

    parent: str
    share: float
    drift: float = 0.0


@dataclass(frozen=True)
class Stock:
    """A month-end count or level: December = (level + step x t) x (1+growth)^t, t = year-2022;
    months in between on a straight line from the December before."""

    level: float
    growth: float = 0.0
    step: float = 0.0


@dataclass(frozen=True)
class SinceStart:
    """A count accumulated since January 2023 ("2023年以来累计"), `per_year` a year."""

    per_year: float
    start_year: int = 2023


Rule = Flow | ShareOf | Stock | SinceStart


@dataclass(frozen=True)
class Profile:
    """What distinguishes one zone: its size, its pace, its industrial make-up."""

    output: float  # 2022 工业总产值, 亿元
    growth: float
    clusters: dict[str, float] = field(default_factory=dict)  # cluster code → share of output
    gdp: float | None = None
    rank: float | None = None
    firms: float = 60
    hightech: float = 8
    hightech_step: float = 1
    new_firms: float = 3
    new_chains: float = 0.5
    lead_share: float = 0.46
    trade_growth: float = 0.08
    rd_intensity: float = 0.012


PROFILES: dict[str, Profile] = {
    # 楚雄国家高新区: GDP 2022 = 333.52 亿元 (sources/2023-chuxiong-hitech-six-actions.txt).
    "cxgx": Profile(
        output=820,
        growth=0.235,
        gdp=333.52,
        rank=148,
        firms=160,
        hightech=32,
        hightech_step=5,
        new_firms=9,
        new_chains=1.5,
        lead_share=0.48,
        trade_growth=0.2,
        rd_intensity=0.024,
        clusters={"pv": 0.24, "cu": 0.3, "bio": 0.09},
    ),
    "lufeng": Profile(
        output=700,
        growth=0.13,
        firms=120,
        hightech=14,
        hightech_step=2,
        new_firms=7,
        new_chains=1,
        lead_share=0.45,
        clusters={"pv": 0.18, "ti": 0.14, "vti": 0.1, "battery": 0.12, "equip": 0.05},
    ),
    "wuding": Profile(
        output=112,
        growth=0.09,
        firms=35,
        hightech=5,
        new_firms=2,
        new_chains=0,
        lead_share=0.42,
        clusters={"ti": 0.45},
    ),
    "mouding": Profile(
        output=300,
        growth=0.19,
        firms=55,
        hightech=8,
        new_firms=4,
        new_chains=0.5,
        clusters={"vti": 0.3, "battery": 0.2, "circular": 0.15},
    ),
}

# 昆明高新区 (benchmark): annual figures only, for the indicators a press report would give.
BENCHMARK_RULES: dict[str, Rule] = {
    "gdp": Stock(620, growth=0.06),
    "gyzcz": Stock(900, growth=0.07),
    "yysr": Stock(2600, growth=0.08),
    "gdzctz": Stock(320, growth=0.05),
    "gxjsqys": Stock(480, step=30),
}


def synthetic_profile(code: str) -> Profile:
    """A plausible small zone for zones without a profile (synthetic benchmark zones)."""
    rng = random.Random(f"{SEED}:{code}:profile")
    return Profile(
        output=round(rng.uniform(40, 400), 2),
        growth=round(rng.uniform(0.04, 0.24), 3),
        firms=rng.randint(15, 90),
        hightech=rng.randint(2, 15),
        new_firms=rng.randint(1, 5),
        new_chains=rng.choice([0, 0.5, 1]),
        lead_share=round(rng.uniform(0.38, 0.55), 3),
    )


def zone_rules(profile: Profile) -> dict[str, Rule]:
    """The rule of every indicator for one zone (parents before the parts derived from them)."""
    size, growth = profile.output, profile.growth
    rules: dict[str, Rule] = {
        "gyzcz": Flow(size, growth),
        "gsgyzcz": ShareOf("gyzcz", 0.92, 0.003),
        "yysr": Flow(size * 1.06, growth + 0.01),
        "zdcy_yysr": ShareOf("yysr", profile.lead_share, 0.015),
        "gdzctz": Flow(size * 0.3, growth * 0.7, INVEST_SEASON, noise=0.05),
        "jckze": Flow(size * 0.03 * 10000, profile.trade_growth, noise=0.06),
        "sjlywz": Flow(size * 4, 0.21, noise=0.05),
        "zwdwzj": Flow(size * 0.22, 0.13, INVEST_SEASON, noise=0.04),
        "cydwzj": ShareOf("zwdwzj", 0.56, 0.015),
        "ybggys": Flow(size * 0.012, growth * 0.6),
        "gdp": Stock(profile.gdp or size * 0.3, growth=growth * 0.8),
        "yfjf": ShareOf("gdp", profile.rd_intensity, 0.0015),
        "gsgyqys": Stock(profile.firms, growth=0.06),
        "gxjsqys": Stock(profile.hightech, step=profile.hightech_step),
        "kjxzxqys": Stock(profile.hightech * 1.8, growth=0.12),
        "xzgsqys": SinceStart(profile.new_firms),
        "xzlzqys": SinceStart(profile.new_chains),
        "yfhdqys": ShareOf("gsgyqys", 0.32, 0.02),
        "yfjgqys": ShareOf("gsgyqys", 0.15, 0.012),
        "ldbz_total": Stock(11),
        "ldbz_zy": ShareOf("ldbz_total", 0.5, 0.04),
        "pwwg_czl": Stock(20, step=4),
        "xztd_czl": Stock(26, step=3),
        "bzd_share": Stock(40, step=7),
    }
    for cluster, share in profile.clusters.items():
        rules[f"gyzcz_{cluster}"] = ShareOf("gyzcz", share, 0.004)
    if profile.rank is not None:
        rules["gxq_rank"] = Stock(profile.rank, step=-7)
    return rules


@dataclass(frozen=True)
class Span:
    """The months to generate: January of `first_year` to (`last_year`, `last_month`)."""

    first_year: int
    last_year: int
    last_month: int

    def months(self, year: int) -> int:
        """How many months of `year` have figures."""
        return self.last_month if year == self.last_year else 12

    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    def complete_years(self) -> range:
        """Years whose December is inside the span (annual figures exist only for those)."""
        last = self.last_year if self.last_month == 12 else self.last_year - 1
        return range(self.first_year, last + 1)


Series = dict[tuple[int, int], float]  # (year, month) → value


class ZoneSeries:
    """Computes every indicator of one zone over the span, parents first."""

    def __init__(self, zone_code: str, span: Span) -> None:
        self.zone_code = zone_code
        self.span = span
        self.series: dict[str, Series] = {}

    def rng(self, code: str) -> random.Random:
        return random.Random(f"{SEED}:{self.zone_code}:{code}")

    def build(self, code: str, rule: Rule) -> Series:
        if isinstance(rule, Flow):
            result = self._flow(code, rule)
        elif isinstance(rule, ShareOf):
            result = self._share(rule)
        elif isinstance(rule, Stock):
            result = self._stock(rule)
        else:
            result = self._since(rule)
        self.series[code] = result
        return result

    def _flow(self, code: str, rule: Flow) -> Series:
        rng, out = self.rng(code), {}
        for year in self.span.years():
            t = year - BASE_YEAR
            noise = 0.0 if year == BASE_YEAR else rng.gauss(0, rule.noise)
            annual = rule.level * (1 + rule.growth) ** t * math.exp(noise)
            weights = [w * (1 + rng.gauss(0, 0.02)) for w in rule.season]
            total, cumulative = sum(weights), 0.0
            for month in range(1, self.span.months(year) + 1):
                cumulative += weights[month - 1]
                out[(year, month)] = annual * cumulative / total
        return out

    def _share(self, rule: ShareOf) -> Series:
        parent = self.series.get(rule.parent, {})
        return {
            (year, month): value * (rule.share + rule.drift * (year - BASE_YEAR))
            for (year, month), value in parent.items()
        }

    def _stock(self, rule: Stock) -> Series:
        def december(year: int) -> float:
            t = year - BASE_YEAR
            return (rule.level + rule.step * t) * (1 + rule.growth) ** t

        out = {}
        for year in self.span.years():
            start, end = december(year - 1), december(year)
            for month in range(1, self.span.months(year) + 1):
                out[(year, month)] = start + (end - start) * month / 12
        return out

    def _since(self, rule: SinceStart) -> Series:
        out = {}
        for year in self.span.years():
            if year < rule.start_year:
                continue
            done = rule.per_year * (year - rule.start_year)
            for month in range(1, self.span.months(year) + 1):
                out[(year, month)] = done + rule.per_year * month / 12
        return out


def _quantize(value: float, indicator: Indicator) -> Decimal:
    places = 0 if indicator.is_count else indicator.decimals
    return Decimal(str(round(value, places)))


def _reported_growth(rng: random.Random, series: Series, year: int, month: int) -> Decimal | None:
    previous = series.get((year - 1, month))
    if not previous:
        return None
    computed = (series[(year, month)] / previous - 1) * 100
    return Decimal(str(round(computed + rng.uniform(-1.0, 1.0), 1)))


def _keep(indicator: Indicator, year: int, month: int, span: Span) -> bool:
    """Annual indicators only in December of a complete year."""
    if indicator.frequency == Indicator.Frequency.ANNUAL:
        return month == 12 and year in span.complete_years()
    return True


def zone_figures(
    zone: Zone, rules: dict[str, Rule], indicators: dict[str, Indicator], span: Span
) -> Iterator[Figure]:
    """Unsaved demo figures of one zone."""
    builder = ZoneSeries(zone.code, span)
    for code, rule in rules.items():
        series = builder.build(code, rule)
        indicator = indicators.get(code)
        if indicator is None or indicator.kind == Indicator.Kind.RATIO:
            continue
        gaps = builder.rng(f"{code}:reported")
        for (year, month), value in sorted(series.items()):
            if not _keep(indicator, year, month, span):
                continue
            reported = None
            if code in REPORTED_GROWTH_CODES:
                reported = _reported_growth(gaps, series, year, month)
            yield Figure(
                zone=zone,
                indicator=indicator,
                year=year,
                month=month,
                value=_quantize(value, indicator),
                reported_growth_pct=reported,
                stage=Figure.Stage.FINAL,
                source=SOURCE,
                is_demo=True,
            )


def benchmark_figures(zone: Zone, indicators: dict[str, Indicator], span: Span) -> Iterator[Figure]:
    """Annual (December) figures of a benchmark zone."""
    builder = ZoneSeries(zone.code, span)
    for code, rule in BENCHMARK_RULES.items():
        series, indicator = builder.build(code, rule), indicators.get(code)
        if indicator is None:
            continue
        for year in span.complete_years():
            yield Figure(
                zone=zone,
                indicator=indicator,
                year=year,
                month=12,
                value=_quantize(series[(year, 12)], indicator),
                stage=Figure.Stage.FINAL,
                source=SOURCE,
                is_demo=True,
            )


#: In the last month, every AWAITING_REVIEW-th member zone (the third: 武定) has submitted and
#: awaits review, so the reviewer has something to do; the others are approved.
AWAITING_REVIEW = 3


def demo_submissions(zones: Iterable[Zone], span: Span) -> Iterator[Submission]:
    """Approved submissions for every month of the member zones, except that in the last month
    every third zone's is submitted and awaits review. A benchmark zone has approved Decembers
    (its annual figures, as an admin would enter them from a source)."""
    members = [zone for zone in zones if not zone.is_benchmark]
    for position, zone in enumerate(members, start=1):
        for year in span.years():
            for month in range(1, span.months(year) + 1):
                last = (year, month) == (span.last_year, span.last_month)
                waiting = last and position % AWAITING_REVIEW == 0
                status = Submission.Status.SUBMITTED if waiting else Submission.Status.APPROVED
                yield Submission(zone=zone, year=year, month=month, status=status, is_demo=True)
    for zone in zones:
        if zone.is_benchmark:
            for year in span.complete_years():
                yield Submission(
                    zone=zone, year=year, month=12, status=Submission.Status.APPROVED, is_demo=True
                )


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def synthetic_zones(count: int) -> list[Zone]:
    """`count` synthetic member zones `demo-001`…, created if missing."""
    zones = []
    for number in range(1, count + 1):
        code = f"{SYNTHETIC_PREFIX}{number:03d}"
        zone, _ = Zone.objects.get_or_create(
            code=code,
            defaults={
                "name": f"演示开发区{number:03d}",
                "short_name": f"演示{number:03d}",
                "level": Zone.Level.PREFECTURE,
                "locality": "演示",
                "display_order": 100 + number,
                "source": SOURCE,
            },
        )
        zones.append(zone)
    return zones


@dataclass(frozen=True)
class DemoResult:
    figures: int = 0
    submissions: int = 0
    zones: int = 0


def _all_figures(
    zones: Iterable[Zone], indicators: dict[str, Indicator], span: Span
) -> Iterator[Figure]:
    for zone in zones:
        if zone.is_benchmark:
            yield from benchmark_figures(zone, indicators, span)
        else:
            profile = PROFILES.get(zone.code) or synthetic_profile(zone.code)
            yield from zone_figures(zone, zone_rules(profile), indicators, span)


@transaction.atomic
def generate_demo_figures(
    *, span: Span, extra_zones: int = 0, batch_size: int = BATCH_SIZE
) -> DemoResult:
    """Replace the demo rows with freshly generated ones; real rows are never touched (a
    zone-month that already has a real figure or submission keeps it)."""
    Figure.objects.filter(is_demo=True).delete()
    Submission.objects.filter(is_demo=True).delete()
    created = synthetic_zones(extra_zones)
    zones = list(Zone.objects.all())
    indicators = {i.code: i for i in Indicator.objects.all()}
    for batch in _batched(_all_figures(zones, indicators, span), batch_size):
        Figure.objects.bulk_create(batch, ignore_conflicts=True)
    for rows in _batched(demo_submissions(zones, span), batch_size):
        Submission.objects.bulk_create(rows, ignore_conflicts=True)
    # bulk_create(ignore_conflicts=True) returns every row offered, written or not: count what
    # is there (the old demo rows were deleted above, so every demo row is new)
    return DemoResult(
        figures=Figure.objects.filter(is_demo=True).count(),
        submissions=Submission.objects.filter(is_demo=True).count(),
        zones=len(created),
    )


@transaction.atomic
def delete_demo_figures() -> DemoResult:
    """Remove the demo figures, demo submissions and the synthetic zones nothing else uses."""
    figures, _ = Figure.objects.filter(is_demo=True).delete()
    submissions, _ = Submission.objects.filter(is_demo=True).delete()
    zones = 0
    for zone in Zone.objects.filter(code__startswith=SYNTHETIC_PREFIX):
        try:
            with transaction.atomic():
                zone.delete()
        except ProtectedError:
            continue  # real figures, targets or users refer to it: keep it
        zones += 1
    return DemoResult(figures=figures, submissions=submissions, zones=zones)
