"""The catalogue rows a dashboard needs, each list in one query."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from supervision.selectors import MilestoneState
from targets.models import Indicator, Target, Zone

from .assess import TargetAssessment, assess_target, judging, member_ids, target_spec
from .evidence import milestone_states
from .periods import Period, periods_for_assessment
from .reference import ReferenceValues, reference_values
from .store import FigureStore, indicators_by_id

# The indicators leaders compare zones on (比拼), in display order.
HEADLINE_CODES = ("gyzcz", "yysr", "gdzctz", "zwdwzj", "gxjsqys")


def targets_in_force() -> list[Target]:
    return list(
        Target.objects.in_force()
        .select_related("document", "zone", "cluster", "indicator", "task__document")
        .prefetch_related("cluster__zones")
    )


@dataclass
class Catalogue:
    zones: list[Zone]
    indicators: dict[int, Indicator]
    targets: list[Target]

    @classmethod
    def load(cls, *, targets: list[Target] | None = None) -> Catalogue:
        """Zones, indicators and (unless given) the targets in force: three queries."""
        return cls(
            zones=list(Zone.objects.all()),
            indicators=indicators_by_id(),
            targets=targets_in_force() if targets is None else targets,
        )

    @property
    def member_zones(self) -> list[Zone]:
        """The zones that count in prefecture totals (benchmarks never do)."""
        return [zone for zone in self.zones if not zone.is_benchmark]

    def indicator(self, code: str) -> Indicator | None:
        return next((i for i in self.indicators.values() if i.code == code), None)

    def headline_indicators(self) -> list[Indicator]:
        found = (self.indicator(code) for code in HEADLINE_CODES)
        return [indicator for indicator in found if indicator is not None]

    def target_indicators(self) -> list[Indicator]:
        ids = {t.indicator_id for t in self.targets if t.indicator_id is not None}
        return [self.indicators[pk] for pk in sorted(ids)]

    def base_years(self) -> set[int]:
        return {t.base_year for t in self.targets if t.base_year is not None}

    def judgement_periods(self, as_of: Period) -> set[Period]:
        """What the verdicts at `as_of` read: each closed judged year as assessed at its
        December (the same periods whatever the number of zones)."""
        years: set[int] = set()
        for target in self.targets:
            indicator = self.indicators.get(target.indicator_id) if target.indicator_id else None
            years.update(judging(target_spec(target, indicator), as_of)[0])
        periods: set[Period] = set()
        for year in years:
            periods |= periods_for_assessment(Period(year, 12))
        return periods

    def store(
        self,
        as_of_points: Iterable[Period],
        *,
        extra: Iterable[Indicator] = (),
        approved_only: bool = True,
    ) -> FigureStore:
        """One figure query (plus one for submissions) covering every assessment at the points."""
        periods: set[Period] = set()
        for point in as_of_points:
            periods |= periods_for_assessment(point, base_years=self.base_years())
            periods |= self.judgement_periods(point)
        return FigureStore.load(
            indicators=[*self.target_indicators(), *extra],
            periods=periods,
            approved_only=approved_only,
        )

    @cached_property
    def references(self) -> ReferenceValues:
        """The published reference values the targets compare against: one query, none when
        no target is against a reference series."""
        return reference_values(targets=self.targets)

    @cached_property
    def milestone_states(self) -> dict[int, MilestoneState]:
        """What the units reported on milestone targets: one query, however many as-ofs."""
        return milestone_states(targets=self.targets)

    def assess(self, store: FigureStore, as_of: Period) -> list[TargetAssessment]:
        members = member_ids(self.zones)
        return [
            assess_target(
                target,
                store=store,
                indicators=self.indicators,
                zones=self.zones,
                as_of=as_of,
                milestone_states=self.milestone_states,
                references=self.references,
                members=members,
            )
            for target in self.targets
        ]
