"""End-to-end harness: Debian's headless Chromium driven by Playwright against `live_server`.

Never run `playwright install`: the tests use the system Chromium at /usr/bin/chromium
(installed by apt, also in CI). Every test leaves a full-page screenshot in
`test-artifacts/screenshots/<test-name>.png`, whether it passed or failed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, Page

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# ORM calls from the test body ("You cannot call this from an async context").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
TIMEOUT_MS = 15_000
CSP_MARK = "CSP violation:"
# Injected by the browser driver (not by the page, so the policy does not apply to it).
CSP_LISTENER = (
    "document.addEventListener('securitypolicyviolation', (e) => console.error("
    f"'{CSP_MARK} ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' "
    "+ e.lineNumber));"
)


def screenshot_path(test_name: str) -> Path:
    """`test_x[a-b]` → test-artifacts/screenshots/test_x-a-b.png (a safe file name)."""
    safe = re.sub(r"[^\w.-]+", "-", test_name, flags=re.ASCII).strip("-")
    return SCREENSHOTS / f"{safe}.png"


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium package (apt) to run")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(
    chromium_browser: Browser,
    request: pytest.FixtureRequest,
    transactional_db: None,
    live_server: Any,
) -> Iterator[Page]:
    """A fresh browser context (no cookies) on a laptop-sized window, zh-CN."""
    context = chromium_browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1366, "height": 900},
        base_url=live_server.url,
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    # Irreversible actions ask for confirmation (static/js/confirm.js): accept, and keep each
    # question so that a test can check it was asked.
    asked: list[str] = []

    def accept(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    request.node.confirmations = asked
    # The portal runs under a strict Content-Security-Policy: any violation fails the test.
    violations: list[str] = []
    context.add_init_script(CSP_LISTENER)
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if CSP_MARK in message.text or "Content Security Policy" in message.text
            else None
        ),
    )
    try:
        yield page
    finally:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(screenshot_path(request.node.name)), full_page=True)
        finally:
            context.close()
    if violations:
        pytest.fail("CSP violations:\n" + "\n".join(violations))


@pytest.fixture
def log_in(browser_page: Page, live_server: Any) -> Callable[[str, str], None]:
    """Log in through the real login page (form, CSRF, django-axes) and land on 总览."""

    def log_in_as(username: str, password: str) -> None:
        browser_page.goto(f"{live_server.url}/login/")
        browser_page.get_by_label("用户名").fill(username)
        browser_page.get_by_label("密码").fill(password)
        with browser_page.expect_navigation():
            browser_page.get_by_role("button", name="登录").click()
        if browser_page.url.startswith(f"{live_server.url}/login/"):
            pytest.fail(f"could not log in as {username!r}: still on the login page")
        give_second_factor(browser_page, live_server.url, username)

    return log_in_as


def give_second_factor(page: Page, base_url: str, username: str) -> None:
    """Where the role needs a second factor, give it as the user would: on the verify page,
    the code of their authenticator; on the enrolment page, a code computed from the secret
    the page shows, then past the recovery codes."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.otp import totp_code

    if page.url.startswith(f"{base_url}/account/2fa/verify/"):
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.get_by_label("验证码").fill(totp_code(device))
        click(page, "验证")
    elif page.url.startswith(f"{base_url}/account/2fa/enrol/"):
        secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
        page.get_by_label("验证码").fill(code_from_secret(secret))
        click(page, "完成绑定")
        with page.expect_navigation():
            page.get_by_role("link", name="我已保存，继续").click()
    if page.url.startswith(f"{base_url}/account/2fa/"):
        pytest.fail(f"{username!r} could not give the second factor: still on {page.url}")


def code_from_secret(secret: str) -> str:
    """What an authenticator app shows for a base32 secret now (RFC 6238, 30 s, 6 digits)."""
    import time
    from base64 import b32decode

    from django_otp.oath import hotp

    return f"{hotp(b32decode(secret), int(time.time()) // 30, 6):06d}"


def portal_user(
    django_user_model: Any, username: str, password: str, group: Any, **profile: Any
) -> Any:
    """A user in one role group; with `zone=` or `unit=`, bound to it by a Profile."""
    user = django_user_model.objects.create_user(
        username=username,
        password=password,
        first_name=username,
        email=f"{username}@example.cn",
    )
    user.groups.set([group])
    if profile:
        from accounts.models import Profile

        Profile.objects.create(user=user, **profile)
    return user


@pytest.fixture
def lufeng(db: None) -> Any:
    """禄丰产业园区, the zone the browser flows report for."""
    from targets.models import Zone

    return Zone.objects.create(
        code="lufeng",
        name="禄丰产业园区",
        short_name="禄丰",
        level=Zone.Level.PROVINCIAL,
        locality="楚雄州",
        source="test",
    )


@pytest.fixture
def output(db: None) -> Any:
    """工业总产值 (亿元, two decimals), the indicator the browser flows enter."""
    from targets.models import Indicator

    return Indicator.objects.create(
        code="gyzcz", name="工业总产值", unit="亿元", kind="flow", decimals=2, display_order=1
    )


def click(page: Page, button: str) -> None:
    """Click a form button and wait for the page the POST (and any redirect) lands on."""
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def log_out(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="退出登录").click()
