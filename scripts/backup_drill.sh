#!/usr/bin/env bash
# Restore drill (等保 8.1.4.10): fill a PostgreSQL database, pg_dump it, restore the dump into
# a fresh database, and check that every table has the same number of rows and that the
# audit log's hash chain still verifies on the restored copy.
# Usage: bash scripts/backup_drill.sh [postgres://postgres@127.0.0.1:5432]
set -euo pipefail
cd "$(dirname "$0")/.."
SERVER="${1:-postgres://postgres@127.0.0.1:5432}"
SRC=drill_source_$$
DST=drill_restored_$$
PY="${PYTHON:-.venv/bin/python}"
DUMP="$(mktemp -d)/drill.dump"
cleanup() { psql -q "$SERVER/postgres" -c "DROP DATABASE IF EXISTS $SRC" -c "DROP DATABASE IF EXISTS $DST" >/dev/null; }
trap cleanup EXIT

psql -q "$SERVER/postgres" -c "CREATE DATABASE $SRC" -c "CREATE DATABASE $DST"
export DEBUG=1 DATABASE_URL="$SERVER/$SRC"
"$PY" manage.py migrate -v0
"$PY" manage.py loaddata -v0 catalogue indicators check_rules targets reference_figures
"$PY" manage.py setup_roles --demo-users >/dev/null   # writes audit events too
"$PY" manage.py demo_figures --to 2025-06 >/dev/null

pg_dump --format=custom --file="$DUMP" "$SERVER/$SRC"
pg_restore --no-owner --dbname="$SERVER/$DST" "$DUMP"

counts() {
  psql -At "$SERVER/$1" -c "SELECT string_agg(format('SELECT %L AS t, count(*) FROM %I', tablename, tablename), ' UNION ALL ') FROM pg_tables WHERE schemaname = 'public'" \
    | psql -At "$SERVER/$1" | sort
}
if ! diff <(counts "$SRC") <(counts "$DST"); then
  echo "恢复演练失败：恢复后各表行数与原库不同。" >&2
  exit 1
fi
DATABASE_URL="$SERVER/$DST" "$PY" manage.py verify_audit_log
audit_rows="$(psql -At "$SERVER/$DST" -c 'SELECT count(*) FROM audit_auditevent')"
echo "恢复演练通过：$(counts "$DST" | wc -l) 张表行数一致，审计日志 $audit_rows 条，哈希链完整。"
