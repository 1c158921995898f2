#!/usr/bin/env bash
# The HTTP benchmark (issue 7): run by hand, never in CI. See bench/serving.py for what it measures.
set -euo pipefail
cd "$(dirname "$0")"
[ -x ../.venv/bin/python ] || make -C .. install
exec ../.venv/bin/python serving.py "$@"
