"""Time, queries and peak memory of building a downloadable document on a throw-away database
of demo figures: the 调度表 workbook (`report`) or the monthly 通报 (`bulletin`).

    python bench/documents.py report|bulletin [--zones 4|150] [--years 6] [--runs N]
                                              [--to 2025-12] [--profile]

(`bench/report.py` and `bench/bulletin.py` are the same with the document named.)

Same database handling as `bench/dashboards.py` (a separate test database on the configured
engine, destroyed at the end). Each timed run builds the whole document for all zones at `--to`
into a temporary file, as the download, the API and the management command do. One more build
then counts its queries (the same for 4 and 150 zones) and, under tracemalloc, the peak Python
heap; the timed runs go without tracemalloc, which slows Python down about four times.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
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
from dashboards.reports.workbook import build_report  # noqa: E402
from dashboards.selectors import Period  # noqa: E402


@dataclass(frozen=True)
class Document:
    title: str
    build: Callable[..., object]  # build(path, as_of=Period)
    suffix: str
    runs: int
    goals: dict[int, tuple[float, float | None]]  # zones → (seconds, MB or None)


DOCUMENTS = {
    "report": Document("调度表", build_report, ".xlsx", 3, {4: (2.0, None), 150: (10.0, 300.0)}),
    "bulletin": Document("通报", build_bulletin, ".docx", 5, {4: (1.0, None), 150: (10.0, None)}),
}


@dataclass(frozen=True)
class Result:
    seconds: list[float]
    queries: int
    peak_mb: float
    size: int


def measure(document: Document, as_of: Period, runs: int) -> Result:
    seconds = []
    with tempfile.NamedTemporaryFile(suffix=document.suffix) as out:
        for _ in range(runs):
            started = time.perf_counter()
            document.build(out.name, as_of=as_of)
            seconds.append(time.perf_counter() - started)
        tracemalloc.start()
        with CaptureQueriesContext(connection) as queries:
            document.build(out.name, as_of=as_of)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        size = Path(out.name).stat().st_size
    return Result(seconds, len(queries), peak / 2**20, size)


def main(name: str | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    if name is None:
        parser.add_argument("document", choices=sorted(DOCUMENTS))
    parser.add_argument("--zones", type=int, default=4)
    parser.add_argument("--years", type=int, default=6)
    parser.add_argument("--runs", type=int)
    parser.add_argument("--to", default="2025-12")
    parser.add_argument("--profile", action="store_true", help="cProfile of one build")
    args = parser.parse_args()
    document = DOCUMENTS[name or args.document]
    year, month = (int(part) for part in args.to.split("-"))
    as_of = Period(year, month)
    with throwaway_database():
        figures = fill(zones=args.zones, years=args.years, to=args.to)
        if args.profile:
            import cProfile
            import pstats

            with (
                cProfile.Profile() as profiler,
                tempfile.NamedTemporaryFile(suffix=document.suffix) as scratch,
            ):
                document.build(scratch.name, as_of=as_of)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        result = measure(document, as_of, args.runs or document.runs)
    median = statistics.median(result.seconds)
    print(f"{connection.vendor}, {args.zones} zones, {args.years} years, {figures} figures")
    print(
        f"{document.title} as of {args.to}: median {median:.2f} s (runs: "
        f"{', '.join(f'{s:.2f}' for s in result.seconds)}), {result.queries} queries, "
        f"peak heap {result.peak_mb:.0f} MB, file {result.size / 2**10:.0f} KB"
    )
    goal_s, goal_mb = document.goals.get(args.zones, (None, None))
    if goal_s is not None:
        met = median < goal_s and (goal_mb is None or result.peak_mb < goal_mb)
        print(
            f"goal: < {goal_s:.0f} s"
            + (f" and < {goal_mb:.0f} MB" if goal_mb else "")
            + (" — met" if met else " — NOT met")
        )


if __name__ == "__main__":
    main()
