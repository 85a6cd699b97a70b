"""The dashboards' template filters. The text itself is made in `dashboards.formatting`,
which the presenters and the Excel reports use too."""

from __future__ import annotations

from django import template

from dashboards import formatting
from dashboards.formatting import PERCENT_UNITS
from targets.templatetags.portal_format import Number, amount

register = template.Library()

#: `{{ value|figure:indicator }}`: formatted by the indicator's unit.
register.filter("figure", formatting.figure)
#: `{{ value|growth }}`: "+12.3%", "-4.0%".
register.filter("growth", formatting.growth)
#: `{{ row|verdict_gap }}`: what a final verdict falls short by, or the zones missing.
register.filter("verdict_gap", formatting.verdict_gap_text)


@register.filter
def figure_unit(value: Number, indicator: object) -> str:
    """Like `figure`, followed by the unit: "1,234.50 亿元", "12.3%", "56 家"."""
    text = formatting.figure(value, indicator)
    if text == amount(None):
        return text
    unit = str(getattr(indicator, "unit", ""))
    return f"{text}%" if unit in PERCENT_UNITS else f"{text} {unit}"


@register.filter
def doc_short(document: object) -> str:
    """楚办发〔2023〕5号 → "5号": the document as a short tag."""
    number = str(getattr(document, "number", document))
    return number.rsplit("〕", 1)[-1]


TASK_STATUS_CLASSES = {
    "已完成": "done",
    "推进中": "on_track",
    "滞后": "behind",
    "逾期未报": "far_behind",
}


@register.filter
def status_of(statuses: dict[int, str], task_id: int) -> str:
    """The reported status label of one task item (`task_overview().statuses`)."""
    return statuses.get(task_id, "")


@register.filter
def task_status_class(label: str) -> str:
    """The status colour of a task label: 已完成 green, 滞后 amber, 逾期未报 red, else grey."""
    return TASK_STATUS_CLASSES.get(label, "no_data")
