"""The 终期评估 sheet of the 调度表: `selectors.plan_evaluation` written as a printable table."""

from __future__ import annotations

from chuxiong_zones.spreadsheet import escape_text
from indicators import calculations as calc
from targets.templatetags.portal_format import target_floor

from ..formatting import verdict_gap_text
from ..selectors.evaluation import PlanEvaluation
from .xlsx import Book, Column, display_width

EVALUATION_LEGEND = [
    (calc.VERDICT_STATUS[verdict].value, label) for verdict, label in calc.VERDICT_LABELS.items()
]


def evaluation_columns(years: list[int]) -> list[Column]:
    """Chosen to print on A4 landscape: the document goes with the clause, the unit with the
    target value, the quote on a line of its own under each target."""
    first = years[0] - 1 if years else 0
    return [
        Column("条款", width=9),
        Column("目标", width=17),
        Column("范围", width=8),
        Column("目标值", width=11),
        Column(f"{first}年(基期)", kind="yi", width=8),
        *[Column(f"{y}年", kind="yi", width=8) for y in years],
        Column("需年均增长(%)", kind="pct", width=6),
        Column("实际年均增长(%)", kind="pct", width=6),
        Column("评定", width=9),
        Column("差距", width=10),
    ]


def write_evaluation(book: Book, evaluation: PlanEvaluation, subtitle: str) -> None:
    columns = evaluation_columns(evaluation.years)
    state = "终期评估" if evaluation.closed else "预评（该年尚未结束）"
    sheet = book.sheet(
        "终期评估",
        title=f"{evaluation.year}年目标{state}",
        subtitle=subtitle,
        columns=columns,
    )
    width = sum(sheet.widths)  # printed at no less than 90% (`Sheet`)
    status_column = len(columns) - 2
    quote_format = book.formats["text"]
    for item in evaluation.rows:
        row, target = item.row, item.target
        title = target.title
        for earlier in item.replaces:
            floor = "—" if earlier.floor is None else f"{earlier.floor.normalize():f}"
            title += f"（取代{earlier.document.number}原目标值 {floor}）"
        document = target.document.number.rsplit("〕", 1)[-1]
        sheet.write_row(
            [
                f"{document} {target.clause}",
                title,
                row.scope.label,
                target_floor(target),
                row.base_value,
                *[value for _, value in item.year_values],
                item.required_cagr_pct,
                item.achieved_cagr_pct,
                row.status_label,
                " ".join(filter(None, [verdict_gap_text(row), "未审核" if row.unapproved else ""])),
            ],
            status=row.status.value,
            status_column=status_column,
        )
        lines = -(-display_width(target.quote) // (width - 14))
        sheet.ws.set_row(sheet.row, 14 * max(lines, 1))
        sheet.ws.merge_range(
            sheet.row, 1, sheet.row, len(columns) - 1, escape_text(target.quote), quote_format
        )
        sheet.ws.write_string(sheet.row, 0, "原文", quote_format)
        sheet.row += 1
    totals = evaluation.totals
    summary = "；".join(f"{label} {count} 项" for _, _, label, count in totals.counts)
    sheet.legend(EVALUATION_LEGEND, note=f"共 {totals.total} 项：{summary}。{calc.VERDICT_TEXT}")
