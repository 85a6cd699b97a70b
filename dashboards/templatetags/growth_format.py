"""`{{ assessment.growth|growth_tagged }}`: a 同比 with its basis, 统计局口径 or 平台计算 (one
rule: `calculations.headline_growth`; the text is `presenters.tagged_growth`)."""

from __future__ import annotations

from django import template

from dashboards.presenters import tagged_growth

register = template.Library()
register.filter("growth_tagged", tagged_growth)
