#!/usr/bin/env bash
# Rasa test stories (bot/tests/) against the trained model; any wrong prediction fails.
set -eu
cd "$(dirname "$0")/../bot"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
../.venv-rasa/bin/rasa test core --stories tests/ --model models --out "$out" \
  --fail-on-prediction-errors --quiet
