"""plotly.js (4.8 MB) in production: WhiteNoise with the compressed manifest storage serves it
gzip-compressed, under a content-hashed name cached for a year or more. Run in a child process
with the production environment (DEBUG off), as `manage.py collectstatic` and the WSGI app
would run there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVE = """
import json
import django
from django.core.management import call_command
django.setup()
call_command("collectstatic", "--noinput", verbosity=0)
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client
url = staticfiles_storage.url("vendor/plotly.min.js")
client = Client()
gzipped = client.get(url, secure=True, HTTP_ACCEPT_ENCODING="gzip, deflate")  # behind TLS
plain = client.get(url, secure=True)
print(json.dumps({
    "debug": settings.DEBUG, "url": url,
    "status": gzipped.status_code,
    "encoding": gzipped.headers.get("Content-Encoding"),
    "cache": gzipped.headers.get("Cache-Control"),
    "gzipped_bytes": int(gzipped.headers["Content-Length"]),
    "plain_bytes": int(plain.headers["Content-Length"]),
    "vary": gzipped.headers.get("Vary"),
}))
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("static")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "chuxiong_zones.settings",
        "DEBUG": "0",
        "SECRET_KEY": "production-test-" + "k" * 50,
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp / "staticfiles"),
    }
    env.pop("REDIS_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", SERVE],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_production_serves_plotly_under_a_content_hashed_name(served: dict[str, object]) -> None:
    assert served["debug"] is False
    assert served["status"] == 200
    url = str(served["url"])
    assert url.startswith("/static/vendor/plotly.min.")
    assert url.endswith(".js")
    assert url != "/static/vendor/plotly.min.js"  # the hash changes when plotly does


def test_production_serves_plotly_gzipped_and_cached_for_a_year(served: dict[str, object]) -> None:
    assert served["encoding"] == "gzip"
    assert "Accept-Encoding" in str(served["vary"])
    gzipped, plain = served["gzipped_bytes"], served["plain_bytes"]
    assert isinstance(gzipped, int)
    assert isinstance(plain, int)
    assert plain > 4_000_000
    assert gzipped < plain / 3  # about 1.5 MB of 4.8 MB
    cache = str(served["cache"])
    max_age = int(cache.split("max-age=")[1].split(",")[0])
    assert max_age >= 365 * 24 * 3600
    assert "immutable" in cache
