"""Demo figures: generated deterministically, realistic in shape, removed without a trace."""

from __future__ import annotations

import datetime
import itertools
import zoneinfo
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from indicators.calculations import single_month_values
from indicators.demo import SOURCE, Span, delete_demo_figures, generate_demo_figures
from indicators.models import Figure, Submission
from targets.models import Indicator, Zone

pytestmark = pytest.mark.django_db

SPAN = Span(first_year=2022, last_year=2025, last_month=6)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def catalogue() -> None:
    call_command("loaddata", "catalogue", "indicators", "check_rules", "targets", verbosity=0)


def values(zone: str, indicator: str, year: int) -> list[Decimal | None]:
    found = dict(
        Figure.objects.filter(zone__code=zone, indicator__code=indicator, year=year).values_list(
            "month", "value"
        )
    )
    return [found.get(month) for month in range(1, 13)]


def test_every_generated_row_is_marked_demo_and_counted_once(catalogue: None) -> None:
    """A real figure is on file first: the demo leaves it alone, every generated row says
    演示数据, and the count reported is what was written (the real month takes no demo row)."""
    cxgx, gyzcz = Zone.objects.get(code="cxgx"), Indicator.objects.get(code="gyzcz")
    real = Figure.objects.create(
        zone=cxgx, indicator=gyzcz, year=2024, month=3, value=Decimal("88"), source="州统计局"
    )

    result = generate_demo_figures(span=SPAN)

    demo = Figure.objects.filter(is_demo=True)
    assert result.figures == demo.count() == Figure.objects.count() - 1 > 1000
    assert not demo.exclude(source=SOURCE).exists()
    assert Figure.objects.filter(is_demo=False).get() == real
    assert result.submissions == Submission.objects.filter(is_demo=True).count()
    assert Figure.objects.filter(indicator__kind=Indicator.Kind.RATIO).count() == 0


def test_generation_is_deterministic(catalogue: None) -> None:
    generate_demo_figures(span=SPAN)
    first = list(
        Figure.objects.order_by("zone", "indicator", "year", "month").values_list(
            "zone__code", "indicator__code", "year", "month", "value"
        )
    )
    generate_demo_figures(span=SPAN)
    second = list(
        Figure.objects.order_by("zone", "indicator", "year", "month").values_list(
            "zone__code", "indicator__code", "year", "month", "value"
        )
    )

    assert first == second


def test_flows_are_cumulative_with_a_low_january_and_a_high_december(catalogue: None) -> None:
    generate_demo_figures(span=SPAN)

    cumulative = values("cxgx", "gyzcz", 2024)
    months = single_month_values(cumulative)

    assert all(b > a for a, b in itertools.pairwise(cumulative))  # type: ignore[operator]
    assert months[11] == max(months)  # type: ignore[type-var]
    assert months[1] == min(months)  # type: ignore[type-var]
    assert values("cxgx", "gyzcz", 2025)[6:] == [None] * 6  # up to June only


def test_the_2022_anchor_of_the_high_tech_zone_is_kept(catalogue: None) -> None:
    generate_demo_figures(span=SPAN)

    assert values("cxgx", "gdp", 2022)[11] == Decimal("333.52")


def test_annual_indicators_are_stored_in_december_of_complete_years(catalogue: None) -> None:
    generate_demo_figures(span=SPAN)

    annual = Figure.objects.filter(indicator__frequency=Indicator.Frequency.ANNUAL)
    assert set(annual.values_list("month", flat=True)) == {12}
    assert set(annual.values_list("year", flat=True)) == {2022, 2023, 2024}


def test_cluster_parts_sum_to_less_than_the_zones_output(catalogue: None) -> None:
    generate_demo_figures(span=SPAN)

    for zone in Zone.objects.filter(is_benchmark=False):
        total = values(zone.code, "gyzcz", 2024)[11]
        parts = [
            value
            for value in Figure.objects.filter(
                zone=zone, indicator__cluster__isnull=False, year=2024, month=12
            ).values_list("value", flat=True)
            if value is not None
        ]
        assert parts, zone.code
        assert total is not None
        assert sum(parts, Decimal(0)) < total


def test_the_benchmark_zone_has_only_annual_figures(catalogue: None) -> None:
    generate_demo_figures(span=SPAN)

    kunming = Figure.objects.filter(zone__code="kmgx")
    assert kunming.count() >= 3 * 4
    assert set(kunming.values_list("month", flat=True)) == {12}
    # its Decembers are approved, as an admin would enter them from a source
    months = Submission.objects.filter(zone__code="kmgx")
    assert set(months.values_list("month", "status")) == {(12, "approved")}


def test_past_months_are_approved_and_one_zone_awaits_review_in_the_last(catalogue: None) -> None:
    generate_demo_figures(span=SPAN)

    lufeng = Submission.objects.filter(zone__code="lufeng")
    assert lufeng.filter(status="approved").count() == 36 + 6
    last = dict(Submission.objects.filter(year=2025, month=6).values_list("zone__code", "status"))
    assert last == {
        "cxgx": "approved",
        "lufeng": "approved",
        "wuding": "submitted",
        "mouding": "approved",
    }


def test_synthetic_zones_are_added_for_benchmarks_and_deleted_with_the_demo(
    catalogue: None,
) -> None:
    result = generate_demo_figures(span=SPAN, extra_zones=3)

    assert result.zones == 3
    assert Figure.objects.filter(zone__code="demo-003").exists()

    delete_demo_figures()

    assert not Zone.objects.filter(code__startswith="demo-").exists()
    assert Zone.objects.count() == 5


def test_delete_leaves_real_figures_and_submissions_untouched(catalogue: None) -> None:
    cxgx = Zone.objects.get(code="cxgx")
    gyzcz = Indicator.objects.get(code="gyzcz")
    real = Figure.objects.create(
        zone=cxgx,
        indicator=gyzcz,
        year=2024,
        month=3,
        value=Decimal("123.4500"),
        source="州统计局",
    )
    real_month = Submission.objects.create(zone=cxgx, year=2024, month=3, status="returned")

    generate_demo_figures(span=SPAN)
    real.refresh_from_db()
    real_month.refresh_from_db()
    assert (real.value, real.is_demo, real_month.status) == (Decimal("123.4500"), False, "returned")

    delete_demo_figures()

    assert list(Figure.objects.all()) == [real]
    assert list(Submission.objects.all()) == [real_month]
    real.refresh_from_db()
    assert real.value == Decimal("123.4500")


@pytest.mark.parametrize(
    ("today", "last"),
    [(datetime.date(2026, 12, 3), (2026, 11)), (datetime.date(2026, 1, 2), (2025, 12))],
)
def test_the_demo_stops_at_the_last_month_that_has_ended(
    catalogue: None, today: datetime.date, last: tuple[int, int]
) -> None:
    with time_machine.travel(datetime.datetime.combine(today, datetime.time(9), tzinfo=SHANGHAI)):
        call_command("demo_figures", "--from", "2025", stdout=StringIO())
        latest = Figure.objects.order_by("-year", "-month").values_list("year", "month").first()
        assert latest == last
        with pytest.raises(CommandError, match="尚未结束"):
            call_command("demo_figures", "--to", f"{today.year}-{today.month:02d}")
        with pytest.raises(CommandError, match=r"--to 应为 YYYY-MM.*'2025-13'"):
            call_command("demo_figures", "--to", "2025-13")


def test_the_command_generates_and_deletes(catalogue: None) -> None:
    out = StringIO()
    call_command("demo_figures", "--from", "2024", "--to", "2024-12", stdout=out)
    assert "已生成演示数据" in out.getvalue()
    assert Figure.objects.filter(year=2023).count() == 0
    assert Figure.objects.filter(year=2024, month=12).exists()

    call_command("demo_figures", "--delete", stdout=out)
    assert "已删除演示数据" in out.getvalue()
    assert not Figure.objects.exists()
