#!/usr/bin/env bash
# Sets up and plays the demo: the real bot against a local Telegram emulator, on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
exec .venv/bin/python -m bot demo "$@"
