#!/usr/bin/env bash
# Install what the tests need and run the whole suite.
# SQLite by default; set DATABASE_URL=postgres://… to run the same suite on PostgreSQL.
# Browser tests need Debian's chromium (apt-get install -y chromium); they are skipped without it.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements/dev.txt
.venv/bin/python -m pip install --quiet --no-deps -e .

exec .venv/bin/python -m pytest "$@"
