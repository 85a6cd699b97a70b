"""Server time of the dashboard pages on a throw-away database filled with demo figures.

    python bench/dashboards.py [--zones 4|150] [--years 6] [--requests 30] [--to 2025-11]

Uses the configured database engine (SQLite by default, PostgreSQL with DATABASE_URL) but
never its data: Django's test-database machinery creates a separate database (for SQLite a
temporary file), loads the fixtures, generates demo figures for `--years` years (with
`--zones` − 4 synthetic zones), then times each page with the Django test client: the whole
request through the middleware, as a logged-in leader. The database is destroyed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuxiong_zones.settings_test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from harness import throwaway_database  # noqa: E402

from indicators.demo import Span, generate_demo_figures  # noqa: E402
from indicators.models import Figure  # noqa: E402

GOALS_MS = {4: 100.0, 150: 300.0}


@dataclass(frozen=True)
class Timing:
    page: str
    url: str
    queries: int
    median_ms: float
    p95_ms: float
    max_ms: float


class QueryCounter:
    """Counts the queries of one request (a connection wrapper survives reconnects)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def pages(as_of: str) -> list[tuple[str, str]]:
    query = f"?as_of={as_of}"
    return [
        ("overview", f"/dashboards/{query}"),
        ("zone", f"/dashboards/zones/cxgx/{query}"),
        ("target (one zone)", f"/dashboards/targets/5-cxgx-gyzcz-2025/{query}"),
        ("target (all zones)", f"/dashboards/targets/5-all-gyzcz-cagr/{query}"),
    ]


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def time_page(client: Client, name: str, url: str, requests: int) -> Timing:
    for _ in range(3):  # warm-up: template loading, first connection
        assert client.get(url).status_code == 200
    queries = QueryCounter()
    with connection.execute_wrapper(queries):
        client.get(url)
    samples = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return Timing(
        page=name,
        url=url,
        queries=queries.count,
        median_ms=round(statistics.median(samples), 1),
        p95_ms=round(percentile(samples, 0.95), 1),
        max_ms=round(max(samples), 1),
    )


def fill(*, zones: int, years: int, to: str) -> int:
    call_command("loaddata", "catalogue", "indicators", "check_rules", "targets", verbosity=0)
    last_year, last_month = (int(part) for part in to.split("-"))
    span = Span(first_year=last_year - years + 1, last_year=last_year, last_month=last_month)
    generate_demo_figures(span=span, extra_zones=max(0, zones - 4))
    return Figure.objects.count()


def run(args: argparse.Namespace, timer: Callable[..., Timing] | None = None) -> dict[str, object]:
    with throwaway_database():
        started = time.perf_counter()
        figures = fill(zones=args.zones, years=args.years, to=args.to)
        filled_s = time.perf_counter() - started
        leader = get_user_model().objects.create_user(username="bench-leader")
        client = Client()
        client.force_login(leader)
        timer = timer or time_page
        timings = [timer(client, name, url, args.requests) for name, url in pages(args.to)]
    return {
        "engine": connection.vendor,
        "zones": args.zones,
        "years": args.years,
        "figures": figures,
        "fill_seconds": round(filled_s, 1),
        "requests": args.requests,
        "timings": [asdict(t) for t in timings],
    }


def report(result: dict[str, object]) -> str:
    lines = [
        f"{result['engine']}, {result['zones']} zones, {result['years']} years, "
        f"{result['figures']} figures (filled in {result['fill_seconds']} s), "
        f"{result['requests']} requests per page",
        f"{'page':<20} {'queries':>7} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}",
    ]
    for t in result["timings"]:  # type: ignore[attr-defined]
        lines.append(
            f"{t['page']:<20} {t['queries']:>7} {t['median_ms']:>10} {t['p95_ms']:>8} "
            f"{t['max_ms']:>8}"
        )
    goal = GOALS_MS.get(int(result["zones"]))  # type: ignore[call-overload]
    if goal is not None:
        worst = max(t["median_ms"] for t in result["timings"])  # type: ignore[attr-defined]
        verdict = "met" if worst < goal else "NOT met"
        lines.append(f"goal: median < {goal:.0f} ms — {verdict} (worst median {worst} ms)")
    return "\n".join(lines)


def profile(args: argparse.Namespace) -> None:
    """Print where the overview's time goes (--profile)."""
    import cProfile
    import pstats

    def profiled(client: Client, name: str, url: str, requests: int) -> Timing:
        if name != "overview":
            return time_page(client, name, url, 1)
        with cProfile.Profile() as profiler:
            timing = time_page(client, name, url, requests)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        return timing

    run(args, timer=profiled)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zones", type=int, default=4, help="member zones (4 real + synthetic)")
    parser.add_argument("--years", type=int, default=6, help="years of monthly figures")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--to", default="2025-11", help="last month of data, also the as-of")
    parser.add_argument("--json", type=Path, help="also write the result as JSON here")
    parser.add_argument("--profile", action="store_true", help="profile the overview page")
    args = parser.parse_args()
    if args.profile:
        profile(args)
        return
    result = run(args)
    print(report(result))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
