from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.selectors import audit_chain_breaks


class Command(BaseCommand):
    help = "检查审计日志的哈希链：发现被修改、删除或插入的记录时以非零状态退出。"

    def handle(self, *args: Any, **options: Any) -> None:
        breaks = audit_chain_breaks()
        if breaks:
            for b in breaks:
                self.stderr.write(f"审计记录 #{b.pk}：{b.reason}")
            raise CommandError(f"审计日志哈希链有 {len(breaks)} 处不符。")
        self.stdout.write("审计日志哈希链完整。")
