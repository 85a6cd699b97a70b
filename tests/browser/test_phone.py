"""A leader reads the dashboards on a phone (390×844, an iPhone 12–15): no page scrolls
sideways (wide tables scroll inside their own box), charts fit the screen, the navigation
collapses behind a 菜单 button, and what a thumb taps is at least 44 px tall."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import LEADER, ensure_groups
from indicators.demo import Span, generate_demo_figures
from targets.models import TaskItem

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

pytestmark = pytest.mark.browser

PASSWORD = "Leader-phone-2025"
PHONE: ViewportSize = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
TOUCH_PX = 44
# What a thumb taps: the navigation, the dashboards' own links bar, buttons, selects (inline
# links inside sentences and table cells are exempt, as in WCAG 2.5.8).
TAPPABLE = (
    ".mainnav__toggle, .mainnav__list a, .dash-nav a, .subnav a, main button, main select, "
    "main input[type=submit], .topbar button, .topbar__messages"
)


@pytest.fixture
def phone(
    chromium_browser: Browser,
    transactional_db: None,
    live_server: Any,
    request: pytest.FixtureRequest,
) -> Iterator[Page]:
    context = chromium_browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        base_url=live_server.url,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def leader(django_user_model: Any) -> Any:
    call_command("loaddata", "catalogue", "indicators", "targets", verbosity=0)
    generate_demo_figures(span=Span(first_year=2022, last_year=2025, last_month=6))
    user = django_user_model.objects.create_user(username="phone-leader", password=PASSWORD)
    user.groups.set([ensure_groups()[LEADER.group]])
    return user


def phone_log_in(page: Page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the screen (0: no sideways scrolling). A
    mobile browser widens its layout viewport to fit content that overflows (and zooms out),
    so `innerWidth` alone can grow with the page: the phone's own width bounds it too."""
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return int(max(width - inner, width - PHONE["width"]))


def overflowing(page: Page) -> list[str]:
    """The innermost elements reaching past the right edge of the phone (for the message)."""
    found: list[str] = page.evaluate(
        """(limit) => Array.from(document.querySelectorAll('body *'))
            .filter((el) => el.getBoundingClientRect().right > limit + 0.5)
            .filter((el) => {  // inside a box that scrolls or clips: not the page's overflow
                for (let up = el.parentElement; up; up = up.parentElement) {
                    if (getComputedStyle(up).overflowX !== "visible") { return false; }
                }
                return true;
            })
            .filter((el) => !Array.from(el.children).some(
                (child) => child.getBoundingClientRect().right > limit + 0.5))
            .slice(0, 8)
            .map((el) => `${el.tagName.toLowerCase()}.${el.className} ` +
                         `${Math.round(el.getBoundingClientRect().right)}`)""",
        PHONE["width"],
    )
    return found


def too_small_targets(page: Page) -> list[str]:
    """Visible tap targets under 44 px tall, as "text (height)"."""
    found: list[str] = page.evaluate(
        """([selector, minimum]) => Array.from(document.querySelectorAll(selector))
            .filter((el) => el.offsetParent !== null)
            .map((el) => [el, el.getBoundingClientRect()])
            .filter(([el, box]) => box.height + 0.5 < minimum)
            .map(([el, box]) => `${(el.innerText || el.value || el.name).trim()} (${box.height})`)""",
        [TAPPABLE, TOUCH_PX],
    )
    return found


def charts_wider_than_screen(page: Page) -> list[float]:
    widths: list[float] = page.evaluate(
        """() => Array.from(document.querySelectorAll('[data-chart] .main-svg'))
            .map((svg) => svg.getBoundingClientRect().right)
            .filter((right) => right > window.innerWidth + 0.5)"""
    )
    return widths


def pages() -> list[tuple[str, str, str]]:
    """(name, path, text of its heading): the overview, a zone, a target and the task pages."""
    task = TaskItem.objects.get(document__code="cbf-2023-5", number=9)
    as_of = "?as_of=2025-06"
    return [
        ("overview", reverse("dashboards:overview") + as_of, "总览"),
        ("zone", reverse("dashboards:zone", args=["cxgx"]) + as_of, "楚雄国家高新区"),
        ("target", reverse("dashboards:target", args=["5-all-gyzcz-cagr"]) + as_of, "年均增长"),
        ("tasks", reverse("dashboards:tasks"), "重点任务"),
        ("task", reverse("supervision:task", args=[task.pk]), task.title),
    ]


def test_every_leader_page_fits_a_phone_screen(phone: Page, leader: Any, live_server: Any) -> None:
    phone_log_in(phone, leader.username)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path, heading in pages():
        phone.goto(path)
        expect(phone.get_by_role("heading", level=1)).to_contain_text(heading)
        charts = phone.locator("[data-chart]")
        for n in range(charts.count()):
            expect(charts.nth(n).locator(".main-svg").first).to_be_attached()
        phone.screenshot(path=str(SCREENSHOTS / f"phone-{name}.png"), full_page=True)
        assert horizontal_overflow(phone) <= 0, f"{path} scrolls sideways: {overflowing(phone)}"
        assert charts_wider_than_screen(phone) == [], f"{path}: a chart is wider than the phone"
        assert too_small_targets(phone) == [], f"{path}: tap targets under {TOUCH_PX} px"


def test_navigation_collapses_behind_a_menu_button(
    phone: Page, leader: Any, live_server: Any
) -> None:
    phone_log_in(phone, leader.username)
    phone.goto("/dashboards/?as_of=2025-06")
    menu = phone.get_by_role("button", name="菜单")
    links = phone.locator(".mainnav__list")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(links).to_be_hidden()

    menu.tap()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(links.get_by_role("link", name="任务督办")).to_be_visible()
    phone.screenshot(path=str(SCREENSHOTS / "phone-menu-open.png"))
    with phone.expect_navigation():
        links.get_by_role("link", name="任务督办").tap()
    expect(phone.get_by_role("button", name="菜单")).to_have_attribute("aria-expanded", "false")


def test_a_wide_table_scrolls_inside_its_own_box(
    phone: Page, leader: Any, live_server: Any
) -> None:
    phone_log_in(phone, leader.username)
    phone.goto("/dashboards/?as_of=2025-06")
    boxes: list[dict[str, Any]] = phone.evaluate(
        """() => Array.from(document.querySelectorAll('main table'))
            .filter((t) => t.scrollWidth > t.clientWidth + 1 || t.parentElement.scrollWidth >
                     t.parentElement.clientWidth + 1)
            .map((t) => {
                const box = t.scrollWidth > t.clientWidth + 1 ? t : t.parentElement;
                return {overflow: getComputedStyle(box).overflowX,
                        right: box.getBoundingClientRect().right};
            })"""
    )
    assert boxes, "the overview has tables wider than a phone"
    for box in boxes:
        assert box["overflow"] in ("auto", "scroll")
        assert box["right"] <= PHONE["width"] + 0.5


def test_on_a_laptop_the_navigation_stays_open(
    browser_page: Page, leader: Any, live_server: Any, log_in: Callable[[str, str], None]
) -> None:
    log_in(leader.username, PASSWORD)
    browser_page.goto(f"{live_server.url}/dashboards/?as_of=2025-06")
    expect(browser_page.get_by_role("button", name="菜单")).to_be_hidden()
    expect(
        browser_page.locator(".mainnav__list").get_by_role("link", name="任务督办")
    ).to_be_visible()


def test_charts_follow_the_window_when_it_narrows_to_a_phone(
    browser_page: Page, leader: Any, live_server: Any, log_in: Callable[[str, str], None]
) -> None:
    log_in(leader.username, PASSWORD)
    browser_page.goto(f"{live_server.url}/dashboards/zones/cxgx/?as_of=2025-06")
    svg = browser_page.locator("[data-chart] .main-svg").first
    expect(svg).to_be_attached()
    wide = svg.bounding_box()
    assert wide is not None
    assert wide["width"] > PHONE["width"]
    browser_page.set_viewport_size(PHONE)
    browser_page.wait_for_function(
        "(limit) => document.querySelector('[data-chart] .main-svg')"
        ".getBoundingClientRect().width <= limit",
        arg=PHONE["width"],
    )
    assert charts_wider_than_screen(browser_page) == []
