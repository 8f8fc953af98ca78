# Plan A: `make proposal` builds everything from inputs/, `make test` runs the tests.
# Both set up the virtual environment on first use.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
INPUTS ?= inputs
BUILD  ?= build
AUDIENCE ?= all

# Everything a build reads: a change (or a deleted file, through its folder) makes `proposal` rebuild.
SOURCES := $(shell find $(INPUTS) templates pipeline \( -name __pycache__ -prune \) -o -print 2>/dev/null) pyproject.toml
# The stamp names the inputs folder, so building from other inputs is never mistaken for up to date.
STAMP   := $(BUILD)/.made-from-$(shell printf '%s' '$(abspath $(INPUTS))' | cksum | cut -d' ' -f1)

.DEFAULT_GOAL := help
.PHONY: help setup check proposal review test golden clients bench

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

setup: $(VENV)/.installed ## create .venv and install the project

check: $(VENV)/.installed ## validate inputs and templates, write nothing (AUDIENCE=review allows open items)
	$(PY) -m pipeline check --inputs $(INPUTS) --audience $(AUDIENCE)

proposal: $(STAMP) ## build every output from inputs/ into build/ (nothing to do when nothing changed)

$(STAMP): $(VENV)/.installed $(SOURCES)
	$(PY) -m pipeline build --inputs $(INPUTS) --out $(BUILD)
	touch $@

review: $(VENV)/.installed ## build only the review set (open items allowed)
	rm -f $(BUILD)/.made-from-*
	$(PY) -m pipeline build --inputs $(INPUTS) --out $(BUILD) --audience review

clients: $(VENV)/.installed ## install LibreOffice, poppler, fonts and the test checkers, where missing
	@PY=$(PY) bash scripts/install-clients.sh

test: $(VENV)/.installed clients ## run the whole test suite
	$(PY) -m pytest -q

golden: $(VENV)/.installed ## refresh the golden text files of the documents after an intended change
	PLAN_A_REFRESH_GOLDEN=1 $(PY) -m pytest -q tests/test_golden.py

bench: $(VENV)/.installed ## benchmark speed, memory and growth (some 15 minutes); writes docs/benchmarks.md
	$(PY) -m tools.bench
