"""The monthly 调度表: one workbook built from the same selectors as the dashboards.

Sheets: 主要指标 (every target in force, assessed at the as-of month, exactly the overview's
rows, laid out for print: `main_sheet`), one sheet per zone (cumulative, single month, 同比,
last year), 指标明细 (what the main sheet leaves out, for the same targets), 报送情况, 产业集群, 重点任务,
原始数据 (one row per zone, indicator and month of the as-of year).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO

from django.utils import timezone

from dashboards.selectors import (
    Period,
    cluster_progress,
    evaluation_years,
    plan_evaluation,
    target_assessments,
    task_overview,
)
from indicators import calculations as calc
from indicators.models import Figure, Submission
from reporting.selectors import Completeness
from targets.models import Indicator, TaskItem, Zone

from .evaluation import write_evaluation
from .main_sheet import write_details, write_main
from .reporting_sheet import reporting_report, write_reporting, write_zone_marks
from .xlsx import Book, Column

REPORT_TITLE = "楚雄州开发区提质增效三年行动主要指标完成情况调度表"


def report_title(as_of: Period) -> str:
    return f"{REPORT_TITLE}（{as_of.year}年1—{as_of.month}月）"


APPROVED_ONLY_NOTE = "仅含已审核数据（及文献所载数据）"
WITH_UNAPPROVED_NOTE = "含已报送未审核数据（“审核”列标注“未审核”；草稿不计入）"


def _note(approved_only: bool) -> str:
    return APPROVED_ONLY_NOTE if approved_only else WITH_UNAPPROVED_NOTE


def _subtitle(
    as_of: Period, zone: Zone | None, generated: datetime.datetime, approved_only: bool
) -> str:
    scope = zone.name if zone else "全州开发区"
    note = _note(approved_only)
    return (
        f"截至 {as_of.year}年{as_of.month}月 · 范围：{scope} · 生成时间："
        f"{generated:%Y-%m-%d %H:%M} · {note}"
    )


GROWTH_LABEL = "同比(%)"


def _zone_series(
    figures: dict[tuple[int, int, int], Decimal | None], indicator: Indicator, as_of: Period
) -> list[tuple[str, list[Decimal | None]]]:
    months = range(1, as_of.month + 1)
    this = [figures.get((indicator.pk, as_of.year, m)) for m in months]
    last = [figures.get((indicator.pk, as_of.year - 1, m)) for m in months]
    growth = [calc.growth_pct(current=c, previous=p) for c, p in zip(this, last, strict=True)]
    rows = [("1—N月累计" if indicator.is_flow else "期末数", this)]
    if indicator.is_flow:
        rows.append(("当月值", calc.single_month_values(this)))
    rows += [(GROWTH_LABEL, growth), ("上年同期", last)]
    return rows


def write_zone(
    book: Book,
    zone: Zone,
    indicators: Iterable[Indicator],
    figures: dict[tuple[int, int, int], Decimal | None],
    as_of: Period,
    subtitle: str,
    reporting: Completeness | None = None,
) -> None:
    months = [Column(f"{m}月", kind="num4", width=10) for m in range(1, as_of.month + 1)]
    columns = [Column("指标", width=18), Column("单位", width=6), Column("项目", width=10), *months]
    name = zone.short_name[:28] or zone.code
    sheet = book.sheet(
        name,
        title=f"{zone.name} {as_of.year}年1—{as_of.month}月主要指标",
        subtitle=subtitle,
        columns=columns,
        wrap=False,
        repeat_columns=3,
    )
    write_zone_marks(sheet, reporting, zone.pk, as_of.month, leading=3)
    for indicator in indicators:
        for label, values in _zone_series(figures, indicator, as_of):
            kind = "pct" if label == GROWTH_LABEL else None  # 28.8, not 28.7728
            sheet.write_row(
                [indicator.name, indicator.unit, label, *values], kind=kind, kind_from=3
            )


def write_clusters(
    book: Book, as_of: Period, zone: Zone | None, subtitle: str, *, approved_only: bool = True
) -> None:
    progress = cluster_progress(as_of=as_of, approved_only=approved_only)
    columns = [
        Column("产业集群", width=16),
        Column("开发区", width=16),
        Column("工业总产值(亿元)", kind="yi"),
        Column("同比(%)", kind="pct"),
        Column("目标值(亿元)", kind="yi"),
        Column("进度(%)", kind="pct"),
        Column("状态", width=10),
    ]
    sheet = book.sheet(
        "产业集群", title="产业集群工业总产值完成情况", subtitle=subtitle, columns=columns
    )
    for row in progress.rows:
        target = row.targets[0] if row.targets else None
        for part in row.zones:
            if zone is None or part.zone.pk == zone.pk:
                sheet.write_row(
                    [row.cluster.name, part.zone.name, part.value, part.growth_pct, None, None, ""]
                )
        if zone is None:
            floor = target.target.floor if target else None
            progress_pct = target.assessment.progress_pct if target else None
            label, status = (target.status_label, target.status.value) if target else ("", None)
            sheet.write_row(
                [row.cluster.name, "合计", row.total, row.growth_pct, floor, progress_pct, label],
                status=status,
                status_column=6,
            )


def write_tasks(book: Book, subtitle: str) -> None:
    overview = task_overview()
    columns = [
        Column("文件", width=9),
        Column("工程/部分", width=12),
        Column("序号", width=5),
        Column("任务", width=24),
        Column("牵头单位", width=13),
        Column("配合单位", width=26),
        Column("最新进展", width=10),
    ]
    sheet = book.sheet(
        "重点任务", title="重点任务与政策措施推进情况", subtitle=subtitle, columns=columns
    )
    tasks: Iterable[tuple[str, str, TaskItem]] = (
        (document.number, section.title, task)
        for document in overview.documents
        for section in document.sections.all()
        for task in section.tasks.all()
    )
    for number, section_title, task in tasks:
        units = [a.unit.name for a in task.assignments.all()]
        sheet.write_row(
            [
                number,
                section_title,
                task.label,
                task.title,
                units[0] if units else "—",
                "、".join(units[1:]),
                overview.statuses[task.pk].label,
            ]
        )


# Strings are the costly cells (xlsxwriter escapes each inline in constant-memory mode), so the
# raw sheet keeps one text cell for the indicator and its unit, and leaves 演示数据 blank on
# real rows: that keeps the 150-zone workbook inside its time budget.
RAW_COLUMNS = [
    Column("开发区", width=14),
    Column("指标（单位）", width=24),
    Column("年份", kind="year", width=6),
    Column("月份", kind="int", width=5),
    Column("数值", kind="num4", width=12),
    Column("审核状态", width=9),
    Column("演示数据", width=8),
    Column("最后修改", kind="date", width=16),
    Column("修改人", width=10),
]


def write_raw(
    book: Book, as_of: Period, zone: Zone | None, subtitle: str, *, approved_only: bool = True
) -> None:
    sheet = book.sheet(
        "原始数据",
        title=f"原始数据（{as_of.year}年1—{as_of.month}月）",
        subtitle=subtitle,
        columns=RAW_COLUMNS,
        wrap=False,
    )
    figures = Figure.objects.reported(approved_only=approved_only).filter(
        year=as_of.year, month__lte=as_of.month
    )
    submissions = Submission.objects.filter(year=as_of.year, month__lte=as_of.month)
    if zone is not None:
        figures, submissions = figures.filter(zone=zone), submissions.filter(zone=zone)
    status = dict(Submission.Status.choices)
    states = {
        (z, m): status[s] for z, m, s in submissions.values_list("zone_id", "month", "status")
    }
    rows = figures.order_by(
        "zone__display_order", "zone__code", "indicator__display_order", "month"
    ).values_list(
        "zone_id",
        "zone__name",
        "indicator_id",
        "year",
        "month",
        "value",
        "is_demo",
        "updated_at",
        "updated_by__username",
    )
    labels = {i.pk: f"{i.name}（{i.unit}）" for i in Indicator.objects.all()}
    tz = timezone.get_current_timezone()
    for zone_id, zone_name, indicator_id, year, month, value, demo, updated, who in rows.iterator(
        chunk_size=5000
    ):
        sheet.write_row(
            [
                zone_name,
                labels[indicator_id],
                year,
                month,
                value,
                states.get((zone_id, month), "未报送"),
                "演示数据" if demo else None,
                updated.astimezone(tz) if updated else None,
                who,
            ]
        )
    sheet.autofilter()


def _zone_figures(
    as_of: Period, zones: Sequence[Zone], approved_only: bool
) -> dict[int, dict[tuple[int, int, int], Decimal | None]]:
    by_zone: dict[int, dict[tuple[int, int, int], Decimal | None]] = defaultdict(dict)
    rows = (
        Figure.objects.reported(approved_only=approved_only)
        .filter(zone__in=zones, year__in=[as_of.year, as_of.year - 1], month__lte=as_of.month)
        .values_list("zone_id", "indicator_id", "year", "month", "value")
    )
    for zone_id, indicator_id, year, month, value in rows.iterator(chunk_size=5000):
        by_zone[zone_id][(indicator_id, year, month)] = value
    return by_zone


def build_report(
    target: str | IO[bytes],
    *,
    as_of: Period,
    zone: Zone | None = None,
    approved_only: bool = True,
) -> None:
    """Write the 调度表 for `as_of` (all zones, or one zone) to a path or a binary file. By
    default every sheet is built from approved figures alone (and figures quoted from a
    published source); with `approved_only=False` submitted figures count too, marked 未审核.
    Drafts never count (`Figure.objects.reported`)."""
    generated = timezone.localtime()
    subtitle = _subtitle(as_of, zone, generated, approved_only)
    rows = target_assessments(as_of=as_of, approved_only=approved_only)
    if zone is not None:
        rows = [r for r in rows if r.target.zone_id == zone.pk]
    zones = [zone] if zone else list(Zone.objects.filter(is_benchmark=False))
    indicators = list(
        Indicator.objects.exclude(kind=Indicator.Kind.RATIO).order_by("display_order", "code")
    )
    figures = _zone_figures(as_of, zones, approved_only)
    closed_years = evaluation_years(up_to=as_of)
    evaluation = (
        plan_evaluation(year=closed_years[0], up_to=as_of, approved_only=approved_only)
        if closed_years and zone is None
        else None
    )
    reporting = reporting_report(as_of)
    book = Book(target, constant_memory=True)
    try:
        write_main(book, rows, subtitle, report_title(as_of), _note(approved_only))
        if evaluation is not None:  # the latest target year that has ended: its verdicts
            write_evaluation(book, evaluation, subtitle)
        for each in zones:
            reported = {key[0] for key in figures.get(each.pk, {})}
            write_zone(
                book,
                each,
                [i for i in indicators if i.pk in reported],
                figures.get(each.pk, {}),
                as_of,
                subtitle,
                reporting,
            )
        write_details(book, rows, subtitle, report_title(as_of))
        write_reporting(book, reporting, as_of, subtitle, zone)
        write_clusters(book, as_of, zone, subtitle, approved_only=approved_only)
        write_tasks(book, subtitle)
        write_raw(book, as_of, zone, subtitle, approved_only=approved_only)
    finally:
        book.close()


def build_evaluation_report(
    target: str | IO[bytes], *, year: int, up_to: Period, approved_only: bool = True
) -> None:
    """A workbook of the 终期评估 sheet alone (`export_report --evaluation 2025`)."""
    generated = timezone.localtime()
    note = APPROVED_ONLY_NOTE if approved_only else WITH_UNAPPROVED_NOTE
    subtitle = f"{year}年目标 · 范围：全州开发区 · 生成时间：{generated:%Y-%m-%d %H:%M} · {note}"
    evaluation = plan_evaluation(year=year, up_to=up_to, approved_only=approved_only)
    book = Book(target)
    try:
        write_evaluation(book, evaluation, subtitle)
    finally:
        book.close()
