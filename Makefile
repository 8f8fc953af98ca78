# Plan A: `make proposal` builds everything from inputs/, `make test` runs the tests.
# Both set up the virtual environment on first use.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
INPUTS ?= inputs
BUILD  ?= build

.DEFAULT_GOAL := help

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

.PHONY: help setup check proposal review test golden
help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

setup: $(VENV)/.installed ## create .venv and install the project

check: $(VENV)/.installed ## validate inputs and templates, write nothing
	$(PY) -m pipeline check --inputs $(INPUTS)

proposal: $(VENV)/.installed ## build every output from inputs/ into build/
	$(PY) -m pipeline build --inputs $(INPUTS) --out $(BUILD)

review: $(VENV)/.installed ## build only the review set (open items allowed)
	$(PY) -m pipeline build --inputs $(INPUTS) --out $(BUILD) --audience review

test: $(VENV)/.installed ## run the whole test suite
	$(PY) -m pytest -q

golden: $(VENV)/.installed ## refresh the golden text files of the documents after an intended change
	PLAN_A_REFRESH_GOLDEN=1 $(PY) -m pytest -q tests/test_golden.py
