"""The reminders' text, without a database."""

from __future__ import annotations

import datetime
from typing import Any

from reporting import messages

DUE = datetime.date(2026, 12, 5)


def test_each_kind_names_the_zone_the_month_and_what_to_do() -> None:
    args: dict[str, Any] = {"zone_name": "禄丰产业园区", "year": 2026, "month": 11}

    before = messages.reminder_title(kind=messages.BEFORE_DUE, **args)
    late = messages.reminder_body(kind=messages.OVERDUE, due=DUE, **args)
    escalated = messages.reminder_body(kind=messages.OVERDUE, due=DUE, to_reviewer=True, **args)
    waiting = messages.reminder_body(kind=messages.REVIEW_WAITING, due=DUE, waiting_days=6, **args)

    assert before == "【报送提醒】禄丰产业园区2026年11月数据即将截止，请按时提交"
    assert "截止日期 2026-12-05 已过" in late
    assert "尽快补报" in late
    assert "督促该开发区统计员" in escalated
    assert "已提交 6 天" in waiting
