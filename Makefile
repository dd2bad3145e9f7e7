# Clientbook: `make run` serves the app, `make test` runs every test. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test test-fast test-e2e lint audit bench lock clean

run: $(VENV)/.installed
	$(PY) main.py

test: test-fast test-e2e

test-fast: $(VENV)/.installed
	$(PY) -m pytest -q

test-e2e: $(VENV)/.installed
	$(PY) -m pytest -q -m e2e tests/e2e

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

audit: $(VENV)/.installed
	.ci/audit

bench: $(VENV)/.installed
	$(PY) -m bench

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps -e .
	touch $@

# Re-resolve the pinned dependency set after editing pyproject.toml.
lock:
	rm -rf /tmp/clientbook-lock && $(PYTHON) -m venv /tmp/clientbook-lock
	/tmp/clientbook-lock/bin/pip install -q --upgrade pip
	/tmp/clientbook-lock/bin/pip install -q -e '.[test]'
	/tmp/clientbook-lock/bin/pip freeze --exclude-editable | grep -v '^clientbook' > requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
