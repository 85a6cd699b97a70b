"""Time and peak memory of building the 调度表 workbook on a throw-away database of demo figures.

    python bench/report.py [--zones 4|150] [--years 6] [--runs 3] [--to 2025-12]

Same database handling as `bench/dashboards.py` (a separate test database on the configured
engine, destroyed at the end). Each run builds the whole workbook for all zones at `--to` into a
temporary file; peak memory is the Python heap's peak during one more build under tracemalloc
(the timed runs go without it, as it slows Python down). Goals: under 2 s for 4 zones, under 10 s and 300 MB for 150 zones.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
import tracemalloc
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
from harness import throwaway_database  # noqa: E402

from dashboards.reports.workbook import build_report  # noqa: E402
from dashboards.selectors import Period  # noqa: E402

GOALS = {4: (2.0, None), 150: (10.0, 300.0)}  # seconds, MB


def measure(as_of: Period, runs: int) -> tuple[list[float], float, int]:
    """Timed runs first; then one run under tracemalloc (which slows Python) for the peak."""
    seconds = []
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as out:
        for _ in range(runs):
            started = time.perf_counter()
            build_report(out.name, as_of=as_of)
            seconds.append(time.perf_counter() - started)
        tracemalloc.start()
        build_report(out.name, as_of=as_of)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        size = Path(out.name).stat().st_size
    return seconds, peak / 2**20, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zones", type=int, default=4)
    parser.add_argument("--years", type=int, default=6)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--to", default="2025-12")
    parser.add_argument("--profile", action="store_true", help="cProfile one build")
    args = parser.parse_args()
    with throwaway_database():
        figures = fill(zones=args.zones, years=args.years, to=args.to)
        year, month = (int(part) for part in args.to.split("-"))
        if args.profile:
            import cProfile
            import pstats

            with cProfile.Profile() as profiler, tempfile.NamedTemporaryFile(suffix=".xlsx") as f:
                build_report(f.name, as_of=Period(year, month))
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        seconds, peak_mb, size = measure(Period(year, month), args.runs)
    median = statistics.median(seconds)
    print(f"{connection.vendor}, {args.zones} zones, {args.years} years, {figures} figures")
    print(
        f"report as of {args.to}: median {median:.2f} s (runs: "
        f"{', '.join(f'{s:.2f}' for s in seconds)}), peak heap {peak_mb:.0f} MB, "
        f"file {size / 2**20:.1f} MB"
    )
    goal_s, goal_mb = GOALS.get(args.zones, (None, None))
    if goal_s is not None:
        met = median < goal_s and (goal_mb is None or peak_mb < goal_mb)
        print(
            f"goal: < {goal_s:.0f} s"
            + (f" and < {goal_mb:.0f} MB" if goal_mb else "")
            + (" — met" if met else " — NOT met")
        )


if __name__ == "__main__":
    main()
