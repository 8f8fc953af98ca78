# Plan A: `make proposal` builds everything from inputs/, `make test` runs the tests.
# Both set up the virtual environment on first use.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
INPUTS ?= inputs
BUILD  ?= build
AUDIENCE ?= all
PDF    ?= yes
NO_PDF := $(if $(filter no,$(PDF)),--no-pdf)

# The folders reach the recipes as environment variables, which the shell quotes: paths may hold spaces.
export PLAN_A_INPUTS := $(INPUTS)
export PLAN_A_BUILD := $(BUILD)
export PLAN_A_NEW := $(MAP)
# In the build folder: the hash of everything the build read (pipeline/stamp.py), compared by content.
STAMP := .made-from-sources

.DEFAULT_GOAL := help
.PHONY: help setup nieuw check proposal review verzenden reacties test golden clients bench

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m compileall -q pipeline  # as pip does for an installed package: no start compiles them again
	touch $@

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

setup: $(VENV)/.installed ## create .venv and install the project

# `make nieuw MAP=../ons-traject [DAGEN=3] [JAREN=2027,2028]`; the folder reaches the recipe as PLAN_A_NEW.
nieuw: $(VENV)/.installed ## write a blank input set into a new folder: MAP=dir [DAGEN=n] [JAREN=2027,2028]
	@if [ -z "$$PLAN_A_NEW" ]; then \
		echo "gebruik: make nieuw MAP=../ons-traject [DAGEN=3] [JAREN=2027,2028]" >&2; exit 64; fi
	$(PY) -m pipeline new "$$PLAN_A_NEW" $(if $(DAGEN),--dagen '$(DAGEN)') $(if $(JAREN),--jaren '$(JAREN)')

check: $(VENV)/.installed ## validate inputs and templates, write nothing (AUDIENCE=review allows open items)
	$(PY) -m pipeline check --inputs "$$PLAN_A_INPUTS" --audience '$(AUDIENCE)'

proposal: $(VENV)/.installed ## build every output from inputs/ into build/ (only when something changed; PDF=no: no PDFs)
	@sources=$$($(PY) -m pipeline.stamp "$$PLAN_A_INPUTS" $(NO_PDF)) && \
	if [ "$$sources" = "$$(cat "$$PLAN_A_BUILD/$(STAMP)" 2>/dev/null)" ]; then \
		echo "niets te doen: $$PLAN_A_BUILD is gemaakt van precies deze invoer, sjablonen en Plan A"; \
	else \
		echo "$(PY) -m pipeline build --inputs \"$$PLAN_A_INPUTS\" --out \"$$PLAN_A_BUILD\" $(NO_PDF)"; \
		$(PY) -m pipeline build --inputs "$$PLAN_A_INPUTS" --out "$$PLAN_A_BUILD" $(NO_PDF) && \
		echo "$$sources" > "$$PLAN_A_BUILD/$(STAMP)"; \
	fi

# After it, build/ no longer is what the stamp says: the next `make proposal` builds again.
review: $(VENV)/.installed ## build only the review set (open items allowed)
	$(PY) -m pipeline build --inputs "$$PLAN_A_INPUTS" --out "$$PLAN_A_BUILD" --audience review $(NO_PDF)
	rm -f "$$PLAN_A_BUILD"/.made-from-*

# The review round trip: the only targets that write into the inputs folder, and they only add.
verzenden: $(VENV)/.installed ## build the review set and record what was sent in inputs/verzonden/ (OPNIEUW=1: again)
	$(PY) -m pipeline send --inputs "$$PLAN_A_INPUTS" --out "$$PLAN_A_BUILD" $(NO_PDF) $(if $(filter 1 ja yes,$(OPNIEUW)),--again)
	rm -f "$$PLAN_A_BUILD"/.made-from-*

reacties: $(VENV)/.installed ## add the comments and changes of the returned copies (inputs/reacties/) to inputs/reacties.xlsx
	$(PY) -m pipeline reactions --inputs "$$PLAN_A_INPUTS"

clients: $(VENV)/.installed ## install LibreOffice, poppler, fonts and the test checkers, where missing
	@PY=$(PY) bash scripts/install-clients.sh

test: $(VENV)/.installed clients ## check the import contracts, then run the whole test suite on every core
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m compileall -q pipeline tests  # up to date: the builds the tests start compile nothing again
	$(PY) -m pytest -q -n auto --dist loadfile --no-loadscope-reorder

golden: $(VENV)/.installed ## refresh the golden text files of the documents after an intended change
	PLAN_A_REFRESH_GOLDEN=1 $(PY) -m pytest -q tests/test_golden.py

bench: $(VENV)/.installed ## benchmark speed, memory and growth (some 15 minutes); writes docs/benchmarks.md
	$(PY) -m tools.bench
