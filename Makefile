# OpenCMH: `make run` serves the demo, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
ASSETS := opencmh/static/vendor/.built-$(shell cat package.json | sha1sum | cut -c1-12)
export DJANGO_SETTINGS_MODULE ?= opencmh.config.settings

.PHONY: install assets migrate demo run test lint bench bench-platform clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,spark]'
	@rm -f $(VENV)/.installed-*
	@touch $@

assets: $(ASSETS)

$(ASSETS): package.json
	npm install --no-audit --no-fund --loglevel=error
	$(BIN)/python scripts/build_assets.py
	@touch $@

migrate: install assets
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo --if-empty

run: demo
	$(BIN)/python manage.py demo_logins
	$(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python scripts/lint_model_usage_in_views.py
	$(BIN)/mypy

test: install assets lint
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/pytest

bench: bench-platform
	$(BIN)/python benchmarks/run.py

# Care platform page timings (triage queue, caseload, person page), on their own SQLite files.
bench-platform: install
	$(BIN)/python benchmarks/triage_queue.py
	$(BIN)/python benchmarks/care_pages.py

clean:
	rm -rf $(VENV) node_modules opencmh/static/vendor staticfiles db.sqlite3
