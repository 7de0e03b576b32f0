# azaf: `make help` lists the targets. `make report` and `make test` set everything up first.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.azaf-installed

.DEFAULT_GOAL := help
.PHONY: help setup chromium report test lint lab list validate clean

help: ## list the targets
	@echo "azaf: the Azerbaijan–Afghanistan report series"
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-9s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "azaf needs Python 3.11 or newer: run make with PYTHON=python3.11")'
	@echo "Setting up: creating $(VENV) and installing azaf and its dependencies (a few minutes the first time) …"
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV). On Debian or Ubuntu: sudo apt-get install python3-venv, then run make again."; exit 1; }
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

setup: $(STAMP) chromium ## create .venv, install azaf, find or install Chromium

chromium: $(STAMP) ## find Chromium for PDFs, or install it (apt-get, else Playwright's)
	@$(BIN)/python -m azaf.chromium --ensure

report: setup ## build the whole series into reports/latest/
	@$(BIN)/azaf build

test: setup ## run the whole test suite: lint, unit and integration tests
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@$(BIN)/python -m pytest

lint: $(STAMP) ## ruff check and format check only
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .

lab: setup ## open JupyterLab on the notebooks, with the project's kernel
	@$(BIN)/jupyter lab --notebook-dir=notebooks

list: $(STAMP) ## the reports and their parameters
	@$(BIN)/azaf list

validate: $(STAMP) ## check data/ and series.yml (no kernel started)
	@$(BIN)/azaf validate

clean: ## remove built reports and caches (keeps .venv)
	rm -rf reports/*/ reports/.*building* .azaf-cache .pytest_cache .ruff_cache
