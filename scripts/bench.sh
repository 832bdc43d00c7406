#!/usr/bin/env bash
# `make bench`: every benchmark; each prints its figures and writes bench/results/.
set -u
cd "$(dirname "$0")/.."
scripts/install-system-deps.sh wrk
rc=0
.venv/bin/python bench/bench_api.py "$@" || rc=1
if [ -f bench/bench_staff.py ]; then .venv/bin/python bench/bench_staff.py || rc=1; fi
if [ -f bench/bench_bot.py ]; then .venv/bin/python bench/bench_bot.py || rc=1; fi
# Several copies: where the shared ledger and outbox live, then 1 against 2 Rasa servers
# behind nginx (skipped, saying why, without PostgreSQL, Redis or nginx).
scripts/install-system-deps.sh nginx
.venv-rasa/bin/python bench/bench_stores.py || rc=1
.venv/bin/python bench/bench_scale.py || rc=1
exit $rc
