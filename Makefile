# newsroom — run `make help` for the list of targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_VERSION := 3.13
# .python-version makes pyenv's python3 resolve to 3.13 inside the repository.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := DJANGO_DEBUG=1 $(PY) manage.py
DEMO_STORIES ?= 300
SHARED_CORPUS := ../shared/corpus

.PHONY: help run worker test lint format check-python install messages migrate demo superuser serve bench clean screenshots fonts backup restore load-test crash-test attack lighthouse test-fast import-bench

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

check-python:
	@v=$$($(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null); \
	if [ "$$v" != "$(PYTHON_VERSION)" ]; then \
	  echo "newsroom needs Python $(PYTHON_VERSION); '$(PYTHON)' is $${v:-missing}."; \
	  echo "Install it with 'pyenv install $(PYTHON_VERSION)' (the .python-version file selects it),"; \
	  echo "or run: make PYTHON=/path/to/python$(PYTHON_VERSION) ..."; \
	  exit 1; \
	fi

$(VENV)/.installed: requirements.txt requirements-dev.txt | check-python
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

# The project's Arabic catalogs (locale/): compiled here, never committed.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))

%.mo: %.po
	@command -v msgfmt >/dev/null || { echo "msgfmt is needed to compile locale/ (Debian: apt-get install gettext)"; exit 1; }
	msgfmt --check-format -o $@ $<

messages: $(MO_FILES) ## Compile the translation catalogs in locale/ (make install does)

install: $(VENV)/.installed $(MO_FILES) ## Create .venv (Python 3.13), install pinned dependencies, compile locale/

migrate: install ## Apply database migrations
	$(MANAGE) migrate --noinput

demo: migrate ## Load demo stories: generated ones, the project's raw corpus, and ../shared/corpus if present
	$(MANAGE) generate_demo $(DEMO_STORIES) --seed 7 --if-empty --live
	@if $(MANAGE) help import_articles >/dev/null 2>&1; then \
	  $(MANAGE) import_articles corpus/; \
	  if [ -f $(SHARED_CORPUS)/seed-article.txt ]; then $(MANAGE) import_articles $(SHARED_CORPUS)/seed-article.txt; fi; \
	  if [ -d $(SHARED_CORPUS)/real ]; then $(MANAGE) import_articles --status draft $(SHARED_CORPUS)/real \
	    || echo "(../shared/corpus/real holds pages that are not stories, on purpose: refused above, the rest imported)"; fi; \
	fi

run: demo ## Set everything up, serve http://127.0.0.1:8000 and run the task worker (Ctrl-C stops both)
	@$(MANAGE) run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:8000

worker: migrate ## Run the task worker alone (search index, similar stories, cache purges)
	$(MANAGE) run_worker

superuser: install ## Create an editor account for the admin
	$(MANAGE) createsuperuser

test: install node_modules/.installed ## Lint, system checks, migration check and the whole test suite
	$(VENV)/bin/ruff check .
	$(PY) manage.py check --settings=tests.settings
	$(PY) manage.py makemigrations --check --dry-run --settings=tests.settings
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not browser"
	@# Chromium tests drive live servers on the in-memory test database: a run of their own
	@# (beside other files' tests in an xdist worker they met SQLite shared-cache table locks),
	@# in parallel processes too, each holding browser test files only.
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile -m browser

# Parallel test processes (pytest-xdist); each test file runs whole in one of them, so its
# module fixtures are built once. `make test TEST_WORKERS=0` runs in this process.
TEST_WORKERS ?= auto

test-fast: install ## The inner loop: the suite without browser and slow crash tests, in parallel
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not browser and not slow" -q

lint: install ## ruff check
	$(VENV)/bin/ruff check .

format: install ## ruff format and fix
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the accessibility tests (Debian: apt-get install npm)"; exit 1; }
	npm ci --no-audit --no-fund || npm install --no-audit --no-fund
	@touch $@

screenshots: demo ## Phone and desktop screenshots, light and dark, of the reader pages (to screenshots/)
	$(PY) -m tools.screenshots

fonts: install ## Rebuild the Arabic woff2 subsets in static/fonts from Debian's Noto fonts
	$(PY) tools/subset_fonts.py

backup: migrate ## Write everything editors made to backups/newsroom-<time>.json.gz (or FILE=path)
	$(MANAGE) backup $(FILE)

restore: migrate ## Load a backup into an empty, migrated database: make restore FILE=backups/….json.gz
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/newsroom-….json.gz"; exit 2; }
	$(MANAGE) restore $(FILE)

load-test: install ## wrk (64 connections) on gunicorn + task worker: no editor, an editor saving every 1 s, every 100 ms
	$(PY) bench/load_while_editing.py $(ARGS)

import-bench: install ## End-to-end import (until search index and similar stories are done): BASE=0 FILES=10000 ARGS="--base-db FILE"
	$(PY) bench/import_end_to_end.py --base $(or $(BASE),0) --files $(or $(FILES),10000) $(ARGS)

crash-test: install ## kill -9 a 10,000-file import midway, run it again, compare with a clean import
	$(PY) bench/crash_import.py $(ARGS)

WORKERS ?= 2
BIND ?= 127.0.0.1:8000

serve: install ## Production serving: collectstatic, migrate, gunicorn (WORKERS=2, BIND=127.0.0.1:8000); needs DJANGO_SECRET_KEY
	@test -n "$$DJANGO_SECRET_KEY" || { echo "make serve uses the production settings: set DJANGO_SECRET_KEY (and DJANGO_SECURE_SSL_REDIRECT=0 without HTTPS in front) - see README"; exit 1; }
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py migrate --noinput
	$(VENV)/bin/gunicorn newsroom.wsgi:application --workers $(WORKERS) --bind $(BIND) $(GUNICORN_ARGS)

bench: install ## Benchmark: 1k/10k/100k stories, app vs static copy under wrk, import, search, first visit (bench/results/)
	@command -v wrk >/dev/null || { $$(command -v sudo) apt-get update -qq && $$(command -v sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(PY) bench/run.py $(BENCH_ARGS)

clean: ## Remove the virtualenv, the local database and collected static files
	rm -rf $(VENV) db.sqlite3* staticfiles

.venv-attack/.installed: requirements-attack.txt | check-python
	@test -x .venv-attack/bin/python || $(PYTHON) -m venv .venv-attack
	.venv-attack/bin/python -m pip install --quiet -r requirements-attack.txt
	@touch $@

lighthouse: install ## Lighthouse (mobile) on home, story, section/tag and search pages under gunicorn; needs npx (not in CI)
	$(PY) bench/lighthouse.py $(ARGS)

attack: install .venv-attack/.installed ## Bounded sqlmap + wapiti pass on a throw-away local server (not in CI; ≈15 min)
	$(PY) bench/attack.py $(ARGS)
