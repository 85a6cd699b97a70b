"""The upload of a zone's monthly figures: preview everything, then save all months or none.

`build_preview` reads the database and writes nothing. It checks every row that would change
what is on file as `services.months_save` will: when the file holds several months, month N is
compared with month N−1 *as the file gives it*, as the confirm step saves the months in order.
Rows that change nothing are left out, so a month already approved may appear in the file as
long as it is unchanged. `upload_confirm` saves the stored rows with `months_save`, all months
or none.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from chuxiong_zones.periods import Period
from indicators import services
from indicators.excel.columns import FIELD_COLUMNS, MONTH, VALUE
from indicators.excel.reader import SheetRows
from indicators.excel.rows import Problem, Row, RowParser, column_positions
from indicators.excel.selectors import reportable_indicators
from indicators.figures import load
from indicators.figures.plan import Context, MonthEntries, MonthState, Writer, plan_months
from indicators.models import FigureRevision
from indicators.validation import Entry, Issue, Level
from targets.models import Zone

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# A stored row: Excel row number, year, month, indicator code, value, 同比, 异常说明.
StoredRow = tuple[int, int, int, str, str | None, str | None, str]


class UploadPayload(TypedDict):
    """The compact, JSON-serialisable result of a clean preview, kept for the confirm step."""

    zone: str
    file: str
    versions: list[tuple[int, int, int]]  # year, month, submission version seen at preview
    rows: list[StoredRow]


@dataclass
class Preview:
    zone: Zone
    problems: list[Problem]  # about the whole file
    rows: list[Row]
    versions: dict[Period, int]

    @property
    def all_problems(self) -> list[Problem]:
        return self.problems + [p for row in self.rows for p in row.problems]

    @property
    def error_count(self) -> int:
        return sum(p.is_error for p in self.all_problems)

    @property
    def warning_count(self) -> int:
        return sum(not p.is_error for p in self.all_problems)

    @property
    def months(self) -> list[Period]:
        return sorted({row.period for row in self.rows if row.changes and row.period})

    def payload(self, *, file_name: str) -> UploadPayload:
        def text(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        rows: list[StoredRow] = [
            (
                r.number,
                r.year,
                r.month,
                r.code,
                text(r.value),
                text(r.reported_growth_pct),
                r.explanation,
            )
            for r in self.rows
            if r.changes and r.year and r.month
        ]
        versions = [(p.year, p.month, self.versions[p]) for p in self.months]
        return UploadPayload(
            zone=self.zone.code, file=file_name[:100], versions=versions, rows=rows
        )


def build_preview(*, zone: Zone, sheet: SheetRows, today: datetime.date) -> Preview:
    """Every row of the file with its errors and warnings; nothing is written."""
    positions, problems = column_positions(sheet.header, sheet.header_row)
    if problems:
        return Preview(zone=zone, problems=problems, rows=[], versions={})
    if not sheet.rows:
        problems.append(Problem(None, None, Level.ERROR, "表中只有表头，没有数据行。"))
    indicators = {i.code: i for i in reportable_indicators(zone=zone)}
    parser = RowParser(zone=zone, positions=positions, indicators=indicators)
    rows = [parser.parse(number, values) for number, values in sheet.rows]
    periods = {row.period for row in rows if row.period}
    context = load.context(zone=zone, periods=periods, today=today)
    for row in rows:
        if row.period and row.indicator:
            row.on_file = context.on_file.get((row.indicator.pk, *row.period))
    _check(rows, context)
    versions = {p: context.states.get(p, MonthState()).version for p in periods}
    return Preview(zone=zone, problems=problems, rows=rows, versions=versions)


def _check(rows: list[Row], context: Context) -> None:
    """The write planner's issues for the rows that change what is on file, as the confirm
    step will save them: month N checked against month N−1 as the file leaves it. A month
    refused as a whole (not yet open, locked, submitted) marks each of its rows."""
    changing: dict[Period, list[Row]] = defaultdict(list)
    for row in rows:
        if row.changes and row.period:
            changing[row.period].append(row)
    months = [
        MonthEntries(year, month, [_entry(r) for r in group if r.indicator and not r.has_errors])
        for (year, month), group in changing.items()
    ]
    plan = plan_months(context, months, writer=Writer.STATISTICIAN)
    issues = plan.issues
    for month in plan.months:
        for row in changing[month.period]:
            if month.refusal:  # the file is the zone's own: its name goes without saying
                row.error(MONTH, f"{month.message.removeprefix(context.zone_name)}。")
                continue
            for issue in issues.get((row.code, *month.period), []):
                row.add_issue(issue, FIELD_COLUMNS.get(issue.field, VALUE))
            if row.value is None and row.current is not None:
                shown = format(row.current.normalize(), "f")
                row.warn(VALUE, f"空白表示未填报：保存后将清空已填报的数值 {shown}。")


def _entry(row: Row) -> Entry:
    assert row.indicator is not None
    return Entry(row.indicator, row.value, row.reported_growth_pct, row.explanation)


def upload_confirm(*, user: User, zone: Zone, payload: UploadPayload) -> list[services.SaveResult]:
    """Save every month of a previewed upload with `services.months_save`, all or nothing.

    Raises MonthRejected (issues located by row) or PermissionDenied; nothing is then saved."""
    indicators = {i.code: i for i in reportable_indicators(zone=zone)}
    if any(code not in indicators for _, _, _, code, *_ in payload["rows"]):
        raise services.MonthRejected("指标目录已调整，请重新下载模板填写后再上传。")
    entries: dict[tuple[int, int], list[Entry]] = defaultdict(list)
    numbers: dict[tuple[int, int, str], int] = {}
    for number, year, month, code, value, growth, explanation in payload["rows"]:
        entries[(year, month)].append(
            Entry(indicators[code], _decimal(value), _decimal(growth), explanation)
        )
        numbers[(year, month, code)] = number
    months = [
        MonthEntries(year, month, entries[(year, month)], expected_version=version)
        for year, month, version in payload["versions"]
    ]
    try:
        return services.months_save(
            user=user,
            zone=zone,
            months=months,
            origin=FigureRevision.Origin.UPLOAD,
            reason=f"Excel 上传：{payload['file']}",
        )
    except services.MonthRejected as exc:
        raise _located(exc, numbers=numbers) from exc


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _located(
    exc: services.MonthRejected, *, numbers: dict[tuple[int, int, str], int]
) -> services.MonthRejected:
    """The same rejection, its issues prefixed with the Excel row and column they came from."""
    if exc.period is None:
        return exc
    year, month = exc.period

    def where(issue: Issue) -> str:
        number = numbers.get((year, month, issue.indicator))
        column = FIELD_COLUMNS.get(issue.field, VALUE)
        return str(Problem(number, column, issue.level, issue.message))

    issues = [replace(issue, message=where(issue)) for issue in exc.issues]
    return type(exc)(f"{year}年{month}月：{exc.message}", issues, period=exc.period)
