# Clientbook: `make run` serves the app, `make test` runs every test. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test test-fast test-e2e lint audit bench lock clean messages language css

# Compiled translations (git-ignored): rebuilt whenever a catalog changes.
MO := $(patsubst %.po,%.mo,$(wildcard locales/*/LC_MESSAGES/messages.po))

run: $(VENV)/.installed $(MO)
	$(PY) main.py

test: test-fast test-e2e

test-fast: $(VENV)/.installed $(MO)
	$(PY) -m pytest -q

# Without Hypothesis's plugin (no e2e test uses it): it imports Hypothesis only when printing the summary, and pytest's
# assertion rewriting of it then failed on CPython 3.11 after Playwright's greenlets ("AST constructor recursion depth
# mismatch"), turning a green run red after every test had passed.
test-e2e: $(VENV)/.installed $(MO) node_modules/.installed
	$(PY) -m pytest -q -p no:hypothesispytest -m e2e tests/e2e

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

audit: $(VENV)/.installed
	.ci/audit

bench: $(VENV)/.installed $(MO)
	$(PY) -m bench

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps -e .
	touch $@

# npm packages the end-to-end tests use (axe-core; the Tailwind CLI that checks ui/static/tailwind.css).
node_modules/.installed: package.json package-lock.json
	npm install --no-audit --no-fund
	touch $@

locales/%/LC_MESSAGES/messages.mo: locales/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(VENV)/bin/pybabel compile -D messages -l $* -i $< -o $@

# After changing user-visible strings: collect them into locales/messages.pot and merge them into every catalog.
messages: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -k NP_:1c,2 -k ngettext:1,2 -k pgettext:1c,2 --add-location=file \
		--sort-output --no-wrap -o locales/messages.pot .
	$(VENV)/bin/pybabel update -i locales/messages.pot -d locales -D messages --no-wrap

# A new language: `make language CODE=fr`, then translate locales/fr/LC_MESSAGES/messages.po.
language: messages
	$(VENV)/bin/pybabel init -i locales/messages.pot -d locales -D messages -l $(CODE) --no-wrap

# The Tailwind CSS the pages use, precompiled (NiceGUI runs without its Tailwind browser runtime, ui/common/styles.py).
# Rebuild and commit ui/static/tailwind.css after adding Tailwind classes in ui/ or upgrading nicegui (then pin
# @tailwindcss/cli in package.json to the version in nicegui/static/tailwindcss.min.js).
css: $(VENV)/.installed
	npm install --no-audit --no-fund
	mkdir -p build
	sed "s|@NICEGUI@|$$($(PY) -c 'import nicegui, pathlib; print(pathlib.Path(nicegui.__file__).parent)')|" \
		ui/static/tailwind.src.css > build/tailwind.src.css
	node_modules/.bin/tailwindcss --input build/tailwind.src.css --output ui/static/tailwind.css --minify

# Re-resolve the pinned dependency set after editing pyproject.toml.
lock:
	rm -rf /tmp/clientbook-lock && $(PYTHON) -m venv /tmp/clientbook-lock
	/tmp/clientbook-lock/bin/pip install -q --upgrade pip
	/tmp/clientbook-lock/bin/pip install -q -e '.[test]'
	/tmp/clientbook-lock/bin/pip freeze --exclude-editable | grep -v '^clientbook' > requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
