"""The layout of the monthly-figures workbook: sheet names and column headers, stated once for
the template, the upload and the admin import."""

from __future__ import annotations

SHEET_NAME = "数据填报"
GUIDE_SHEET_NAME = "说明"

ZONE = "开发区代码"
YEAR = "年份"
MONTH = "月份"
CODE = "指标代码"
NAME = "指标名称"
UNIT = "计量单位"
VALUE = "本期累计数值"  # as the month page names it
GROWTH = "统计部门公布同比(%)"
EXPLANATION = "异常说明"
LAST_YEAR = "上年同期"

COLUMNS = (ZONE, YEAR, MONTH, CODE, NAME, UNIT, VALUE, GROWTH, EXPLANATION, LAST_YEAR)
# Every column whose content is written must be present: a missing 同比 or 说明 column would
# otherwise clear what the zone reported before. 名称, 单位 and 上年同期 are for reading only.
REQUIRED = (ZONE, YEAR, MONTH, CODE, VALUE, GROWTH, EXPLANATION)
INPUT_COLUMNS = (VALUE, GROWTH, EXPLANATION)
# validation.Issue.field → the column it came from.
FIELD_COLUMNS = {"value": VALUE, "reported_growth_pct": GROWTH}

#: What a column was called before: a template downloaded then still uploads.
FORMER_NAMES = {"本月数值": VALUE}

_FULL_WIDTH = str.maketrans({"（": "(", "）": ")", "％": "%", "\u3000": " "})


def normalise_header(raw: object) -> str:
    """`统计部门公布同比（%）` typed with full-width brackets is the same column, and so is a
    column under its former name."""
    if raw is None:
        return ""
    name = "".join(str(raw).translate(_FULL_WIDTH).split())
    return FORMER_NAMES.get(name, name)
