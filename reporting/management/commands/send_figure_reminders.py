"""Send the day's figure reminders (run daily from cron)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from reporting.services import figure_reminders_send


class Command(BaseCommand):
    help = "向未按期报送月度数据的开发区发送截止前提醒和逾期催报，向审核员提醒待审核报送（每个开发区每月每种提醒只发一次）。"

    def handle(self, *args: Any, **options: Any) -> None:
        run = figure_reminders_send(now=timezone.now())
        self.stdout.write(f"记录提醒 {run.reminders} 条，发送通知 {run.notifications} 条。")
