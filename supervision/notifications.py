"""The text of reminder e-mails: plain functions of the slots, tested without a database."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.urls import reverse

if TYPE_CHECKING:
    from supervision.models import ReportSlot

PORTAL_PATH = "任务督办 › 我的任务"


def _line(slot: ReportSlot, portal_url: str) -> str:
    task = slot.task
    line = (
        f"- {slot.round.title}：{task.document.number} {task.label} {task.title}"
        f"（{slot.get_role_display()}），截止 {slot.round.due_date:%Y-%m-%d}"
    )
    if portal_url:
        line += f"\n  {portal_url}{reverse('supervision:task', args=[task.pk])}"
    return line


def reminder_subject(*, kind: str, unit_name: str, count: int) -> str:
    if kind == "before_due":
        return f"【任务督办】{unit_name}有{count}项重点任务进展即将到期，请按时报送"
    return f"【任务督办】{unit_name}有{count}项重点任务进展逾期未报，请尽快报送"


def reminder_body(
    *, kind: str, unit_name: str, slots: Sequence[ReportSlot], portal_url: str = ""
) -> str:
    """The e-mail's text; with `portal_url` (settings.PORTAL_URL), each task and 我的任务 are
    linked."""
    lead = (
        "以下重点任务进展将于截止日期前到期，请按时报送："
        if kind == "before_due"
        else "以下重点任务进展已过截止日期仍未报送，请尽快补报："
    )
    lines = "\n".join(_line(slot, portal_url) for slot in slots)
    where = f"“{PORTAL_PATH}”"
    if portal_url:
        where += f"（{portal_url}{reverse('supervision:mine')}）"
    return (
        f"{unit_name}联络员：\n\n{lead}\n{lines}\n\n"
        f"请登录楚雄州开发区提质增效监测平台，在{where}中报送。\n"
        "本邮件由平台自动发送，请勿直接回复。"
    )
