"""Time of the figures endpoint walking 100,000 figures, beside a bare driver SELECT of them.

    python bench/api.py [--figures 100000] [--page-size 10000] [--repeat 5] [--json PATH]
    python bench/api.py --profile [--sort tottime]

Uses the configured database engine (SQLite by default, PostgreSQL with DATABASE_URL; the goal
is stated for PostgreSQL) but never its data: Django's test-database machinery creates a
separate database (for SQLite a temporary file), loads the fixtures and generates demo figures
(`indicators.demo`) for as many synthetic zones as it takes. Every demo month is then approved
and the figures beyond the first `--figures` are deleted, so that the table holds exactly the
rows a leader may read, and the tables are ANALYZEd (as autovacuum would). Then, `--repeat`
times each, interleaved, it times:

  (a) bare SELECT: one query of the same rows and columns the endpoint returns (figure, zone
      code, indicator code, ordered by id), through the driver's own cursor (psycopg2 on
      PostgreSQL, sqlite3 on SQLite), every row fetched;
  (b) the endpoint: a leader's API token walks `/api/v1/figures/?page_size=N` (by default the
      largest page allowed) following `next` until the last page, with the Django test client, in process: each request through the
      whole middleware stack, authentication, throttling and logging included. The client's
      own JSON decoding of each page (needed to find `next`) is timed apart and left out.

For scale it also runs the endpoint's own SQL (all pages' queries) on the bare cursor. Each
time is taken twice: wall time, and CPU time of this process plus, on a PostgreSQL on the same
machine, of its backend process (from /proc), which a machine busy with other work disturbs
much less. The database is destroyed at the end. Goal: (b) ≤ 3 × (a) on PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuxiong_zones.settings_test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX  # noqa: E402
from django.test import Client  # noqa: E402
from harness import throwaway_database  # noqa: E402

from accounts.roles import LEADER, ensure_groups  # noqa: E402
from api.models import ApiToken  # noqa: E402
from api.views import FigurePagination  # noqa: E402
from indicators.demo import Span, generate_demo_figures  # noqa: E402
from indicators.models import Figure, Submission  # noqa: E402
from targets.models import Indicator, Zone  # noqa: E402

URL = "/api/v1/figures/"
GOAL_RATIO = 3.0
FIGURES_PER_ZONE = 1000  # about what the demo generator writes per zone for six years (~1,040)
YEARS = 6
LAST = (2025, 12)


class QueryLog:
    """Records the SQL of the requests (a connection wrapper survives reconnects)."""

    def __init__(self) -> None:
        self.queries: list[tuple[str, Any]] = []

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        self.queries.append((sql, params))
        return execute(sql, params, many, context)


def fill(figures: int) -> int:
    """Fixtures and demo figures for enough zones, every month approved, trimmed to `figures`
    rows, all of them visible to a leader. Returns the number of rows."""
    call_command("loaddata", "catalogue", "indicators", "targets", verbosity=0)
    members = Zone.objects.filter(is_benchmark=False).count()
    extra = max(0, math.ceil(figures / FIGURES_PER_ZONE) - members)
    span = Span(first_year=LAST[0] - YEARS + 1, last_year=LAST[0], last_month=LAST[1])
    generate_demo_figures(span=span, extra_zones=extra)
    Submission.objects.update(status=Submission.Status.APPROVED)
    visible = Figure.objects.reported().values("pk")  # what a leader reads: approved figures
    keep = visible.order_by("pk")[figures - 1 : figures]
    if not keep:
        raise SystemExit(f"fewer than {figures} visible figures generated")
    Figure.objects.exclude(pk__in=visible.filter(pk__lte=keep[0]["pk"])).delete()
    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would gather
        cursor.execute("ANALYZE")
    return Figure.objects.count()


def bare_sql() -> str:
    figure, zone, indicator = (m._meta.db_table for m in (Figure, Zone, Indicator))
    return (
        f"SELECT f.id, z.code, i.code, f.year, f.month, f.value, f.reported_growth_pct, "
        f"f.stage, f.source, f.updated_at FROM {figure} f "
        f"JOIN {zone} z ON z.id = f.zone_id JOIN {indicator} i ON i.id = f.indicator_id "
        f"ORDER BY f.id"
    )


class Clock:
    """Wall time, and CPU time: this process's and, on a PostgreSQL on this machine, its
    backend's (from /proc). On a machine shared with other work the CPU times move much less
    than the wall times, so the CPU ratio is printed beside the wall-time one."""

    def __init__(self) -> None:
        self.backend: Path | None = None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")
            self.backend = stat if stat.exists() else None
        self.tick = os.sysconf("SC_CLK_TCK")

    def backend_cpu(self) -> float:
        if self.backend is None:
            return 0.0
        fields = self.backend.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / self.tick  # utime + stime

    def now(self) -> tuple[float, float]:
        return time.perf_counter(), time.process_time() + self.backend_cpu()


def bare_select() -> int:
    """(a): the rows through the driver's own cursor, no Django in between."""
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    try:
        cursor.execute(bare_sql())
        return len(cursor.fetchall())
    finally:
        cursor.close()


def replay(queries: list[tuple[str, Any]]) -> None:
    """The endpoint's own SQL, every query of a walk, on the driver's cursor."""
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    qmark = connection.vendor == "sqlite"  # sqlite3 takes ?, as Django's wrapper converts
    try:
        for sql, params in queries:
            if qmark:
                sql = FORMAT_QMARK_REGEX.sub("?", sql).replace("%%", "%")
            cursor.execute(sql, params)
            cursor.fetchall()
    finally:
        cursor.close()


def walk(client: Client, raw_token: str, page_size: int, clock: Clock) -> dict[str, Any]:
    """(b): every page, following `next`. The requests' wall and CPU time, without the
    client's decoding of each page, which is timed apart."""
    cache.clear()  # the throttle's buckets: one walk of small pages can pass 600 a minute
    url: str | None = f"{URL}?page_size={page_size}"
    decode_wall = decode_cpu = 0.0
    ids: list[int] = []
    pages = 0
    wall, cpu = clock.now()
    while url:
        response = client.get(url, HTTP_AUTHORIZATION=f"Token {raw_token}")
        assert response.status_code == 200, (url, response.status_code)
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        body = json.loads(response.content)
        ids += [row["id"] for row in body["results"]]
        decode_wall += time.perf_counter() - start_wall
        decode_cpu += time.process_time() - start_cpu
        url = body["next"]
        pages += 1
    end_wall, end_cpu = clock.now()
    return {
        "wall": end_wall - wall - decode_wall,
        "cpu": end_cpu - cpu - decode_cpu,
        "decode": decode_wall,
        "pages": pages,
        "ids": ids,
    }


def token() -> str:
    user = get_user_model().objects.create_user(username="bench-leader")
    user.groups.set([ensure_groups()[LEADER.group]])
    api_token = ApiToken(user=user, client="基准测试")
    raw = api_token.issue()
    api_token.save()
    return raw


def timed(clock: Clock, run: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = clock.now()
    run()
    end_wall, end_cpu = clock.now()
    return end_wall - wall, end_cpu - cpu


def measure(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    rows = fill(args.figures)
    filled_s = time.perf_counter() - started
    raw, client, clock = token(), Client(), Clock()

    assert bare_select() == rows
    first = walk(client, raw, args.page_size, clock)  # warm-up, and every row exactly once
    assert len(first["ids"]) == rows == len(set(first["ids"])), "the walk missed or repeated rows"
    log = QueryLog()
    with connection.execute_wrapper(log):
        walk(client, raw, args.page_size, clock)
    replay(log.queries)

    runs: dict[str, list[tuple[float, float]]] = {"bare": [], "endpoint": [], "sql": []}
    decode = []
    for _ in range(args.repeat):  # interleaved, so that a busy moment hits both
        runs["bare"].append(timed(clock, bare_select))
        result = walk(client, raw, args.page_size, clock)
        runs["endpoint"].append((result["wall"], result["cpu"]))
        decode.append(result["decode"])
        runs["sql"].append(timed(clock, lambda: replay(log.queries)))

    def median(name: str, index: int) -> float:
        return round(statistics.median(run[index] for run in runs[name]), 3)

    return {
        "engine": connection.vendor,
        "figures": rows,
        "fill_seconds": round(filled_s, 1),
        "page_size": args.page_size,
        "pages": first["pages"],
        "queries_per_walk": len(log.queries),
        "repeat": args.repeat,
        "load_average": os.getloadavg()[0],
        "bare_select_s": median("bare", 0),
        "endpoint_s": median("endpoint", 0),
        "endpoint_sql_s": median("sql", 0),
        "client_decode_s": round(statistics.median(decode), 3),
        "ratio": round(median("endpoint", 0) / median("bare", 0), 2),
        "bare_select_cpu_s": median("bare", 1),
        "endpoint_cpu_s": median("endpoint", 1),
        "endpoint_sql_cpu_s": median("sql", 1),
        "cpu_ratio": round(median("endpoint", 1) / median("bare", 1), 2),
        "runs": runs,
    }


def run(args: argparse.Namespace, body: Callable[[argparse.Namespace], Any]) -> Any:
    with throwaway_database():
        return body(args)


def profile(args: argparse.Namespace) -> None:
    """Print where one walk's time goes (--profile)."""
    import cProfile
    import pstats

    fill(args.figures)
    raw, client, clock = token(), Client(), Clock()
    walk(client, raw, args.page_size, clock)
    with cProfile.Profile() as profiler:
        walk(client, raw, args.page_size, clock)
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(45)


def report(result: dict[str, Any]) -> str:
    verdict = "met" if result["ratio"] <= GOAL_RATIO else "NOT met"
    return "\n".join(
        [
            f"{result['engine']}, {result['figures']:,} figures (filled in {result['fill_seconds']} s), "
            f"page_size {result['page_size']}: {result['pages']} pages, "
            f"{result['queries_per_walk']} queries per walk; medians of {result['repeat']} runs, "
            f"load average {result['load_average']:.1f}",
            f"{'':34} {'wall':>7} {'CPU':>7}",
            f"{'(a) bare SELECT of the rows':34} {result['bare_select_s']:>7.3f} "
            f"{result['bare_select_cpu_s']:>7.3f}",
            f"{'(b) the endpoint, every page':34} {result['endpoint_s']:>7.3f} "
            f"{result['endpoint_cpu_s']:>7.3f}",
            f"{'    its SQL alone, on the cursor':34} {result['endpoint_sql_s']:>7.3f} "
            f"{result['endpoint_sql_cpu_s']:>7.3f}",
            f"{'    client JSON decoding, left out':34} {result['client_decode_s']:>7.3f}",
            f"(b)/(a) = {result['ratio']:.2f} wall, {result['cpu_ratio']:.2f} CPU; "
            f"goal ≤ {GOAL_RATIO:.0f} — {verdict}",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=int, default=100_000, help="rows to stream")
    parser.add_argument(
        "--page-size",
        type=int,
        default=FigurePagination.max_page_size,
        help="the walk's page_size (default: the largest allowed)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of (a) and (b)")
    parser.add_argument("--json", type=Path, help="also write the result as JSON here")
    parser.add_argument("--profile", action="store_true", help="profile one walk")
    parser.add_argument("--sort", default="cumulative", help="--profile: pstats sort key")
    args = parser.parse_args()
    if args.profile:
        run(args, profile)
        return
    result = run(args, measure)
    print(report(result))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
