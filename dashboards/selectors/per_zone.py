"""One sentence that binds every zone (“各开发区…分别不低于25%、30%”, “力争4个开发区…”) is
stored as one target per zone, so a failing zone is never hidden behind a mean. This module
puts those targets back on one line for the dashboards: “4 个开发区中 N 个达标”.

Pure: it groups rows the caller already assessed, no query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from indicators import calculations as calc
from targets.models import Target

from .assess import TargetAssessment


@dataclass(frozen=True)
class PerZoneLine:
    """The zones bound by one sentence of a document, and how many of them meet it."""

    title: str
    quote: str
    rows: tuple[TargetAssessment, ...]

    @property
    def zones(self) -> int:
        return len(self.rows)

    @property
    def met(self) -> int:
        return sum(1 for row in self.rows if row.assessment.met)

    @property
    def no_data(self) -> int:
        return sum(1 for row in self.rows if row.status is calc.Status.NO_DATA)

    @property
    def label(self) -> str:
        text = f"{self.zones} 个开发区中 {self.met} 个达标"
        return f"{text}（{self.no_data} 个无数据）" if self.no_data else text


GroupKey = tuple[str, int | None, Decimal | None, int, int | None]


def _key(target: Target) -> GroupKey:
    return (
        target.quote,
        target.indicator_id,
        target.floor,
        target.target_year,
        target.reference_series_id,
    )


def per_zone_lines(rows: Sequence[TargetAssessment]) -> list[PerZoneLine]:
    """Zone targets sharing one quote, indicator, value, year (and reference series), when
    two or more zones share them; in the order of their first row."""
    groups: dict[GroupKey, list[TargetAssessment]] = {}
    for row in rows:
        if row.target.scope == Target.Scope.ZONE:
            groups.setdefault(_key(row.target), []).append(row)
    lines = []
    for members in groups.values():
        if len(members) < 2:
            continue
        first = members[0].target
        if first.indicator is None:  # a milestone: the sentence itself, not one zone's title
            lines.append(
                PerZoneLine(f"节点任务（{first.target_year}年）", first.quote, tuple(members))
            )
            continue
        title = first.indicator.name
        if first.floor is not None:
            title = f"{title}不低于{first.floor.normalize():f}{first.indicator.unit}"
        lines.append(PerZoneLine(f"{title}（{first.target_year}年）", first.quote, tuple(members)))
    return lines
