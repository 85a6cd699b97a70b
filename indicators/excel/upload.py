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

from indicators import services
from indicators.excel.columns import FIELD_COLUMNS, MONTH, VALUE
from indicators.excel.reader import SheetRows
from indicators.excel.rows import Problem, Row, RowParser, column_positions
from indicators.excel.selectors import (
    FigureKey,
    month_versions,
    reportable_indicators,
    reported_figures,
)
from indicators.models import FigureRevision
from indicators.validation import Entry, History, Issue, Level, check_entry, check_period
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
    versions: dict[tuple[int, int], int]

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
    def months(self) -> list[tuple[int, int]]:
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
        versions = [(y, m, self.versions[(y, m)]) for y, m in self.months]
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
    on_file = reported_figures(
        zone=zone, codes={row.code for row in rows if row.indicator},
        years={y for y, _ in periods} | {y - 1 for y, _ in periods},
    )  # fmt: skip
    for row in rows:
        if row.period:
            row.on_file = on_file.get((row.code, *row.period))
    versions, locked = month_versions(zone=zone, periods=periods)
    _check_months(rows, locked=locked, today=today)
    _check_rules(rows, on_file={key: r.value for key, r in on_file.items()})
    return Preview(zone=zone, problems=problems, rows=rows, versions=versions)


def _check_months(rows: list[Row], *, locked: set[tuple[int, int]], today: datetime.date) -> None:
    for row in rows:
        if row.period is None or not row.changes:
            continue
        year, month = row.period
        if reason := check_period(year=year, month=month, today=today):
            row.error(MONTH, reason)
        elif row.period in locked:
            row.error(
                MONTH, f"{year}年{month}月已审核锁定，不能上传修改；如需修改请联系管理员解锁。"
            )


def _check_rules(rows: list[Row], *, on_file: dict[FigureKey, Decimal | None]) -> None:
    """validation.check_entry for each row, against the figures as they will be when the
    months before it in the file have been saved."""
    ready = [
        (row, row.indicator, row.year, row.month)
        for row in rows
        if row.changes and not row.has_errors and row.indicator and row.year and row.month
    ]
    after = dict(on_file) | {(row.code, year, month): row.value for row, _, year, month in ready}
    for row, indicator, year, month in ready:
        code = row.code
        history = History(
            previous_month=after.get((code, year, month - 1)) if month > 1 else None,
            last_year=after.get((code, year - 1, month)),
        )
        entry = Entry(indicator, row.value, row.reported_growth_pct, row.explanation)
        for issue in check_entry(entry, history, month=month):
            row.add_issue(issue, FIELD_COLUMNS.get(issue.field, VALUE))
        if row.value is None and row.current is not None:
            shown = format(row.current.normalize(), "f")
            row.warn(VALUE, f"空白表示未填报：保存后将清空已填报的数值 {shown}。")


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
        services.MonthEntries(year, month, entries[(year, month)], expected_version=version)
        for year, month, version in payload["versions"]
    ]
    try:
        return services.months_save(
            user=user, zone=zone, months=months, origin=FigureRevision.Origin.UPLOAD,
            reason=f"Excel 上传：{payload['file']}",
        )  # fmt: skip
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
