"""The as-of month of an export command, chosen and checked once for every export."""

from __future__ import annotations

import datetime

from django.core.management.base import CommandError

from dashboards.selectors import figure_latest_period, parse_as_of
from dashboards.selectors.periods import Period, is_open_month, last_closed_month


def export_month(
    text: str | None, *, approved_only: bool, today: datetime.date, what: str
) -> Period:
    """`--as-of YYYY-MM`, or the last month that has ended and has figures in scope; a month
    that has not ended is refused, naming `what` would have been exported."""
    last = last_closed_month(today)
    as_of = (
        parse_as_of(text) if text else figure_latest_period(up_to=last, approved_only=approved_only)
    )
    if as_of is None:
        raise CommandError("无效的 --as-of（格式：2025-12），或数据库中还没有数据")
    if is_open_month(as_of, today=today):
        raise CommandError(
            f"{as_of}尚未结束（今天是 {today:%Y-%m-%d}），不能导出{what}；最近可选 {last}"
        )
    return as_of
