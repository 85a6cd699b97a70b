"""The 通报's phrasing rules, without a database: each sentence form an office would check."""

from __future__ import annotations

from decimal import Decimal

from dashboards.reports import phrasing as say


def test_money_is_in_yi_yuan_to_two_decimals_rounded_half_up() -> None:
    assert say.amount(Decimal("3180.2"), "亿元") == "3180.20亿元"
    assert say.amount(Decimal("12.345"), "亿元") == "12.35亿元"
    assert say.amount(Decimal("1234567.891"), "亿元") == "1234567.89亿元"  # no thousands separator
    assert say.amount(None, "亿元") == "—"


def test_counts_are_whole_and_shares_have_one_decimal() -> None:
    assert say.amount(Decimal("52"), "家") == "52家"
    assert say.amount(Decimal("52.0000"), "户") == "52户"
    assert say.amount(Decimal("54.04"), "%") == "54.0%"


def test_growth_word_follows_the_sign() -> None:
    assert say.growth(Decimal("12.34")) == "同比增长12.3%"
    assert say.growth(Decimal("-4")) == "同比下降4.0%"
    assert say.growth(Decimal("0.04")) == "同比持平"
    assert say.growth(Decimal("-0.04")) == "同比持平"  # never "下降0.0%"
    assert say.growth(None) == ""
    assert say.growth(Decimal("-4"), basis="") == "下降4.0%"


def test_a_share_changes_in_percentage_points() -> None:
    assert say.points(Decimal("1.25")) == "比上年同期提高1.3个百分点"
    assert say.points(Decimal("-0.5")) == "比上年同期下降0.5个百分点"
    assert say.points(Decimal("0.01")) == "与上年同期持平"
    assert say.points(None) == ""


def test_rank_names_how_many_zones_are_ranked() -> None:
    assert say.rank(2, 4) == "总量居4个开发区第2位"
    assert say.rank(None, 4) == ""
    assert say.rank(1, 1) == ""  # alone: no ranking to speak of


def test_indicator_clause_marks_an_unapproved_figure_right_after_it() -> None:
    figure = say.IndicatorFigure(
        name="工业总产值",
        unit="亿元",
        value=Decimal("139.712"),
        growth_pct=Decimal("-3.46"),
        rank=4,
        growth_rank=3,
        ranked=4,
        unapproved=True,
    )
    assert say.indicator_clause(figure) == (
        "工业总产值139.71亿元（未审核），同比下降3.5%，总量居4个开发区第4位、增速第3位"
    )


def test_share_clause_states_the_change_in_points_and_no_growth_rank() -> None:
    figure = say.IndicatorFigure(
        name="主导产业营业收入占比",
        unit="%",
        value=Decimal("52.84"),
        share_change=Decimal("1.6"),
        is_share=True,
        rank=1,
        growth_rank=2,
        ranked=3,
    )
    assert say.indicator_clause(figure) == (
        "主导产业营业收入占比52.8%，比上年同期提高1.6个百分点，居3个开发区第1位"
    )


def test_totals_paragraph_names_missing_zones_and_the_comparable_basis() -> None:
    figure = say.IndicatorFigure(
        name="工业总产值", unit="亿元", value=Decimal("700"), growth_pct=Decimal("10")
    )
    text = say.totals_paragraph(
        year=2026,
        month=11,
        zones=4,
        figures=[figure],
        missing=["禄丰产业园区"],
        pending=["武定产业园区"],
    )
    assert text.startswith("2026年1—11月，全州4个开发区实现工业总产值700.00亿元，同比增长10.0%。")
    assert "禄丰产业园区未报送2026年11月数据，合计中不含其当月数据。" in text
    assert "武定产业园区2026年11月数据尚待审核，合计中未含。" in text
    assert "可比口径" in text


def test_zone_paragraph_of_a_zone_that_has_not_reported() -> None:
    text = say.zone_paragraph(
        zone="禄丰产业园区", year=2026, month=11, figures=[], targets=[], reported=False
    )
    assert text == "禄丰产业园区：未报送2026年11月数据。"


def test_zone_paragraph_with_target_progress() -> None:
    figure = say.IndicatorFigure(
        name="营业收入", unit="亿元", value=Decimal("10"), growth_pct=Decimal("5")
    )
    target = say.TargetProgress(
        title="营业收入达到50亿元",
        document="楚办发〔2023〕7号",
        clause="开篇",
        status="滞后",
        progress_pct=Decimal("20"),
    )
    text = say.zone_paragraph(
        zone="甲园区", year=2026, month=1, figures=[figure], targets=[target], reported=True
    )
    assert text == (
        "甲园区：1月，实现营业收入10.00亿元，同比增长5.0%。"
        "对照目标，营业收入达到50亿元，完成目标的20.0%（滞后）。"
    )


def test_behind_and_missed_lines_cite_the_clause() -> None:
    behind = say.TargetProgress(
        title="工业总产值达1500亿元以上",
        document="楚办发〔2023〕5号",
        clause="一（二）发展目标",
        status="严重滞后",
        progress_pct=Decimal("61.25"),
        unapproved=True,
    )
    assert say.behind_line(behind) == (
        "工业总产值达1500亿元以上（楚办发〔2023〕5号 一（二）发展目标）："
        "完成目标的61.3%（未审核），严重滞后。"
    )
    missed = say.MissedVerdict(
        title="进出口总额年增长15%以上",
        document="楚办发〔2023〕5号",
        clause="二（五）21",
        years=(2023, 2025),
        shortfall=Decimal("7.34"),
        shortfall_unit="百分点",
        shortfall_pct=Decimal("48.9"),
    )
    assert say.missed_line(missed) == (
        "进出口总额年增长15%以上（楚办发〔2023〕5号 二（五）21）：2023年、2025年未完成，"
        "差7.3个百分点（为目标的48.9%）。"
    )


def test_table_cell_stacks_value_mark_and_change() -> None:
    figure = say.IndicatorFigure(
        name="x", unit="亿元", value=Decimal("1.5"), growth_pct=Decimal("-2"), unapproved=True
    )
    assert say.table_cell(figure) == "1.50\n（未审核）\n下降2.0%"
    assert say.table_cell(say.IndicatorFigure(name="x", unit="家", value=None)) == "—"


def test_overdue_and_reporting_sentences() -> None:
    item = say.OverdueItem(
        task="5号第9项", title="壮大主导产业", round="11月调度", due_month=11, due_day=20
    )
    assert say.overdue_line("州工业和信息化局", [item]) == (
        "州工业和信息化局（1项）：5号第9项“壮大主导产业”（11月调度，11月20日截止）。"
    )
    text = say.reporting_paragraph(
        year=2026,
        month=11,
        expected=4,
        approved=["甲"],
        on_time=["乙"],
        late=[say.LateZone("丙", 3)],
        returned=[],
        missing=[say.LateZone("丁", 1)],
        not_due=False,
        reporting_rate=Decimal("93.8"),
        on_time_rate=Decimal("87.5"),
    )
    assert text == (
        "2026年11月数据应报4个开发区，已审核1个；按期报送待审核1个；逾期报送1个：丙（逾期3天）；"
        "未报送1个：丁（已逾期1天）。2026年以来报送率93.8%，及时率87.5%。"
    )
