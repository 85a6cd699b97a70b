from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.services import record as audit_record
from dashboards.reports.workbook import build_report
from dashboards.selectors import figure_latest_period, parse_as_of
from targets.models import Zone


class Command(BaseCommand):
    help = "导出调度表 Excel：--as-of 2025-12 [--zone CODE] [--approved-only] --out 文件.xlsx"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="截至月份，如 2025-12（默认：最新有数据的月份）")
        parser.add_argument("--zone", help="只导出一个开发区（代码，如 cxgx）")
        parser.add_argument("--out", required=True, help="输出文件路径（.xlsx）")
        parser.add_argument(
            "--approved-only", action="store_true", help="只用已审核的数据（及文献所载数据）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = parse_as_of(options["as_of"]) if options["as_of"] else figure_latest_period()
        if as_of is None:
            raise CommandError("无效的 --as-of（格式：2025-12），或数据库中还没有数据")
        zone = None
        if options["zone"]:
            zone = Zone.objects.filter(code=options["zone"], is_benchmark=False).first()
            if zone is None:
                raise CommandError(f"没有代码为 {options['zone']} 的开发区")
        out = Path(options["out"])
        build_report(str(out), as_of=as_of, zone=zone, approved_only=options["approved_only"])
        audit_record(
            event="report_export", username="manage.py", object=str(out),
            detail={"as_of": f"{as_of.year}-{as_of.month:02d}",
                    "zones": zone.code if zone else "all",
                    "approved_only": options["approved_only"]},
        )  # fmt: skip
        note = "，仅含已审核数据" if options["approved_only"] else ""
        self.stdout.write(f"已导出 {out}（截至 {as_of.year}年{as_of.month}月{note}）")
