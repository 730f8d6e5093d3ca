# nnnotes: two commands for a new user (`make serve`, `make test`), and `make site` for CI.
# Every target first makes sure .venv exists with the package and its extras installed
# under constraints.txt; that step is skipped when neither file changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

# Same bytes on every build: dates in the site come from the last commit.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 315532800)
export SOURCE_DATE_EPOCH
export NO_MKDOCS_2_WARNING := 1
export PYTHONHASHSEED := 0
# One BLAS thread for the build and the checks: on two cores, threaded BLAS in
# several processes at once (the build executes labs while rendering figures)
# slows everything down, and one thread keeps float sums in a fixed order.
# `make bench` keeps the machine's default.
BUILD_ENV := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1

.PHONY: serve test site bench budget clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--constraint constraints.txt --editable '.[plot,docs,test]'
	touch $@

## serve: build the site and serve it at http://127.0.0.1:8000 with live reload
serve: $(STAMP)
	$(BUILD_ENV) $(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

## site: build the site into site/ (what CI deploys)
site: $(STAMP)
	$(BUILD_ENV) $(BIN)/mkdocs build --strict --site-dir site

## test: build the site, then run the unit tests, the docstring examples, every snippet in docs/ and the site checks
test: site
	$(BUILD_ENV) $(BIN)/python -m pytest --codeblocks --doctest-modules src/nnnotes tests docs $(PYTEST_ARGS)

## bench: print the library's speed figures
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_training_step.py

## budget: build the site, then audit every page with Lighthouse and axe-core (installed into .cache/budget-node on first use)
budget: site
	$(BIN)/python benchmarks/site_budget.py --site site

clean:
	rm -rf site .cache .pytest_cache .hypothesis
