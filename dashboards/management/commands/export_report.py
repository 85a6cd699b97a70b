from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from audit.services import record as audit_record
from dashboards.management.as_of import export_month
from dashboards.reports.workbook import build_evaluation_report, build_report
from dashboards.selectors.periods import Period, last_closed_month
from targets.models import Zone


class Command(BaseCommand):
    help = "导出调度表 Excel：--as-of 2025-12 [--zone CODE] [--include-unapproved] --out 文件.xlsx"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of", help="截至月份，如 2025-12（默认：已结束且有数据的最近月份）"
        )
        parser.add_argument("--zone", help="只导出一个开发区（代码，如 cxgx）")
        parser.add_argument("--out", required=True, help="输出文件路径（.xlsx）")
        parser.add_argument(
            "--include-unapproved",
            action="store_true",
            help="也用已报送、尚未审核的数据（在表中标注“未审核”）；默认只用已审核的数据"
            "（及文献所载数据）。草稿从不计入。",
        )
        parser.add_argument(
            "--evaluation",
            type=int,
            metavar="YEAR",
            help="改为导出该目标年份的终期评估表，如 --evaluation 2025",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        approved_only = not options["include_unapproved"]
        today = timezone.localdate()
        last = last_closed_month(today)
        if options["evaluation"] is not None:
            self._evaluation(options["evaluation"], Path(options["out"]), last, approved_only)
            return
        as_of = export_month(
            options["as_of"], approved_only=approved_only, today=today, what="调度表"
        )
        zone = None
        if options["zone"]:
            zone = Zone.objects.filter(code=options["zone"], is_benchmark=False).first()
            if zone is None:
                raise CommandError(f"没有代码为 {options['zone']} 的开发区")
        out = Path(options["out"])
        build_report(str(out), as_of=as_of, zone=zone, approved_only=approved_only)
        audit_record(
            event="report_export",
            username="manage.py",
            object=str(out),
            detail={
                "as_of": f"{as_of.year}-{as_of.month:02d}",
                "zones": zone.code if zone else "all",
                "approved_only": approved_only,
            },
        )
        note = "，仅含已审核数据" if approved_only else "，含已报送未审核数据"
        self.stdout.write(f"已导出 {out}（截至 {as_of.year}年{as_of.month}月{note}）")

    def _evaluation(self, year: int, out: Path, last: Period, approved_only: bool) -> None:
        if not 2000 <= year <= 2100:
            raise CommandError(f"无效的年份：{year}")
        build_evaluation_report(str(out), year=year, up_to=last, approved_only=approved_only)
        state = "终期评估" if (last.year, last.month) >= (year, 12) else "预评（该年尚未结束）"
        self.stdout.write(f"已导出 {out}（{year}年目标{state}）")
