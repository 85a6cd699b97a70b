"""The workbook a zone downloads, fills in and uploads: sheet 「数据填报」 and a 说明 sheet.

Rows are prefilled with what the zone has on file (so uploading the template unchanged changes
nothing) and with last year's figure for the same month, for comparison.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from indicators.excel.columns import (
    COLUMNS,
    EXPLANATION,
    GROWTH,
    GUIDE_SHEET_NAME,
    INPUT_COLUMNS,
    LAST_YEAR,
    SHEET_NAME,
    VALUE,
)
from indicators.excel.reader import MAX_COLUMNS, MAX_DATA_ROWS, MAX_FILE_BYTES
from indicators.excel.rows import GROWTH_DECIMALS, MAX_EXPLANATION
from indicators.excel.selectors import Reported, reportable_indicators, reported_figures
from targets.models import Indicator, Zone

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # the columns to fill in
READ_FILL = PatternFill("solid", fgColor="EDEDED")  # the columns to leave alone
WIDTHS = {VALUE: 14, GROWTH: 20, EXPLANATION: 40, LAST_YEAR: 14}

RULES = (
    f"一、只填写黄色的三列：{VALUE}、{GROWTH}、{EXPLANATION}。灰色各列请勿修改，也不要增删列、修改列名或工作表名称。",
    "二、流量指标（如工业总产值、营业收入、固定资产投资）填写 1—N月累计数；存量指标（如企业户数）填写月末数。",
    "三、请按「计量单位」列填写，特别注意亿元与万元：1亿元 = 10,000万元。数值约为此前的 1 万倍或万分之一时会提示核对单位。",
    "四、空白表示未填报；0 表示填报为零。已填报的数值改为空白，上传后将清空该数值。",
    "五、小数位数不得超过下表所列位数；除允许负数的指标外，不得填写负数。统计部门公布同比填百分数（增长 12.5% 填 12.5，下降填负数），最多 2 位小数。",
    "六、累计数不能小于上月累计数。与上月或上年同期相比变动超过预警阈值的，请在「异常说明」列写明原因（提交审核前必须填写）。",
    "七、可以使用公式，但请在 Excel 中保存后再上传；由其他软件生成、没有计算结果的公式会被拒绝。",
    f"八、文件不超过 {MAX_FILE_BYTES // (1024 * 1024)} MB，数据不超过 {MAX_DATA_ROWS} 行、{MAX_COLUMNS} 列；异常说明不超过 {MAX_EXPLANATION} 字。",
    "九、只能上传本开发区的数据；同一指标同一月份只能填一行；已审核锁定的月份不能上传修改，如需修改请联系管理员解锁。",
    "十、上传后先显示预览，列出每一行的错误和预警；确认保存时，文件中所有月份一起保存，任何一个月有错误则全部不保存。",
)


def build_template(*, zone: Zone, year: int, months: Sequence[int]) -> bytes:
    """The .xlsx for `zone`: one row per reportable indicator and month, as bytes."""
    indicators = reportable_indicators(zone=zone)
    on_file = reported_figures(
        zone=zone, codes=[i.code for i in indicators], years=[year, year - 1], months=months
    )
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook's first sheet
    sheet.title = SHEET_NAME
    _write_header(sheet)
    for month in months:
        for indicator in indicators:
            now = on_file.get((indicator.code, year, month))
            before = on_file.get((indicator.code, year - 1, month))
            _write_row(
                sheet,
                zone=zone,
                year=year,
                month=month,
                indicator=indicator,
                now=now,
                before=before,
            )
    _write_guide(workbook.create_sheet(GUIDE_SHEET_NAME), indicators)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_header(sheet: Worksheet) -> None:
    sheet.append(list(COLUMNS))
    for index, name in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = INPUT_FILL if name in INPUT_COLUMNS else READ_FILL
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(name, 12)
    sheet.column_dimensions["E"].width = 24  # 指标名称
    sheet.freeze_panes = "A2"


def _as_text(sheet: Worksheet, row: int) -> None:
    """Text that starts with "=" (an explanation, say) stays text: openpyxl would write it as a
    formula, which Excel would then run."""
    for cell in sheet[row]:
        if cell.data_type == "f":
            cell.data_type = "s"


def _number(value: Decimal | None, places: int) -> Decimal | None:
    """The figure with the indicator's decimals, as the statistician would type it."""
    return None if value is None else value.quantize(Decimal(1).scaleb(-places))


def _number_format(places: int) -> str:
    return "0." + "0" * places if places else "0"


def _write_row(
    sheet: Worksheet,
    *,
    zone: Zone,
    year: int,
    month: int,
    indicator: Indicator,
    now: Reported | None,
    before: Reported | None,
) -> None:
    places = indicator.decimals
    sheet.append(
        [
            zone.code,
            year,
            month,
            indicator.code,
            indicator.name,
            indicator.unit,
            _number(now.value, places) if now else None,
            _number(now.reported_growth_pct, GROWTH_DECIMALS) if now else None,
            now.explanation if now else None,
            _number(before.value, places) if before else None,
        ]
    )
    row = sheet.max_row
    _as_text(sheet, row)
    for column, name in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=row, column=column)
        if name in INPUT_COLUMNS:
            cell.fill = INPUT_FILL
        if name in (VALUE, LAST_YEAR):
            cell.number_format = _number_format(places)
        elif name == GROWTH:
            cell.number_format = _number_format(GROWTH_DECIMALS)
        elif name == EXPLANATION:
            cell.alignment = Alignment(wrap_text=True)


def _write_guide(sheet: Worksheet, indicators: list[Indicator]) -> None:
    sheet.append(["填报说明"])
    sheet["A1"].font = Font(bold=True, size=14)
    for rule in RULES:
        sheet.append([rule])
    sheet.append([])
    sheet.append(
        [
            "指标代码",
            "指标名称",
            "计量单位",
            "类型",
            "小数位数",
            "允许负数",
            "预警阈值(%)",
            "口径说明",
        ]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for i in indicators:
        sheet.append(
            [
                i.code,
                i.name,
                i.unit,
                i.get_kind_display(),
                i.decimals,
                "是" if i.allow_negative else "否",
                i.warn_change_pct,
                i.definition,
            ]
        )
        _as_text(sheet, sheet.max_row)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 24
    sheet.column_dimensions["H"].width = 40
