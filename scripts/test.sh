#!/usr/bin/env bash
# The test command: the whole suite on SQLite, then on PostgreSQL (each run in fresh databases).
set -uo pipefail
cd "$(dirname "$0")/.."
[ -z "${VIRTUAL_ENV:-}" ] && [ -f .venv/bin/activate ] && . .venv/bin/activate

export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
POSTGRES_URL="${POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}"

# Warnings are errors, a connection left to the garbage collector included.
WARNINGS=(-W error)

echo "== tests on SQLite =="
TEST_DATABASE_URL="" python -m pytest "${WARNINGS[@]}" -q "$@"
sqlite_status=$?

echo "== tests on PostgreSQL ($POSTGRES_URL) =="
TEST_DATABASE_URL="$POSTGRES_URL" python -m pytest "${WARNINGS[@]}" -q "$@"
postgres_status=$?

echo "SQLite run exit status: $sqlite_status; PostgreSQL run exit status: $postgres_status"
[ "$sqlite_status" -eq 0 ] && [ "$postgres_status" -eq 0 ]
