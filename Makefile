# Two commands on a fresh machine: `make serve` and `make test`.
# Both create .venv from uv.lock first, installing uv with pip if it is missing.

SHELL := /bin/bash
PYTHON ?= python3
UV := $(or $(shell command -v uv 2>/dev/null),.cache/uv/bin/uv)
VENV := .venv/bin
export UV_PYTHON_DOWNLOADS := never
# Byte-compile at install: this machine sets PYTHONDONTWRITEBYTECODE, and every
# `mkdocs build` would otherwise recompile some 850 modules (a second of 3).
export UV_COMPILE_BYTECODE := 1
export NO_MKDOCS_2_WARNING := 1
export JUPYTER_PLATFORM_DIRS := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# Reproducible builds: the feeds' build date is the last commit's, not now.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: serve build check test matrix outputs new-issue bench format clean

serve: export GD_WEEKLY_RELEASE_DAY ?= all  # writers see the issues not yet out
serve: .venv/.synced  ## Serve the site with live reload at http://127.0.0.1:8000
	$(VENV)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: .venv/.synced  ## Build the site into site/ (strict: any warning fails)
	$(VENV)/mkdocs build --strict

check: .venv/.synced  ## The fast loop: lint, format, unit tests, docs blocks, one build; no browser
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .
	$(VENV)/pytest -m "not slow"

test: .venv/.synced  ## Every check: lint, format, unit, docs blocks, figures, site; then the matrix
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .
	$(VENV)/pytest
	$(VENV)/python tools/matrix.py

matrix: | $(UV)  ## What readers copy (unit tests, docs blocks) on the oldest and newest numpy and Python we support (CELLS="3.13:2.4.6": those only)
	GD_WEEKLY_MATRIX="$(CELLS)" $(PYTHON) tools/matrix.py

outputs: .venv/.synced  ## Rewrite every expected-output block from what its code prints now
	$(VENV)/python tests/docs_blocks.py
	@git --no-pager diff --stat -- docs README.md

new-issue: .venv/.synced  ## Scaffold an issue: make new-issue SLUG=gradient-descent TITLE="Walking downhill"
	$(VENV)/python tools/new_issue.py "$(SLUG)" "$(TITLE)"

bench: .venv/.synced bench/node_modules/.package-lock.json  ## Build/test times, page weights, Lighthouse: a table and bench/results.json (PAGES="issues/<slug>/": those pages only)
	$(VENV)/python bench/run.py

format: .venv/.synced  ## Fix what ruff can fix
	$(VENV)/ruff check --fix .
	$(VENV)/ruff format .

clean:  ## Remove everything generated (keeps .venv and the bootstrapped uv)
	rm -rf site .pytest_cache .ruff_cache .hypothesis bench/results.json
	find .cache -mindepth 1 -maxdepth 1 ! -name uv -exec rm -rf {} + 2>/dev/null || true

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --python $(PYTHON)
	touch $@

bench/node_modules/.package-lock.json: bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund --loglevel=error

.cache/uv/bin/uv:
	$(PYTHON) -m venv .cache/uv
	.cache/uv/bin/pip install --quiet "uv>=0.9,<1"
