import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from audit.models import AuditEvent

# 网络安全法第二十一条：网络日志留存不少于六个月。
MIN_RETENTION_DAYS = 180


class Command(BaseCommand):
    help = "删除某日之前的审计记录；拒绝删除不满 180 天的记录。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--before", required=True, help="日期，YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = datetime.date.fromisoformat(options["before"])
        except ValueError as exc:
            raise CommandError(f"--before 不是 YYYY-MM-DD 日期：{options['before']}") from exc
        cutoff = datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
        youngest_allowed = timezone.now() - datetime.timedelta(days=MIN_RETENTION_DAYS)
        if cutoff > youngest_allowed:
            raise CommandError(
                f"审计记录至少保留 {MIN_RETENTION_DAYS} 天（网络安全法第二十一条），"
                f"--before 不能晚于 {youngest_allowed:%Y-%m-%d}。"
            )
        # QuerySet.delete bypasses the model's refusal on purpose: this is the only prune path.
        deleted, _ = AuditEvent.objects.filter(time__lt=cutoff).delete()
        self.stdout.write(f"已删除 {deleted} 条 {day} 之前的审计记录。")
