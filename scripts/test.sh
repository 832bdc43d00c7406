#!/usr/bin/env bash
# `make test`: every test suite, in both environments. Exits non-zero if any fails.
set -u
cd "$(dirname "$0")/.."
failed=()

step() {
  local name=$1; shift
  echo
  echo "==== $name"
  "$@"
  local rc=$?
  if [ $rc -ne 0 ]; then failed+=("$name (exit $rc)"); fi
}

# The intake API, the domain core, end-to-end and browser tests (Python 3.11 environment).
step "intake API, domain, end-to-end, browser" .venv/bin/pytest -q tests/intake tests/e2e tests/browser

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

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "all test suites passed"
