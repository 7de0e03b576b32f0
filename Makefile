# azaf: `make help` lists the targets. `make report` and `make test` set everything up first.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.azaf-installed
# The versions the series was last built and tested with; `make lock` renews them.
LOCK ?= constraints.txt
KERNEL := azaf
# JupyterLab refuses to start as root (containers, CI, many cloud notebooks) unless told.
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.DEFAULT_GOAL := help
.PHONY: help setup kernel chromium validators report test lint lab list validate lock clean

help: ## list the targets
	@echo "azaf: the Azerbaijan–Afghanistan report series"
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-11s%s\n", $$1, $$2}'

$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "azaf needs Python 3.11 or newer: run make with PYTHON=python3.11")'
	@echo "Setting up: creating $(VENV) and installing azaf and its dependencies (a few minutes the first time) …"
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV). On Debian or Ubuntu: sudo apt-get install python3-venv, then run make again."; exit 1; }
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -c $(LOCK) -e '.[dev]'
	@touch $@

setup: $(STAMP) kernel chromium ## create .venv, install azaf (locked versions), kernel, Chromium

kernel: $(STAMP) ## register the Jupyter kernel "azaf" (this .venv) for JupyterLab and papermill
	@# In the environment (found first by this .venv's Jupyter and papermill) and for the user
	@# (offered by a JupyterLab installed elsewhere).
	@$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (azaf)" >/dev/null
	@$(BIN)/python -m ipykernel install --user --name $(KERNEL) --display-name "Python (azaf)" >/dev/null \
	  || echo "Could not register the kernel for your user; JupyterLab from $(VENV) still offers it."
	@echo "Jupyter kernel: $(KERNEL) ($(abspath $(BIN))/python)"

chromium: $(STAMP) ## find Chromium for PDFs, or install it (apt-get, else Playwright's)
	@$(BIN)/python -m azaf.chromium --ensure

report: setup ## build the whole series into reports/latest/
	@$(BIN)/azaf build

validators: ## the HTML checkers the tests run: Java, the Nu validator and axe-core (npm)
	@bash .ci/validators

test: setup validators ## run the whole test suite: lint, unit and integration tests
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@$(BIN)/python -m pytest

lint: $(STAMP) ## ruff check and format check only
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .

lab: setup ## open JupyterLab on the notebooks, with the project's kernel
	@$(BIN)/jupyter lab --notebook-dir=notebooks $(LAB_ROOT)

list: $(STAMP) ## the reports and their parameters
	@$(BIN)/azaf list

validate: $(STAMP) ## check data/ and series.yml (no kernel started)
	@$(BIN)/azaf validate

lock: ## re-resolve the newest allowed versions into constraints.txt (then setup, test, commit)
	@rm -rf $(VENV)-lock
	@$(PYTHON) -m venv $(VENV)-lock
	@$(VENV)-lock/bin/python -m pip install --quiet --upgrade pip
	@$(VENV)-lock/bin/python -m pip install --quiet -e '.[dev]'
	@{ sed -n '/^#/p' $(LOCK); $(VENV)-lock/bin/python -m pip freeze --exclude-editable | LC_ALL=C sort -f; } > $(LOCK).new
	@mv $(LOCK).new $(LOCK)
	@rm -rf $(VENV)-lock
	@echo "Wrote $(LOCK). Next: make setup && make test, update environment.yml's pins, commit."

clean: ## remove built reports and caches (keeps .venv)
	rm -rf reports/*/ reports/.*building* .azaf-cache .pytest_cache .ruff_cache
