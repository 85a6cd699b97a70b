"""The shared ideas at the bottom (`chuxiong_zones`): a month, a number's text, a unit's
measure are Django-free; asking a query for some months is written once for every app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from chuxiong_zones.lookups import month_filter
from chuxiong_zones.periods import Period, months_by_year
from indicators.models import Figure
from targets.models import Indicator, Zone

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("module", ["periods", "numbers", "measures"])
def test_the_bottom_ideas_import_without_django(module: str) -> None:
    """Imported in a fresh interpreter: neither Django nor an app of ours gets loaded."""
    code = (
        f"import sys; import chuxiong_zones.{module}; "
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'django', 'targets', 'indicators', 'dashboards', 'accounts', 'reporting'}); "
        "print(loaded); sys.exit(1 if loaded else 0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_months_are_grouped_by_year_with_a_whole_year_asked_as_the_year() -> None:
    months: list[tuple[int, int] | Period] = [Period(2026, 3), (2025, 12), Period(2026, 1)]
    months.append((2026, 3))
    months += [(2024, m) for m in range(12, 0, -1)]
    assert months_by_year(months) == [(2024, None), (2025, [12]), (2026, [1, 3])]
    assert months_by_year([]) == []


@pytest.mark.django_db
def test_month_filter_finds_exactly_the_months_asked_for_and_nothing_for_none() -> None:
    zone = Zone.objects.create(
        code="a", name="甲园区", short_name="甲", level=Zone.Level.PROVINCIAL, locality="楚雄市"
    )
    other = Zone.objects.create(
        code="b", name="乙园区", short_name="乙", level=Zone.Level.PROVINCIAL, locality="楚雄市"
    )
    indicator = Indicator.objects.create(code="x", name="产值", unit="亿元", kind="flow")
    for z in (zone, other):
        for year in (2024, 2025):
            for month in range(1, 13):
                Figure.objects.create(zone=z, indicator=indicator, year=year, month=month, value=1)

    def found(months: list[tuple[int, int]], **also: object) -> set[tuple[str, int, int]]:
        rows = Figure.objects.filter(month_filter(months, **also))
        return set(rows.values_list("zone__code", "year", "month"))

    whole_2024 = [(2024, m) for m in range(1, 13)]
    assert found([*whole_2024, (2025, 2)], zone=zone) == {("a", 2024, m) for m in range(1, 13)} | {
        ("a", 2025, 2)
    }
    assert found([(2025, 12), (2025, 1)]) == {(c, 2025, m) for c in "ab" for m in (1, 12)}
    assert found([]) == set()
