#!/usr/bin/env bash
# `make bench`: every benchmark; each prints its figures and writes bench/results/.
set -u
cd "$(dirname "$0")/.."
scripts/install-system-deps.sh wrk
rc=0
.venv/bin/python bench/bench_api.py "$@" || rc=1
if [ -f bench/bench_staff.py ]; then .venv/bin/python bench/bench_staff.py || rc=1; fi
if [ -f bench/bench_bot.py ]; then .venv/bin/python bench/bench_bot.py || rc=1; fi
exit $rc
