# The two commands a newcomer needs: `make run` and `make test`.
# Everything installs into .venv from requirements.lock; nothing global.

SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

# Rasa 3.6 runs on Python 3.10 only (on 3.11 pip silently picks rasa 1.10).
PYTHON ?= $(shell command -v python3.10 2>/dev/null || echo $(HOME)/.pyenv/versions/3.10.13/bin/python3.10)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# This machine's pip config points at local mirrors that may be absent; hide only those warnings.
PIP_QUIET := grep -v '^WARNING: Location' || true

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONPATH := $(CURDIR)

.PHONY: help install run train check test browser-deps eval eval-language eval-concerns eval-frozen clean

help:
	@echo "make run    install if needed, train if the model is stale, start the bot (5005) and actions (5055)"
	@echo "make check  lint (ruff), types (mypy) and the fast tests: no training, no Rasa server; a few minutes"
	@echo "make test   everything CI runs"
	@echo "make train  train only if config, domain or data changed (make train FORCE=1 to retrain)"
	@echo "make eval   cross-validation, held-out/blind/strangers' splits, dev follow-ups through the bot; reports/"
	@echo "make eval-language   evaluate language detection, report in reports/language.md"
	@echo "make eval-concerns   concern conversations through the real bot, reports/concerns_{dev,frozen}.md"
	@echo "make eval-frozen     strangers' messages and follow-ups (never tuned on), reports/frozen_eval.md"

install: $(INSTALLED)

$(INSTALLED): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null || { \
	  echo "Python 3.10 is required (Rasa 3.6 supports 3.8-3.10). See README: 'Getting Python 3.10'."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --no-deps -r requirements.lock 2>&1 | $(PIP_QUIET)
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e . 2>&1 | $(PIP_QUIET)
	$(BIN)/python -m pip check
	touch $@

train: $(INSTALLED)
	$(BIN)/helpline train $(if $(FORCE),--force,)

run: $(INSTALLED)
	$(BIN)/helpline run

# The fast lane: lint, types, and every test not marked e2e (those need a trained model or a Rasa
# server; tests/conftest.py refuses an unmarked one). Never trains.
check: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -m "not e2e" -q

test: $(INSTALLED) browser-deps
	$(BIN)/helpline train
	$(BIN)/python -m pytest

# Browser tests drive Debian's Chromium through Playwright (Playwright's own download cannot work here).
browser-deps:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Chromium for the browser tests (apt-get install chromium) ..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "*** Chromium is missing and this user cannot apt-get install it: browser tests will be SKIPPED. ***"; \
	    echo "*** Install it with: sudo apt-get install chromium                                            ***"; \
	  fi; }

eval: $(INSTALLED)
	$(BIN)/helpline train
	$(BIN)/helpline eval

eval-language: $(INSTALLED)
	$(BIN)/helpline eval-language

eval-concerns: $(INSTALLED)
	$(BIN)/helpline train
	$(BIN)/helpline eval-concerns

eval-frozen: $(INSTALLED)
	$(BIN)/helpline train
	$(BIN)/helpline eval-frozen

clean:
	rm -rf models var .rasa results
