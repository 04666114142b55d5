#!/usr/bin/env bash
# One command for a newcomer: install into .venv, load the demo corpus on SQLite, build the index
# and serve the app on http://127.0.0.1:5000/.
set -euo pipefail
cd "$(dirname "$0")/.."

export PIP_DISABLE_PIP_VERSION_CHECK=1
if [ ! -x .venv/bin/python ]; then
    python3.11 -m venv .venv 2>/dev/null || python3 -m venv .venv
fi
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
# The CPU build of torch; an unpinned torch would pull a multi-GB CUDA build.
python -m pip install --quiet torch==2.13.0
python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
python -m pip install --quiet --no-deps --no-build-isolation -e .

export HF_HUB_OFFLINE=1 TALENT_BRIDGE_HOME="${TALENT_BRIDGE_HOME:-$PWD/.tb-home}"
exec talent-bridge demo "$@"
