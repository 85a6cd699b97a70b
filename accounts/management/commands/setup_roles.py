from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from accounts.models import Profile
from accounts.roles import (
    ADMIN,
    AUDITOR,
    LEADER,
    LIAISON,
    REVIEWER,
    SECURITY,
    STATISTICIAN,
    ensure_groups,
)
from targets.models import Unit, Zone

DEMO_PASSWORD = "demo-2025-chuxiong"


class Command(BaseCommand):
    help = "创建（或更新）各角色用户组；--demo-users 另建一套演示账号。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--demo-users", action="store_true", help="创建演示账号")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        groups = ensure_groups()
        self.stdout.write(f"角色用户组：{'、'.join(groups)}")
        if not options["demo_users"]:
            return
        accounts: list[tuple[str, str, str, Zone | None, Unit | None, bool]] = [
            # 三权分立: one account for each of the three admin roles, none holding two.
            ("demo-admin", ADMIN.group, "管理员", None, None, True),
            ("demo-security", SECURITY.group, "安全管理员", None, None, True),
            ("demo-auditor", AUDITOR.group, "审计管理员", None, None, True),
            ("demo-leader", LEADER.group, "州领导", None, None, False),
            ("demo-reviewer", REVIEWER.group, "州统计局审核员", None, None, False),
        ]
        for zone in Zone.objects.filter(is_benchmark=False):
            accounts.append(
                (
                    f"demo-stat-{zone.code}",
                    STATISTICIAN.group,
                    f"{zone.name}统计员",
                    zone,
                    None,
                    False,
                )
            )
        liaison_unit = Unit.objects.filter(name="州工业和信息化局").first()
        if liaison_unit is not None:
            accounts.append(
                (
                    "demo-liaison",
                    LIAISON.group,
                    f"{liaison_unit.name}联络员",
                    None,
                    liaison_unit,
                    False,
                )
            )
        user_model = get_user_model()
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}，仅用于演示）：")
        if settings.DEMO_ACCOUNTS_SKIP_2FA:
            self.stdout.write(
                "  演示模式（DEMO_ACCOUNTS_SKIP_2FA）：demo-* 账号登录免双因素验证，生产环境不允许。"
            )
        for username, group, title, zone, unit, staff in accounts:
            user, _ = user_model.objects.get_or_create(username=username)
            user.set_password(DEMO_PASSWORD)
            user.is_staff = staff
            # The name says the role, so a screenshot or an audit line is read at a glance.
            user.first_name = f"演示·{title}"
            user.last_name = ""
            user.save()
            user.groups.set([groups[group]])
            Profile.objects.update_or_create(user=user, defaults={"zone": zone, "unit": unit})
            where = f"（{zone or unit}）" if zone or unit else ""
            self.stdout.write(f"  {username:<22} {group}{where}")
