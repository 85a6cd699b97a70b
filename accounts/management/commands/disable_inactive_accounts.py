import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Q
from django.utils import timezone


class Command(BaseCommand):
    help = "停用超过 N 天未登录的账号（超级用户除外；每个停用写入审计日志）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=90, help="未登录天数，默认 90")

    def handle(self, *args: Any, **options: Any) -> None:
        cutoff = timezone.now() - datetime.timedelta(days=options["days"])
        stale = get_user_model().objects.filter(
            Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff),
            is_active=True,
            is_superuser=False,
        )
        names = []
        for user in stale:
            user.is_active = False
            user.save(update_fields=["is_active"])  # audited as user_disable
            names.append(user.get_username())
        self.stdout.write(f"已停用 {len(names)} 个账号：{'、'.join(names) or '无'}")
