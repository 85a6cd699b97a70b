"""Time of a zone's Excel upload of many rows, beside a bare openpyxl read of the same file.

    python bench/import_figures.py [--rows 10000] [--repeat 3] [--json PATH] [--profile]

Uses the configured database engine (SQLite by default, PostgreSQL with DATABASE_URL) but
never its data: Django's test-database machinery creates a separate database (for SQLite a
temporary file), loads the fixtures, adds synthetic reportable indicators until the file can
hold `--rows` distinct (indicator, year, month) rows for one zone, and writes a workbook in the
upload template's layout. Then it times, each run in a transaction rolled back afterwards:

  (a) bare read: openpyxl's read-only mode iterating every row of the data sheet;
  (b) our import: what the upload and confirm views call, in process: `read_workbook`,
      `build_preview`, the payload as the session stores it (a JSON round trip), and
      `upload_confirm`, which writes every month with `services.months_save`;
  (c) django-import-export's default `ModelResource` for Figure (fields zone, indicator,
      year, month, value) importing the same rows (dry_run False).

The database is destroyed at the end. Goal: (b) ≤ 1.5 × (a).
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuxiong_zones.settings_test")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
import tablib  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from harness import throwaway_database  # noqa: E402
from import_export import resources  # noqa: E402
from openpyxl.worksheet.worksheet import Worksheet  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from accounts.models import Profile  # noqa: E402
from accounts.roles import STATISTICIAN, ensure_groups  # noqa: E402
from indicators.excel import template  # noqa: E402
from indicators.excel.columns import GUIDE_SHEET_NAME, SHEET_NAME  # noqa: E402
from indicators.excel.reader import read_workbook  # noqa: E402
from indicators.excel.selectors import Reported, reportable_indicators  # noqa: E402
from indicators.excel.upload import UploadPayload, build_preview, upload_confirm  # noqa: E402
from indicators.models import CheckRule, Figure, FigureRevision  # noqa: E402
from targets.models import (  # noqa: E402
    Indicator,
    Zone,
)

ZONE = "cxgx"
FIRST_YEAR = 2020  # six whole years, all in the past
WHOLES: set[str] = set()  # indicators an 审核公式 holds above its parts
YEARS = 6
GOAL_RATIO = 1.5
IMPORT_EXPORT_LIMIT_S = 120.0  # above this (extrapolated from 1,000 rows) (c) is not run whole
SAMPLE_ROWS = 1000


class Rollback(Exception):  # noqa: N818 - control flow, not an error
    """Raised at the end of a timed run so its writes are undone."""


class DefaultFigureResource(resources.ModelResource):  # type: ignore[misc]  # untyped library
    """django-import-export out of the box; the natural key so rows match what is on file."""

    class Meta:
        model = Figure
        fields = ("zone", "indicator", "year", "month", "value")
        import_id_fields = ("zone", "indicator", "year", "month")


def fill(rows: int) -> tuple[Zone, Any, list[Indicator]]:
    """Fixtures, a statistician of one zone, and enough reportable indicators for `rows`."""
    call_command("loaddata", "catalogue", "indicators", "check_rules", "targets", verbosity=0)
    zone = Zone.objects.get(code=ZONE)
    wanted = math.ceil(rows / (YEARS * 12))
    missing = wanted - len(reportable_indicators(zone=zone))
    Indicator.objects.bulk_create(
        Indicator(
            code=f"bench_{i:04d}",
            name=f"基准指标{i}",
            unit="亿元",
            kind=Indicator.Kind.FLOW,
            decimals=2,
            display_order=1000 + i,
            group="基准测试",
        )
        for i in range(max(0, missing))
    )
    # The wholes the 审核公式 compare parts with: kept well above them (see value_of).
    WHOLES.update(CheckRule.objects.filter(kind="not_above").values_list("whole__code", flat=True))
    user = get_user_model().objects.create_user(username="bench-statistician")
    user.groups.set([ensure_groups()[STATISTICIAN.group]])
    Profile.objects.create(user=user, zone=zone)
    return zone, user, reportable_indicators(zone=zone)[:wanted]


def value_of(
    indicator: Indicator, index: int, year: int, month: int, scale: Decimal = Decimal(1)
) -> Decimal:
    """Plausible figures that pass validation: flows grow month by month within a year (they
    are 1—N月累计), stocks stay put; the same month grows ~5% a year. A `scale` above 1 changes
    every figure (a rate by as many points as the scale adds per cent). The wholes of an
    审核公式 are a hundred times their size, so that their parts stay below them."""
    base = scale * Decimal(100 + 7 * index) * Decimal("1.05") ** (year - FIRST_YEAR)
    if indicator.is_flow:
        base *= month
    if indicator.code in WHOLES:  # 总产值 ≥ 规上, ≥ each cluster's part and their sum
        base *= 100
    if indicator.is_percent:
        base = Decimal(40 + index % 50) + (scale - 1) * 100
    return base.quantize(Decimal(1).scaleb(-indicator.decimals))


def workbook(
    zone: Zone, indicators: list[Indicator], rows: int, scale: Decimal = Decimal(1)
) -> bytes:
    """The upload template's sheet (its writer, so its styles and number formats): year, month,
    then indicator, until `rows` rows, the figures prefilled as if typed in."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = SHEET_NAME
    template._write_header(sheet)
    written = 0
    for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
        for month in range(1, 13):
            for index, indicator in enumerate(indicators[: rows - written]):
                now = Reported(value_of(indicator, index, year, month, scale), None, "")
                before = None
                if year > FIRST_YEAR:
                    before = Reported(value_of(indicator, index, year - 1, month, scale), None, "")
                template._write_row(
                    sheet,
                    zone=zone,
                    year=year,
                    month=month,
                    indicator=indicator,
                    now=now,
                    before=before,
                )
                written += 1
    template._write_guide(book.create_sheet(GUIDE_SHEET_NAME), indicators)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def bare_read(data: bytes) -> int:
    """(a): openpyxl's read-only mode, every row of the data sheet, values only."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    try:
        return sum(1 for _ in book[SHEET_NAME].iter_rows(values_only=True))
    finally:
        book.close()


def bare_calamine_read(data: bytes) -> int:
    """For scale: python-calamine, which `read_workbook` uses for such a sheet, values only."""
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return len(book.get_sheet_by_name(SHEET_NAME).to_python(skip_empty_area=False))


def our_import(
    data: bytes, *, zone: Zone, user: Any, today: Any, stages: dict[str, list[float]]
) -> int:
    """(b): the upload view's check and preview, the session's JSON, the confirm view's write;
    the seconds of each step appended to `stages`."""
    started = time.perf_counter()
    sheet = read_workbook(data)
    read = time.perf_counter()
    preview = build_preview(zone=zone, sheet=sheet, today=today)
    if preview.error_count:
        raise AssertionError([str(p) for p in preview.all_problems[:5]])
    payload: UploadPayload = json.loads(json.dumps(preview.payload(file_name="bench.xlsx")))
    previewed = time.perf_counter()
    results = upload_confirm(user=user, zone=zone, payload=payload)
    confirmed = time.perf_counter()
    for name, seconds in (
        ("read", read - started),
        ("preview", previewed - read),
        ("confirm", confirmed - previewed),
    ):
        stages.setdefault(name, []).append(seconds)
    return sum(r.changed for r in results)


def dataset(data: bytes, rows: int) -> tablib.Dataset:
    """The same file's rows for the default resource: its column names, foreign keys as pks."""
    zones = dict(Zone.objects.values_list("code", "pk"))
    indicators = dict(Indicator.objects.values_list("code", "pk"))
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    out = tablib.Dataset(headers=["zone", "indicator", "year", "month", "value"])
    for values in book[SHEET_NAME].iter_rows(min_row=2, max_row=rows + 1, values_only=True):
        zone, year, month, code, *_rest = values
        out.append([zones[zone], indicators[code], year, month, values[6]])
    book.close()
    return out


def import_export(rows: tablib.Dataset) -> None:
    """(c): django-import-export's default resource, writing (dry_run False)."""
    result = DefaultFigureResource().import_data(rows, dry_run=False, raise_errors=True)
    assert not result.has_errors()
    assert not result.has_validation_errors()


def rolled_back(run: Callable[[], object]) -> tuple[float, object]:
    """Seconds that `run` took inside a transaction that is then rolled back."""
    outcome: object = None
    started = time.perf_counter()
    try:
        with transaction.atomic():
            outcome = run()
            elapsed = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    return elapsed, outcome


def measure(args: argparse.Namespace) -> dict[str, Any]:
    import datetime

    zone, user, indicators = fill(args.rows)
    data = workbook(zone, indicators, args.rows)
    today = datetime.date(FIRST_YEAR + YEARS, 1, 15)
    result: dict[str, Any] = {
        "engine": connection.vendor,
        "rows": args.rows,
        "indicators": len(indicators),
        "file_kb": round(len(data) / 1024),
        "repeat": args.repeat,
    }
    bare, calamine = [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        assert bare_read(data) == args.rows + 1
        bare.append(time.perf_counter() - started)
        started = time.perf_counter()
        assert bare_calamine_read(data) == args.rows + 1
        calamine.append(time.perf_counter() - started)
    ours: list[float] = []
    stages: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        elapsed, changed = rolled_back(
            lambda: our_import(data, zone=zone, user=user, today=today, stages=stages)
        )
        assert changed == args.rows, changed
        ours.append(elapsed)
    # (b') the same months again, every figure changed: a corrected history uploaded again.
    corrected = workbook(zone, indicators, args.rows, scale=Decimal("1.01"))
    again: list[float] = []
    for _ in range(args.repeat):

        def upload_twice() -> float:
            our_import(data, zone=zone, user=user, today=today, stages={})
            started = time.perf_counter()
            assert our_import(corrected, zone=zone, user=user, today=today, stages={}) == args.rows
            return time.perf_counter() - started

        again.append(float(rolled_back(upload_twice)[1]))  # type: ignore[arg-type]
    assert not Figure.objects.exists()
    assert not FigureRevision.objects.exists()
    result["changed_import_s"] = round(statistics.median(again), 3)
    result["bare_read_s"] = round(statistics.median(bare), 3)
    result["bare_calamine_s"] = round(statistics.median(calamine), 3)
    result["our_import_s"] = round(statistics.median(ours), 3)
    result["stages_s"] = {name: round(statistics.median(s), 3) for name, s in stages.items()}
    result["ratio"] = round(result["our_import_s"] / result["bare_read_s"], 2)
    if not args.skip_import_export:
        result.update(measure_import_export(data, args.rows))
    return result


def measure_import_export(data: bytes, rows: int) -> dict[str, Any]:
    sample = min(rows, SAMPLE_ROWS)
    sample_rows = dataset(data, sample)  # not timed: building it is not the import
    sample_s, _ = rolled_back(lambda: import_export(sample_rows))
    estimate = sample_s * rows / sample
    if sample == rows or estimate > IMPORT_EXPORT_LIMIT_S:
        return {
            "import_export_rows": sample,
            "import_export_s": round(estimate, 1),
            "import_export_extrapolated": sample != rows,
            "import_export_rows_per_s": round(sample / sample_s),
        }
    whole = dataset(data, rows)
    elapsed, _ = rolled_back(lambda: import_export(whole))
    return {
        "import_export_rows": rows,
        "import_export_s": round(elapsed, 1),
        "import_export_extrapolated": False,
        "import_export_rows_per_s": round(rows / elapsed),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    with throwaway_database():
        if args.profile:
            return profile(args)
        return measure(args)


def profile(args: argparse.Namespace) -> dict[str, Any]:
    """cProfile of one run of (b)."""
    import cProfile
    import datetime
    import pstats

    zone, user, indicators = fill(args.rows)
    data = workbook(zone, indicators, args.rows)
    today = datetime.date(FIRST_YEAR + YEARS, 1, 15)
    with cProfile.Profile() as profiler:
        rolled_back(lambda: our_import(data, zone=zone, user=user, today=today, stages={}))
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(45)
    return {}


def report(result: dict[str, Any]) -> str:
    lines = [
        f"{result['engine']}, {result['rows']} rows of {result['indicators']} indicators × "
        f"{YEARS * 12} months, file {result['file_kb']} KB; medians of {result['repeat']} runs",
        f"(a) bare openpyxl read-only read: {result['bare_read_s']:.3f} s",
        f"    python-calamine, for scale: {result['bare_calamine_s']:.3f} s",
        f"(b) our import (check, preview, write): {result['our_import_s']:.3f} s"
        f" (read {result['stages_s']['read']:.3f}, preview {result['stages_s']['preview']:.3f},"
        f" confirm {result['stages_s']['confirm']:.3f})",
        f"    ratio (b)/(a): {result['ratio']:.2f}"
        f" — goal ≤ {GOAL_RATIO}: {'met' if result['ratio'] <= GOAL_RATIO else 'NOT met'}",
        f"(b') the same months uploaded again, every figure changed: "
        f"{result['changed_import_s']:.3f} s",
    ]
    if "import_export_s" in result:
        how = (
            f"extrapolated from {result['import_export_rows']} rows"
            if result["import_export_extrapolated"]
            else f"{result['import_export_rows']} rows"
        )
        lines.append(
            f"(c) django-import-export default ModelResource: {result['import_export_s']:.1f} s "
            f"({how}; {result['import_export_rows_per_s']} rows/s)"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="data rows in the workbook")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of (a) and (b)")
    parser.add_argument("--skip-import-export", action="store_true", help="leave out (c)")
    parser.add_argument("--json", type=Path, help="also write the result as JSON here")
    parser.add_argument("--profile", action="store_true", help="profile one run of (b)")
    parser.add_argument("--sort", default="cumulative", help="--profile: pstats sort key")
    args = parser.parse_args()
    result = run(args)
    if args.profile:
        return
    print(report(result))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
