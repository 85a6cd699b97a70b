"""Headers and front end (等保 8.1.4.4): a strict Content-Security-Policy on every page, no
inline script or style in the templates, Referrer-Policy, and the cookie flags in production."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from accounts.roles import LEADER, SECURITY, ensure_groups
from chuxiong_zones.plotly_css import bundle, injected_style_ids, plotly_css

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.fixture
def clients(django_user_model: Any) -> dict[str, Client]:
    groups = ensure_groups()
    leader = django_user_model.objects.create_user(username="leader")
    leader.groups.set([groups[LEADER.group]])
    security = django_user_model.objects.create_user(username="security", is_staff=True)
    security.groups.set([groups[SECURITY.group]])
    anonymous, as_leader, as_staff = Client(), Client(), Client()
    as_leader.force_login(leader)
    as_staff.force_login(security)
    return {"anonymous": anonymous, "leader": as_leader, "staff": as_staff}


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("anonymous", "/login/"),
        ("leader", "/dashboards/"),
        ("leader", "/catalogue/"),
        ("leader", "/account/"),
        ("leader", "/account/2fa/enrol/"),
        ("leader", "/api/v1/docs/"),
        ("staff", "/admin/"),
        ("staff", "/admin/auth/user/"),
    ],
)
def test_every_page_carries_a_strict_content_security_policy(
    clients: dict[str, Client], who: str, path: str
) -> None:
    response = clients[who].get(path)
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_api_docs_load_their_script_from_a_file(clients: dict[str, Client]) -> None:
    page = clients["leader"].get("/api/v1/docs/").content.decode()
    assert "<style" not in page
    assert re.search(r"<script>\s*\S", page) is None


def test_no_template_has_an_inline_script_style_or_event_handler() -> None:
    offending = []
    patterns = {
        "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
        "<style>": re.compile(r"<style[\s>]", re.I),
        "style attribute": re.compile(r"\sstyle\s*=", re.I),
        "event handler": re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
    }
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        for name, pattern in patterns.items():
            if pattern.search(text):
                offending.append(f"{template.relative_to(ROOT)}: {name}")
    assert offending == []


def test_the_plotly_stylesheet_matches_the_plotly_js_the_portal_serves() -> None:
    """Regenerate with `python -m chuxiong_zones.plotly_css > static/css/plotly.css` after a
    plotly upgrade; base.html must also hold a marker for each style element plotly adds."""
    served = bundle()
    assert (ROOT / "static/css/plotly.css").read_text(encoding="utf-8") == plotly_css(served)
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    assert 'id="plotly.js-style-global" class="no-inline-styles"' in base
    for style_id in injected_style_ids(served):
        assert f'id="{style_id}"' in base


def test_production_cookies_are_secure_and_http_only() -> None:
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_production_settings_set_the_secure_cookie_flags_and_hsts() -> None:
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "x" * 50,
        "DJANGO_SETTINGS_MODULE": "chuxiong_zones.settings",
    }
    for name in ("DEMO_ACCOUNTS_SKIP_2FA", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"):
        env.pop(name, None)
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0,"
        " s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True"] * 6
