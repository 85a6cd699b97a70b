"""What every benchmark shares: a throw-away database on the configured engine.

Django's test-database machinery makes it (for SQLite a temporary file, like production, never
`db.sqlite3` or `:memory:`; for PostgreSQL `test_<name>`) and drops it afterwards. No
`setup_test_environment()`: its instrumented template rendering is test-only overhead.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection


@contextmanager
def throwaway_database() -> Iterator[None]:
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(
            Path(tempfile.mkdtemp(prefix="cxz-bench-")) / "bench.sqlite3"
        )
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
