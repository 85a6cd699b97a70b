"""Time of drafting the monthly 通报 (.docx) on a throw-away database of demo figures.

    python bench/bulletin.py [--zones 4|150] [--years 6] [--runs 5] [--to 2025-12]

Same database handling as `bench/dashboards.py` (a separate test database on the configured
engine, destroyed at the end). Each run builds the whole bulletin for all zones at `--to` into a
temporary file, as the download, the API and `export_bulletin` do; the number of queries of one
build is printed beside the times (it must be the same for 4 and 150 zones). Goals: under 1 s
for 4 zones, under 10 s for 150 zones.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path

# bench/dashboards.py sets Django up and fills the database; load it under its own name
# (as `dashboards` it would shadow the app).
_spec = importlib.util.spec_from_file_location(
    "bench_dashboards", Path(__file__).resolve().parent / "dashboards.py"
)
assert _spec is not None
assert _spec.loader is not None
bench_dashboards = importlib.util.module_from_spec(_spec)
sys.modules["bench_dashboards"] = bench_dashboards  # its dataclasses look themselves up
_spec.loader.exec_module(bench_dashboards)
fill = bench_dashboards.fill

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from harness import throwaway_database  # noqa: E402

from dashboards.reports.bulletin import build_bulletin  # noqa: E402
from dashboards.selectors import Period  # noqa: E402

GOALS = {4: 1.0, 150: 10.0}  # seconds


def measure(as_of: Period, runs: int) -> tuple[list[float], int, int]:
    """Timed runs, then one more counting its queries."""
    seconds = []
    with tempfile.NamedTemporaryFile(suffix=".docx") as out:
        for _ in range(runs):
            started = time.perf_counter()
            build_bulletin(out.name, as_of=as_of)
            seconds.append(time.perf_counter() - started)
        with CaptureQueriesContext(connection) as queries:
            build_bulletin(out.name, as_of=as_of)
        size = Path(out.name).stat().st_size
    return seconds, len(queries), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zones", type=int, default=4)
    parser.add_argument("--years", type=int, default=6)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--to", default="2025-12")
    parser.add_argument("--profile", action="store_true", help="cProfile one build")
    args = parser.parse_args()
    with throwaway_database():
        figures = fill(zones=args.zones, years=args.years, to=args.to)
        year, month = (int(part) for part in args.to.split("-"))
        if args.profile:
            import cProfile
            import pstats

            with cProfile.Profile() as profiler, tempfile.NamedTemporaryFile(suffix=".docx") as f:
                build_bulletin(f.name, as_of=Period(year, month))
            pstats.Stats(profiler).sort_stats("cumtime").print_stats(30)
        seconds, queries, size = measure(Period(year, month), args.runs)
    median = statistics.median(seconds)
    print(f"{connection.vendor}, {args.zones} zones, {args.years} years, {figures} figures")
    print(
        f"bulletin as of {args.to}: median {median:.2f} s (runs: "
        f"{', '.join(f'{s:.2f}' for s in seconds)}), {queries} queries, "
        f"file {size / 2**10:.0f} KB"
    )
    goal = GOALS.get(args.zones)
    if goal is not None:
        print(f"goal: < {goal:.0f} s" + (" — met" if median < goal else " — NOT met"))


if __name__ == "__main__":
    main()
