#!/usr/bin/env bash
# Trains the assistant's model into bot/models/current.tar.gz (`make model` calls this).
# Works from a clean clone once .venv-rasa exists (`make install`). Extra arguments go
# to `rasa train`, e.g. `scripts/train.sh --force`.
set -euo pipefail
cd "$(dirname "$0")/../bot"
rasa=../.venv-rasa/bin/rasa
if [ ! -x "$rasa" ]; then
  echo "error: $rasa is missing; run 'make install' first." >&2
  exit 1
fi
export RASA_TELEMETRY_ENABLED=false
# Any sentence-embedding model used by the NLU pipeline must already be on this machine.
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
mkdir -p models
# The triage corpus (data/triage/train/*.jsonl) joins the NLU data, flags as metadata.
../.venv-rasa/bin/python ../scripts/corpus_to_nlu.py ../data/triage/train data/nlu/corpus.generated.json
# The data is validated by `make test` (`rasa data validate --fail-on-warnings`); doing it
# again here took three and a half minutes of the training budget (10 minutes on 2 cores).
"$rasa" train --domain domain.yml --config config.yml --data data --skip-validation \
  --fixed-model-name current --out models "$@"
