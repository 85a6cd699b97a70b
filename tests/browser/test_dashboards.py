"""A leader logs in and opens every dashboard: each chart is drawn by plotly.js, offline."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from accounts.roles import LEADER, ensure_groups
from indicators.demo import Span, generate_demo_figures

pytestmark = pytest.mark.browser

PASSWORD = "Leader-browser-2025"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PAGES = [
    ("/dashboards/?as_of=2025-06", "总览"),
    ("/dashboards/zones/cxgx/?as_of=2025-06", "楚雄国家高新区"),
    ("/dashboards/zones/lufeng/?as_of=2025-06&indicator=yysr", "禄丰产业园区"),
    ("/dashboards/targets/7-cxgx-yysr-2025/?as_of=2025-06", "营业收入"),
    ("/dashboards/targets/5-all-gyzcz-cagr/?as_of=2025-06", "年均增长"),
    ("/dashboards/clusters/?as_of=2025-06", "产业集群"),
    ("/dashboards/tasks/", "重点任务"),
    ("/dashboards/benchmark/?as_of=2025-06", "对标"),
]


@pytest.fixture
def demo_portal(django_user_model: Any) -> Any:
    call_command("loaddata", "catalogue", "indicators", "check_rules", "targets", verbosity=0)
    generate_demo_figures(span=Span(first_year=2022, last_year=2025, last_month=6))
    leader = django_user_model.objects.create_user(username="leader", password=PASSWORD)
    leader.groups.set([ensure_groups()[LEADER.group]])
    return leader


def test_a_leader_sees_every_dashboard_with_its_charts_drawn(
    browser_page: Page,
    log_in: Callable[[str, str], None],
    demo_portal: Any,
    live_server: Any,
) -> None:
    page = browser_page
    external: list[str] = []
    page.on(
        "request",
        lambda request: (
            external.append(request.url)
            if not request.url.startswith((live_server.url, "data:"))
            else None
        ),
    )
    log_in(demo_portal.username, PASSWORD)

    for index, (path, heading) in enumerate(PAGES):
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        charts = page.locator("[data-chart]")
        for n in range(charts.count()):
            # plotly.js turns the container itself into `.js-plotly-plot` and draws SVG in it
            expect(charts.nth(n)).to_have_class(re.compile(r"\bjs-plotly-plot\b"))
            expect(charts.nth(n).locator(".main-svg").first).to_be_attached()
        if charts.count():
            expect(page.locator(".demo-banner")).to_contain_text("演示数据")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"dashboards-{index}.png"), full_page=True)
    assert external == []  # plotly.js comes from the portal itself, never a CDN


def test_the_as_of_selector_moves_the_overview_to_another_month(
    browser_page: Page,
    log_in: Callable[[str, str], None],
    demo_portal: Any,
    live_server: Any,
) -> None:
    page = browser_page
    log_in(demo_portal.username, PASSWORD)
    page.goto(f"{live_server.url}/dashboards/?as_of=2025-06")

    page.get_by_label("截至").select_option("2024-12")
    with page.expect_navigation():
        page.get_by_role("button", name="查看").click()

    expect(page.get_by_text("截至 2024年12月，对照")).to_be_visible()
    expect(page.locator("#chart-progress")).to_be_attached()


TABLE_WIDTHS = """() => [...document.querySelectorAll('table.data')].map(t => ({
    caption: (t.caption || t.querySelector('th'))?.textContent.trim().slice(0, 30),
    table: Math.ceil(t.getBoundingClientRect().width),
    container: Math.floor(t.parentElement.clientWidth),
}))"""


def test_on_a_1400px_desktop_every_table_fits_and_the_status_is_beside_the_name(
    browser_page: Page,
    log_in: Callable[[str, str], None],
    demo_portal: Any,
    live_server: Any,
) -> None:
    """No table wider than its container (the status column was behind a horizontal scroll,
    tables of 1381–1543 px in a 1232 px container); the status follows the target's name."""
    page = browser_page
    page.set_viewport_size({"width": 1400, "height": 900})
    log_in(demo_portal.username, PASSWORD)

    for path, _ in [*PAGES, ("/dashboards/evaluation/2025/?as_of=2025-06", "终期评估")]:
        page.goto(f"{live_server.url}{path}")
        tables = page.evaluate(TABLE_WIDTHS)
        assert tables, path
        wide = [t for t in tables if t["table"] > t["container"] + 1]
        assert wide == [], path

    page.goto(f"{live_server.url}/dashboards/?as_of=2025-06")
    targets = page.locator("table.data", has=page.locator("thead th", has_text="完成度比")).first
    headers = targets.locator("thead th").all_inner_texts()
    assert headers[headers.index("目标") + 1] == "状态"
    status = targets.locator("tbody tr").first.locator(".status").first
    box = status.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 1400
    page.screenshot(path=str(SCREENSHOTS / "overview-1400px.png"), full_page=False)
