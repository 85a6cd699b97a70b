"""Send the day's task-report reminders (run daily from cron)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from supervision.services import reminders_send


class Command(BaseCommand):
    help = "向未报送的责任单位发送截止前提醒和逾期催报（每个报送任务每种提醒只发一次）。"

    def handle(self, *args: Any, **options: Any) -> None:
        run = reminders_send(now=timezone.now())
        self.stdout.write(f"记录提醒 {run.reminders} 条，发送邮件 {run.emails} 封。")
