#!/usr/bin/env bash
# `make test`: every test suite, in both environments. Exits non-zero if any fails.
set -u
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false  # rasa data validate / rasa test never report out
failed=()

step() {
  local name=$1; shift
  echo
  echo "==== $name"
  "$@"
  local rc=$?
  if [ $rc -ne 0 ]; then failed+=("$name (exit $rc)"); fi
}

# Lint with the pinned ruff (constraints.txt): zero findings.
step "lint (ruff)" make --no-print-directory lint

# The intake API, the domain core, end-to-end and browser tests (Python 3.11 environment).
step "intake API, domain, end-to-end, browser" .venv/bin/pytest -q tests/intake tests/e2e tests/browser

# The doors around the data, tried from outside as an attacker would: the stack started as
# `make run` starts it, on SQLite and PostgreSQL, and schemathesis against the OpenAPI document.
step "security" .venv/bin/pytest -q tests/security

# The date-sensitive suites again on other dates (tests/frozen_clock.py, time-machine): every
# test starting next spring, and every test starting half a second before New Year so it
# crosses into the next year as it runs. Only the test process travels: a server a test
# starts as a subprocess keeps the real date, so end-to-end, browser and stack tests are not
# in these runs.
year=$(date -u +%Y)
step "dates: every test in $((year + 1))" env INTAKE_TEST_NOW="$((year + 1))-03-15T10:00:00Z" \
  .venv/bin/pytest -q -p tests.frozen_clock tests/intake/domain tests/intake/api
step "dates: every test across New Year $year/$((year + 1))" env INTAKE_TEST_NOW="$year-12-31T23:59:59.5Z" \
  .venv/bin/pytest -q -p tests.frozen_clock tests/intake/domain tests/intake/api tests/intake/staff

# The assistant: Rasa's own checks and the action server's tests (Python 3.10 environment).
if [ -f bot/domain.yml ]; then
  step "rasa data validate" bash -c 'cd bot && ../.venv-rasa/bin/rasa data validate --fail-on-warnings --quiet'
  step "rasa test stories" scripts/test-stories.sh
fi
if [ -d tests/bot ]; then
  step "actions and triage" .venv-rasa/bin/pytest -q tests/bot
fi
if [ -d tests/channels ]; then
  step "channels (Twilio, Telegram webhooks)" .venv-rasa/bin/pytest -q tests/channels
fi
# Several copies (a few minutes): shared stores on PostgreSQL, then two Rasa servers, two
# action servers and two API workers behind nginx, one of each killed mid-run. Skips,
# saying why, without nginx, PostgreSQL, Redis or a model.
if [ -d tests/scale ]; then
  step "replicas behind the proxy (PostgreSQL, Redis, nginx)" .venv-rasa/bin/pytest -q -rs tests/scale
fi

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "all test suites passed"
