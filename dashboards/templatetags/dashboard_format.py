"""The dashboards' template filters. The text itself is made in `dashboards.formatting`,
which the presenters and the Excel reports use too."""

from __future__ import annotations

from django import template

from chuxiong_zones.measures import Measure
from chuxiong_zones.numbers import Number, amount
from dashboards import formatting
from supervision.selectors import Standing

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
    if formatting.measure(indicator) == Measure.PERCENT:
        return f"{text}%"
    return f"{text} {getattr(indicator, 'unit', '')}"


@register.filter
def doc_short(document: object) -> str:
    """楚办发〔2023〕5号 → "5号": the document as a short tag."""
    number = str(getattr(document, "number", document))
    return number.rsplit("〕", 1)[-1]


@register.filter
def status_of(statuses: dict[int, Standing], task_id: int) -> Standing:
    """Where one task item stands (`task_overview().statuses`); 未报送 when it is not listed."""
    return statuses.get(task_id, Standing.NOT_REPORTED)
