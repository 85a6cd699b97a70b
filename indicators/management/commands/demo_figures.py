"""`manage.py demo_figures`: generate (or with --delete, remove) the demo figures."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from chuxiong_zones.periods import is_open_month, last_closed_month, parse_as_of
from indicators.demo import Span, delete_demo_figures, generate_demo_figures


class Command(BaseCommand):
    help = "生成演示数据（is_demo=True，来源“演示数据”），或用 --delete 删除全部演示数据。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from", dest="first_year", type=int, default=2020, help="first year (default 2020)"
        )
        parser.add_argument(
            "--to",
            dest="last",
            default=None,
            help="last month YYYY-MM (default: the last month that has ended)",
        )
        parser.add_argument(
            "--zones", type=int, default=0, help="extra synthetic zones demo-001… (for benchmarks)"
        )
        parser.add_argument("--delete", action="store_true", help="remove the demo rows only")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["delete"]:
            result = delete_demo_figures()
            self.stdout.write(
                f"已删除演示数据：{result.figures} 条数据，{result.submissions} 条报送，"
                f"{result.zones} 个演示开发区。"
            )
            return
        today = timezone.localdate()
        closed = last_closed_month(today)
        last = parse_as_of(options["last"]) if options["last"] else closed
        if last is None:
            raise CommandError(f"--to 应为 YYYY-MM，例如 2025-06，而不是 {options['last']!r}")
        year, month = last
        if is_open_month(last, today=today):
            raise CommandError(
                f"{year}年{month}月尚未结束（今天是 {today:%Y-%m-%d}），演示数据最晚到 {closed}"
            )
        if options["first_year"] > year:
            raise CommandError("--from 不能晚于 --to")
        span = Span(first_year=options["first_year"], last_year=year, last_month=month)
        result = generate_demo_figures(span=span, extra_zones=options["zones"])
        self.stdout.write(
            f"已生成演示数据：{result.figures} 条数据，{result.submissions} 条报送，"
            f"新增 {result.zones} 个演示开发区（{span.first_year}年1月—{year}年{month}月）。"
        )
