#!/usr/bin/env bash
# Serve Talent Bridge in production with gunicorn (settings in gunicorn.conf.py).
# Configure with the environment: DATABASE_URL, TALENT_BRIDGE_HOME, TALENT_BRIDGE_SECRET_KEY,
# TALENT_BRIDGE_BIND (default 127.0.0.1:8000), TALENT_BRIDGE_WORKERS (default 2).
# TALENT_BRIDGE_ENV defaults to production: a secret key of 32 bytes or more is required.
# Extra arguments go to gunicorn (scripts/serve.sh --workers 4).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${VIRTUAL_ENV:-}" ] && [ -f .venv/bin/activate ]; then . .venv/bin/activate; fi

export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
# Production mode: the app (and the schema upgrade below) refuses the development secret key.
export TALENT_BRIDGE_ENV="${TALENT_BRIDGE_ENV:-production}"
# The app never changes the schema itself; bring it up to date once, before the workers start.
talent-bridge db upgrade
exec python -m gunicorn --config gunicorn.conf.py "$@"
