# adilkent — the commands. `make demo` and `make test` work from a fresh clone on Debian/Ubuntu
# with Python >= 3.11: everything else (uv, the Python packages, Chromium, PostgreSQL for the
# tests) is installed on the way. The logic lives in scripts/*.sh; this file only names it.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# `pip install --user uv` puts uv here; keep it on PATH for every recipe.
USER_BIN := $(shell python3 -m site --user-base 2>/dev/null || echo $(HOME)/.local)/bin
export PATH := $(USER_BIN):$(PATH)

UV_RUN := uv run --frozen
MANAGE := $(UV_RUN) python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Extra pytest arguments for the test targets, e.g. make test-sqlite PYTEST_ARGS="-x -k home"
PYTEST_ARGS ?=
export PYTEST_ARGS

.PHONY: help deps demo demo-data demo-staff demo-codes serve test test-sqlite test-postgres \
	test-browser fuzz lint format pg-start pg-stop clean prod-local prod-local-stop test-prod

help: ## list the targets
	@awk 'BEGIN { FS = ":.*## " } /^[a-z-]+:.*## / { printf "  make %-14s %s\n", $$1, $$2 }' \
		$(MAKEFILE_LIST)

deps: ## install uv if missing, then the locked dependencies into .venv
	@source scripts/lib.sh && sync_deps

demo: demo-data ## fresh clone to running demo: data, the staff accounts and their codes (printed), the server
	$(MANAGE) create_demo_staff
	@echo "==> adilkent on http://$(HOST):$(PORT)/ (staff pages: http://$(HOST):$(PORT)/tr/admin/); Ctrl-C stops it"
	bash scripts/serve.sh $(HOST) $(PORT)

demo-data: deps ## build the SQLite database (var/): the real İzmir data, the seeds' programmes; prints the import report
	$(MANAGE) migrate --noinput
	$(MANAGE) demo_data

demo-staff: deps ## create or reset the demo staff accounts and print their passwords and codes
	$(MANAGE) create_demo_staff

demo-codes: deps ## print the current six-digit code of each demo staff account
	$(MANAGE) demo_codes

serve: deps ## run the web server and the background-job worker on the existing database
	bash scripts/serve.sh $(HOST) $(PORT)

test: ## lint, then the whole suite on SQLite, then on a throwaway PostgreSQL (browser tests included)
	bash scripts/test.sh all

test-sqlite: ## the whole suite on SQLite
	bash scripts/test.sh sqlite

test-postgres: ## the whole suite on a throwaway PostgreSQL cluster (started and removed)
	bash scripts/test.sh postgres

fuzz: ## property and schema tests with fresh random examples (HYPOTHESIS_PROFILE=fuzz), not part of make test
	bash scripts/test.sh fuzz

test-prod: ## only the tests through nginx on the production setup (scripts/prod-local.sh with its own ports)
	bash scripts/test.sh prod

prod-local: ## the production setup on this machine: nginx (TLS) + 2 gunicorn + 2 workers + scheduler on PostgreSQL and Redis
	bash scripts/prod-local.sh start

prod-local-stop: ## stop prod-local and remove its database and files
	bash scripts/prod-local.sh stop

test-browser: ## only the browser tests (Playwright + Debian's Chromium), on SQLite
	bash scripts/test.sh browser

lint: deps ## ruff check, ruff format --check, mypy
	bash scripts/lint.sh

format: deps ## apply ruff's fixes and formatting
	$(UV_RUN) ruff check --fix .
	$(UV_RUN) ruff format .

pg-start: ## start a throwaway PostgreSQL for manual use; prints its DATABASE_URL
	@bash scripts/pg-test-cluster.sh start

pg-stop: ## stop and delete the cluster started by pg-start
	@bash scripts/pg-test-cluster.sh stop

clean: ## remove caches and test artefacts (keeps var/ and .venv)
	rm -rf test-artifacts .pytest_cache .mypy_cache .ruff_cache
	find src tests -name __pycache__ -type d -prune -exec rm -rf {} +
