#!/usr/bin/env bash
# Re-pin the dependencies after a change to pyproject.toml:
#   requirements/base.txt  what the portal runs on (scripts/start.sh, production)
#   requirements/dev.txt   plus the test, lint and type-check tools (scripts/test.sh, CI)
# Usage: bash scripts/lock.sh [--upgrade]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/pip-compile ] || .venv/bin/python -m pip install --quiet pip-tools
common=(--quiet --strip-extras --no-emit-index-url --no-emit-find-links --allow-unsafe "$@")
CUSTOM_COMPILE_COMMAND="bash scripts/lock.sh" .venv/bin/pip-compile "${common[@]}" --output-file requirements/base.txt pyproject.toml
CUSTOM_COMPILE_COMMAND="bash scripts/lock.sh" .venv/bin/pip-compile "${common[@]}" --extra dev --output-file requirements/dev.txt pyproject.toml
