from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from supervision.demo import generate_demo_rounds


class Command(BaseCommand):
    help = "生成演示调度轮次（本月一轮、上月一轮，含按期、逾期、退回和未报送的报告）。"

    def handle(self, *args: Any, **options: Any) -> None:
        users = get_user_model().objects
        opener = users.filter(username="demo-admin").first()
        reviewer = users.filter(username="demo-reviewer").first()
        if opener is None or reviewer is None:
            raise CommandError("请先运行 setup_roles --demo-users 创建演示账号。")
        made = generate_demo_rounds(today=timezone.localdate(), opener=opener, reviewer=reviewer)
        if not made.rounds:
            self.stdout.write("演示调度轮次已存在（或目录中没有5号任务），未重复生成。")
            return
        self.stdout.write(f"已生成演示调度轮次 {made.rounds} 轮，演示报告 {made.reports} 份。")
