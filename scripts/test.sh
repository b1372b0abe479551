#!/usr/bin/env bash
# Sets up, starts PostgreSQL if it is down, lints, and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/services.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy --strict bot handlers storage
.venv/bin/mypy devtools
exec .venv/bin/pytest "$@"
