"""The write planner (indicators/figures/plan.py), without a database: every rule a write of
figures passes, decided once for the form, the upload, the API and the admin import."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from chuxiong_zones.periods import Period
from indicators.figures.plan import (
    Context,
    MonthEntries,
    MonthState,
    Refusal,
    Stored,
    Writer,
    plan_months,
)
from indicators.validation import Entry, Level, Rule, RuleKind
from targets.models import Indicator

D = Decimal
TODAY = datetime.date(2026, 12, 6)


def indicator(
    pk: int,
    code: str,
    name: str,
    *,
    unit: str = "亿元",
    kind: str = "flow",
    decimals: int = 2,
    cluster_id: int | None = None,
) -> Indicator:
    return Indicator(
        pk=pk,
        code=code,
        name=name,
        unit=unit,
        kind=kind,
        decimals=decimals,
        warn_change_pct=D(50),
        cluster_id=cluster_id,
    )


OUTPUT = indicator(1, "gyzcz", "工业总产值")
ABOVE = indicator(2, "gsgyzcz", "规上工业总产值")
PV = indicator(3, "gyzcz_pv", "工业总产值：绿色硅光伏产业", cluster_id=10)
TI = indicator(4, "gyzcz_ti", "工业总产值：绿色钛产业", cluster_id=11)
FIRMS = indicator(5, "gxjsqys", "高新技术企业数", unit="家", kind="stock", decimals=0)

PART = Rule("规上工业总产值不大于工业总产值", RuleKind.NOT_ABOVE, Level.ERROR, (ABOVE,), OUTPUT)
CLUSTERS = Rule(
    "各产业集群产值之和不大于工业总产值", RuleKind.NOT_ABOVE, Level.WARNING, (PV, TI), OUTPUT
)
NO_FALL = Rule("高新技术企业数较上期减少须说明", RuleKind.NO_FALL, Level.WARNING, (FIRMS,))


def context(
    on_file: dict[tuple[int, int, int], Decimal] | None = None,
    *,
    states: dict[Period, MonthState] | None = None,
    rules: tuple[Rule, ...] = (),
    today: datetime.date = TODAY,
) -> Context:
    stored = {key: Stored(id=n, value=v) for n, (key, v) in enumerate((on_file or {}).items(), 1)}
    return Context(
        zone_name="禄丰产业园区",
        zone_clusters=frozenset({10, 11}),
        on_file=stored,
        states=states or {},
        rules=rules,
        today=today,
    )


def month(m: int, *entries: Entry, year: int = 2026, version: int | None = None) -> MonthEntries:
    return MonthEntries(year, m, list(entries), expected_version=version)


def test_a_month_is_checked_against_the_month_before_it_in_the_same_write() -> None:
    """May on file is 500; the same write corrects it to 100, so June's 150 is no fall."""
    plan = plan_months(
        context({(1, 2026, 5): D(500)}),
        [month(6, Entry(OUTPUT, D(150))), month(5, Entry(OUTPUT, D(100)))],
        writer=Writer.STATISTICIAN,
    )
    assert [(m.month, m.errors) for m in plan.months] == [(5, []), (6, [])]

    alone = plan_months(
        context({(1, 2026, 5): D(500)}),
        [month(6, Entry(OUTPUT, D(150)))],
        writer=Writer.STATISTICIAN,
    )
    [error] = alone.months[0].errors
    assert error.message == "「工业总产值」1—6月累计 150.00 小于上月累计 500.00"


def test_an_approved_month_is_refused_for_everyone_a_submitted_one_for_statisticians_only() -> None:
    states = {
        Period(2026, 5): MonthState("approved", 3),
        Period(2026, 6): MonthState("submitted", 2),
    }
    entries = [month(5, Entry(OUTPUT, D(1))), month(6, Entry(OUTPUT, D(2)))]

    statistician = plan_months(context(states=states), entries, writer=Writer.STATISTICIAN)
    admin = plan_months(context(states=states), entries, writer=Writer.ADMIN)

    assert [m.refusal for m in statistician.months] == [Refusal.LOCKED, Refusal.SUBMITTED]
    assert (
        statistician.months[0].message
        == "禄丰产业园区2026年5月已审核锁定，如需修改请联系管理员解锁"
    )
    assert [m.refusal for m in admin.months] == [Refusal.LOCKED, None]
    assert admin.first_refused(submit=False) is admin.months[0]


def test_a_version_other_than_the_one_the_user_saw_is_refused_as_stale() -> None:
    states = {Period(2026, 6): MonthState("draft", 4)}
    seen_before = plan_months(
        context(states=states),
        [month(6, Entry(OUTPUT, D(1)), version=3)],
        writer=Writer.STATISTICIAN,
    )
    current = plan_months(
        context(states=states),
        [month(6, Entry(OUTPUT, D(1)), version=4)],
        writer=Writer.STATISTICIAN,
    )
    assert seen_before.months[0].refusal == Refusal.STALE
    assert current.months[0].refusal is None


@pytest.mark.parametrize(
    ("today", "submit", "refused", "message"),
    [
        (
            datetime.date(2026, 11, 29),
            False,
            True,
            "2026年11月尚未结束，月末最后一天（11月30日）起才能填报",
        ),
        (datetime.date(2026, 11, 30), False, False, ""),  # opens on its last day, for the 快报
        (datetime.date(2026, 11, 30), True, True, "2026年11月尚未结束，月份结束后才能提交或审核"),
        (datetime.date(2026, 12, 1), True, False, ""),
        (datetime.date(2026, 10, 31), False, True, "2026年11月尚未到来，不能填报"),
    ],
)
def test_a_month_opens_on_its_last_day_and_is_submitted_only_once_it_has_ended(
    today: datetime.date, submit: bool, refused: bool, message: str
) -> None:
    plan = plan_months(
        context(today=today),
        [month(11, Entry(OUTPUT, D(1)))],
        writer=Writer.STATISTICIAN,
        submit=submit,
    )
    [planned] = plan.months
    assert (planned.refusal == Refusal.PERIOD, planned.message) == (refused, message)


def test_a_part_above_its_whole_is_an_error_naming_both_indicators_and_both_values() -> None:
    plan = plan_months(
        context(rules=(PART,)),
        [month(6, Entry(OUTPUT, D("200")), Entry(ABOVE, D("213.87")))],
        writer=Writer.STATISTICIAN,
    )
    [error] = plan.months[0].errors
    assert (error.indicator, error.level) == ("gsgyzcz", Level.ERROR)
    assert error.message == (
        "「规上工业总产值」213.87亿元 大于「工业总产值」200.00亿元"
        "（审核公式：规上工业总产值不大于工业总产值）"
    )
    assert plan.issues[("gsgyzcz", 2026, 6)] == [error]  # keyed by indicator, year and month


def test_a_rule_reads_the_figure_on_file_when_only_one_side_is_entered() -> None:
    """Lowering the whole below the part on file is refused, on the whole's row."""
    plan = plan_months(
        context({(2, 2026, 6): D(180)}, rules=(PART,)),
        [month(6, Entry(OUTPUT, D(150)))],
        writer=Writer.STATISTICIAN,
    )
    [error] = plan.months[0].errors
    assert error.indicator == "gyzcz"
    assert "「规上工业总产值」180.00亿元 大于「工业总产值」150.00亿元" in error.message


def test_a_rule_that_relates_no_entered_indicator_does_not_block_the_month() -> None:
    on_file = {(1, 2026, 6): D(100), (2, 2026, 6): D(180)}  # already inconsistent
    plan = plan_months(
        context(on_file, rules=(PART,)), [month(6, Entry(FIRMS, D(3)))], writer=Writer.STATISTICIAN
    )
    assert plan.months[0].issues == []


def test_clusters_summing_above_the_total_warn_and_need_an_explanation_to_submit() -> None:
    entries = [Entry(OUTPUT, D(100)), Entry(PV, D(60)), Entry(TI, D(50))]
    plan = plan_months(
        context(rules=(CLUSTERS,)), [month(6, *entries)], writer=Writer.STATISTICIAN, submit=True
    )
    [warning] = plan.months[0].warnings
    assert warning.indicator == "gyzcz"
    assert warning.message.startswith(
        "「工业总产值：绿色硅光伏产业」、「工业总产值：绿色钛产业」合计 110.00亿元 大于「工业总产值」100.00亿元"
    )
    assert plan.first_refused(submit=True) is plan.months[0]
    assert plan.first_refused(submit=False) is None  # a draft saves, with the warning

    explained = [Entry(OUTPUT, D(100), explanation="两家企业跨集群统计"), *entries[1:]]
    plan = plan_months(
        context(rules=(CLUSTERS,)), [month(6, *explained)], writer=Writer.STATISTICIAN, submit=True
    )
    assert plan.first_refused(submit=True) is None


def test_a_stock_that_falls_warns_and_january_is_compared_with_last_december() -> None:
    on_file = {(5, 2025, 12): D(70), (5, 2026, 5): D(72)}
    plan = plan_months(
        context(on_file, rules=(NO_FALL,)),
        [month(1, Entry(FIRMS, D(65))), month(6, Entry(FIRMS, D(72)))],
        writer=Writer.STATISTICIAN,
    )
    january, june = plan.months
    [warning] = january.warnings
    assert warning.message == (
        "「高新技术企业数」65家 低于上期的 70家（审核公式：高新技术企业数较上期减少须说明）"
    )
    assert june.warnings == []


def test_a_cluster_indicator_is_refused_for_a_zone_outside_its_cluster() -> None:
    copper = indicator(6, "gyzcz_cu", "工业总产值：绿色铜产业", cluster_id=12)
    plan = plan_months(context(), [month(6, Entry(copper, D(5)))], writer=Writer.ADMIN)
    [error] = plan.months[0].errors
    assert error.message == "「工业总产值：绿色铜产业」是产业集群分项指标，禄丰产业园区不属于该集群"


def test_a_value_built_in_code_gets_the_same_size_and_decimals_checks_as_a_typed_one() -> None:
    plan = plan_months(
        context(),
        [
            month(
                6,
                Entry(OUTPUT, D("123456789012345")),
                Entry(ABOVE, D("1.234")),
                Entry(FIRMS, D(1), reported_growth_pct=D("1.005")),
            )
        ],
        writer=Writer.ADMIN,
    )
    assert [(e.indicator, e.code, e.field) for e in plan.months[0].errors] == [
        ("gyzcz", "too_large", "value"),
        ("gsgyzcz", "too_many_decimals", "value"),
        ("gxjsqys", "too_many_decimals", "reported_growth_pct"),
    ]


def test_a_value_read_back_with_the_columns_trailing_zeros_is_not_refused_for_its_decimals() -> (
    None
):
    """What is on file comes back as 12.5000 (decimal_places 4): checking it again, as the month
    page does after a reload, finds no error."""
    plan = plan_months(context(), [month(6, Entry(OUTPUT, D("125000.0000")))], writer=Writer.ADMIN)
    assert plan.months[0].errors == []


def test_the_writes_skip_what_is_unchanged_and_an_explanation_alone_owes_no_revision() -> None:
    on_file = {(1, 2026, 6): D(10), (2, 2026, 6): D(8), (5, 2026, 6): D(3)}
    plan = plan_months(
        context(on_file),
        [
            month(
                6,
                Entry(OUTPUT, D(10)),
                Entry(ABOVE, D(8), explanation="核实"),
                Entry(FIRMS, None),
                Entry(PV, D(1)),
                Entry(TI, None),
            )
        ],
        writer=Writer.STATISTICIAN,
    )
    [planned] = plan.months
    assert [e.indicator.code for e in planned.created] == ["gyzcz_pv"]  # TI blank: nothing
    assert [(s.value, e.indicator.code) for s, e in planned.updated] == [
        (D(8), "gsgyzcz"),
        (D(3), "gxjsqys"),
    ]
    assert [
        (e.indicator.code, before.value if before else None) for e, before in planned.revised
    ] == [("gxjsqys", D(3)), ("gyzcz_pv", None)]
    assert planned.changed == 3
