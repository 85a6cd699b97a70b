#!/usr/bin/env bash
# Set up and start the portal on SQLite with the reference catalogue and demo figures.
# Usage: bash scripts/start.sh   (then open the printed URL)
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements/base.txt
.venv/bin/python -m pip install --quiet --no-deps -e .

export DEBUG=${DEBUG:-1}
# DEMO ONLY: the demo-* accounts log in with their password alone (no second factor). The
# settings refuse this when DEBUG is off, so production can never run with it.
export DEMO_ACCOUNTS_SKIP_2FA=${DEMO_ACCOUNTS_SKIP_2FA:-1}
PORT=${PORT:-8000}
manage() { .venv/bin/python manage.py "$@"; }

manage migrate --verbosity 0
manage loaddata catalogue indicators check_rules targets reference_figures --verbosity 0
manage setup_roles --demo-users
manage demo_figures
manage demo_rounds

cat <<MSG

楚雄州开发区提质增效监测平台已启动（开发模式，SQLite，含演示数据）
  地址:  http://127.0.0.1:${PORT}/
  演示账号见上方列表（所有数字均为演示数据，已在页面上标注“演示数据”）。
  演示模式：demo-* 账号免双因素验证（DEMO_ACCOUNTS_SKIP_2FA=1，仅限演示，生产环境禁止）。
  停止: Ctrl+C
MSG
exec .venv/bin/python manage.py runserver "127.0.0.1:${PORT}"
