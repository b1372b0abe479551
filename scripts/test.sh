#!/usr/bin/env bash
# Sets up, starts PostgreSQL and Redis if they are down, lints, and runs every test; with no
# arguments, runs the bots' tests a second time on PostgreSQL with Redis (see the end).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/services.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy --strict bot handlers storage
.venv/bin/mypy devtools
.venv/bin/pytest "$@"
if [ $# -eq 0 ]; then
    # The same bots again as a district runs them: each test's bot on a fresh PostgreSQL
    # database, its conversations and limits in Redis under a prefix of its own. (Storage
    # and service tests already ran on both engines above; bot processes keep SQLite.)
    WEIGE_TEST_ENGINE=postgresql WEIGE_REDIS__URL=redis://127.0.0.1:6379/0 \
        .venv/bin/pytest -m "not subprocess" tests/e2e tests/admin tests/trust \
        tests/scheduling/test_meetings_e2e.py tests/properties/test_fuzz.py
fi
