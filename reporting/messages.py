"""The text of figure reminders: plain functions, tested without a database."""

from __future__ import annotations

import datetime

BEFORE_DUE = "before_due"
OVERDUE = "overdue"
REVIEW_WAITING = "review_waiting"


def _month(zone_name: str, year: int, month: int) -> str:
    return f"{zone_name}{year}年{month}月数据"


def reminder_title(*, kind: str, zone_name: str, year: int, month: int) -> str:
    what = _month(zone_name, year, month)
    if kind == BEFORE_DUE:
        return f"【报送提醒】{what}即将截止，请按时提交"
    if kind == OVERDUE:
        return f"【逾期催报】{what}逾期未报"
    return f"【待审核】{what}等待审核"


def reminder_body(
    *,
    kind: str,
    zone_name: str,
    year: int,
    month: int,
    due: datetime.date,
    waiting_days: int | None = None,
    to_reviewer: bool = False,
) -> str:
    what = _month(zone_name, year, month)
    if kind == BEFORE_DUE:
        return f"{what}尚未提交审核，截止日期为 {due:%Y-%m-%d}（含当日）。请按时填报并提交。"
    if kind == OVERDUE:
        text = f"{what}的截止日期 {due:%Y-%m-%d} 已过，仍未提交审核。"
        if to_reviewer:
            return text + "请督促该开发区统计员尽快补报。"
        return text + "请尽快补报；逾期天数将计入报送及时率。"
    return f"{what}已提交 {waiting_days} 天，仍在等待审核，请及时审核或退回。"
