"""The templates' number filters (`chuxiong_zones.numbers`, registered here) and the
phrasing of target values. Every filter is a plain typed function, tested without templates
or a database."""

from __future__ import annotations

from django import template

from chuxiong_zones.numbers import MISSING, Number, amount, pct, quantity, to_decimal, yiyuan
from targets.models import Target

register = template.Library()

# Target kinds whose values are rates in percent whatever the indicator's own unit is.
_RATE_KINDS = frozenset({Target.Kind.CAGR, Target.Kind.YEARLY_RATE})

for _filter in (amount, yiyuan, pct, quantity):
    register.filter(_filter.__name__, _filter)


def target_value_text(value: Number, *, kind: str, unit: str, floor: bool) -> str:
    """A target value as the documents phrase it.

    A floor reads "1,500亿元以上" or "20%以上"; a stretch value has no "以上". A rank is an
    upper bound where lower is better, so it reads "前100名". A milestone has no value: "—".
    """
    if to_decimal(value) is None:
        return MISSING
    number = quantity(value)
    if kind == Target.Kind.RANK:
        return f"前{number}名"
    if kind in _RATE_KINDS:
        unit = "%"
    return f"{number}{unit}以上" if floor else f"{number}{unit}"


def _target_unit(target: Target) -> str:
    return target.indicator.unit if target.indicator is not None else ""


REFERENCE_GOAL = "对标省公布值（逐年）"


def target_floor_text(target: Target) -> str:
    """The floor as the document means it. Two kinds read differently from their numbers: a
    yearly rank improvement (rank with `first_year`) is "每年进位1名以上", not "前1名"; a
    reference target has no number of its own, its goal is the province's value each year."""
    if target.kind == Target.Kind.REFERENCE:
        return REFERENCE_GOAL
    if (
        target.kind == Target.Kind.RANK
        and target.first_year is not None
        and target.floor is not None
    ):
        return f"每年进位{quantity(target.floor)}名以上"
    return target_value_text(target.floor, kind=target.kind, unit=_target_unit(target), floor=True)


@register.filter
def target_floor(target: Target) -> str:
    """The target's floor (目标值) with its unit: "1,500亿元以上"."""
    return target_floor_text(target)


@register.filter
def target_stretch(target: Target) -> str:
    """The target's stretch value (力争值) with its unit: "2,000亿元"; none → "—"."""
    return target_value_text(
        target.stretch, kind=target.kind, unit=_target_unit(target), floor=False
    )
