from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from audit.services import record as audit_record
from dashboards.management.as_of import export_month
from dashboards.reports.bulletin import build_bulletin


class Command(BaseCommand):
    help = "导出月度通报 Word 初稿：--as-of 2026-11 [--include-unapproved] --out 通报.docx"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of", help="截至月份，如 2026-11（默认：已结束且有数据的最近月份）"
        )
        parser.add_argument("--out", required=True, help="输出文件路径（.docx）")
        parser.add_argument(
            "--include-unapproved",
            action="store_true",
            help="也用已报送、尚未审核的数据（逐项标注“（未审核）”）；默认只用已审核的数据"
            "（及文献所载数据）。草稿从不计入。",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        approved_only = not options["include_unapproved"]
        as_of = export_month(
            options["as_of"], approved_only=approved_only, today=timezone.localdate(), what="通报"
        )
        out = Path(options["out"])
        build_bulletin(str(out), as_of=as_of, approved_only=approved_only)
        audit_record(
            event="bulletin_export",
            username="manage.py",
            object=str(out),
            detail={"as_of": as_of.key, "approved_only": approved_only},
        )
        note = "，仅含已审核数据" if approved_only else "，含已报送未审核数据"
        self.stdout.write(f"已导出 {out}（截至 {as_of.year}年{as_of.month}月{note}）")
