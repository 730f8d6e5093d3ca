# nnnotes: two commands for a new user (`make serve`, `make test`), and `make site` for CI.
# Every target first makes sure .venv exists with the package and its extras installed
# under constraints.txt; that step is skipped when neither file changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# The numpy-floor environment: the lowest numpy pyproject.toml declares, the library from
# the wheel the build puts in site/dist/, and the test tools (tests/_testenv.py lists them).
FLOOR       := .cache/venv-floor
FLOOR_STAMP := $(FLOOR)/.installed-stamp
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
# Each experiment's result computed once: the figures, the labs of both languages, the
# snippets and the tests of the build and of the checks share .cache/results
# (src/nnnotes/experiments/cache.py; the key holds the code, the arguments and the BLAS
# settings). The snippets' second-kernel and numpy-floor passes do not use it: they recompute.
CACHE_ENV := NNNOTES_RESULT_CACHE=$(CURDIR)/.cache/results
NO_CACHE  := NNNOTES_RESULT_CACHE=
# The snippets' second pass: another OpenBLAS kernel (tests/_testenv.py picks one this CPU
# runs that is not its default; SECOND_KERNEL=name overrides) and two threads, so that a
# number that holds on one machine only fails here too. conftest.py checks that it runs.
SECOND_ENV := OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2
# One language is enough for the snippets' extra passes: tests/test_docs.py proves that
# the Persian and English pages run byte-identical code.
SNIPPETS := docs/en

# make check: what needs no built site (tests marked `site` or `browser` need one).
CHECK_MARKS := not site and not browser
# ... on both cores (pytest-xdist), each test file in one worker; the tests pass in any split.
CHECK_JOBS := -n 2 --dist loadfile
# make test: both cores, tests split between the workers, and a worker that runs out takes
# tests still queued for the other (`worksteal`: the browser tests, over half the session,
# are one file, so `loadfile` would leave them to one worker; `load` left a worker idle
# for 47 of 218 core-seconds at the end, `worksteal` for 13: 109 -> 96 s).
TEST_JOBS := -n 2 --dist worksteal

.PHONY: serve test check test-kernel test-floor browser site bench bench-build budget clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--constraint constraints.txt --editable '.[plot,docs,test]'
	touch $@

$(FLOOR_STAMP): pyproject.toml constraints.txt tests/_testenv.py
	rm -rf $(FLOOR)
	$(PYTHON) -m venv $(FLOOR)
	grep -v '^numpy==' constraints.txt > $(FLOOR)/constraints.txt
	$(PYTHON) tests/_testenv.py floor-requirements > $(FLOOR)/requirements.txt
	$(FLOOR)/bin/python -m pip install --quiet --disable-pip-version-check \
		--constraint $(FLOOR)/constraints.txt --requirement $(FLOOR)/requirements.txt
	touch $@

## serve: build the site and serve it at http://127.0.0.1:8000 with live reload
serve: $(STAMP)
	$(BUILD_ENV) $(CACHE_ENV) $(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

## site: build the site into site/ (what CI deploys)
site: $(STAMP)
	$(BUILD_ENV) $(CACHE_ENV) $(BIN)/mkdocs build --strict --site-dir site

## test: build the site, run the unit tests, the docstring examples, the snippets (one language: the
## parity test in tests/test_docs.py proves the other runs the same code), the site and browser checks;
## then the snippets again under another BLAS kernel, and against the lowest numpy (those two side by
## side, one on each core; each prints its report when it ends)
test: site browser
	$(BUILD_ENV) $(CACHE_ENV) $(BIN)/python -m pytest $(TEST_JOBS) --codeblocks --doctest-modules src/nnnotes tests $(SNIPPETS) $(PYTEST_ARGS)
	@$(MAKE) --no-print-directory --jobs 2 --output-sync=target test-kernel test-floor

## check: the fast loop, no site build: unit tests, docstring examples, the snippets of one language
## and the parity test that covers the other; tests marked site or browser are left out
check: $(STAMP)
	$(BUILD_ENV) $(CACHE_ENV) $(BIN)/python -m pytest $(CHECK_JOBS) --codeblocks --doctest-modules -m "$(CHECK_MARKS)" \
		src/nnnotes tests $(SNIPPETS) $(PYTEST_ARGS)

## test-kernel: the docstring examples and the snippets under another OpenBLAS kernel, two threads
test-kernel: $(STAMP)
	kernel=$$($(BIN)/python tests/_testenv.py other-kernel) && \
	OPENBLAS_CORETYPE=$$kernel $(SECOND_ENV) $(NO_CACHE) $(BIN)/python -m pytest -p no:cacheprovider \
		--codeblocks --doctest-modules src/nnnotes $(SNIPPETS)

## test-floor: the wheel in site/dist/ (make site) installed with the lowest numpy pyproject.toml
## declares; its docstring examples and the snippets run there
test-floor: $(FLOOR_STAMP)
	@set -- site/dist/nnnotes-*-py3-none-any.whl; \
	if [ "$$#" -ne 1 ] || [ ! -f "$$1" ]; then \
		echo "make: want exactly one nnnotes-<version>-py3-none-any.whl in site/dist/ (the site build puts it there;" \
			"run make site); site/dist/ holds: $$(ls site/dist 2>/dev/null | tr '\n' ' ')" >&2; exit 1; \
	fi; \
	echo "$(FLOOR)/bin/python -m pip install --force-reinstall --no-deps $$1"; \
	$(FLOOR)/bin/python -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$$1"
	$(FLOOR)/bin/python -m pip check
	$(BUILD_ENV) $(NO_CACHE) $(FLOOR)/bin/python -m pytest -p no:cacheprovider --doctest-modules --codeblocks \
		--pyargs nnnotes $(SNIPPETS)

## browser: make sure the browser tests find a Chromium (tests/_chromium.py); with none, try Playwright's
browser: $(STAMP)
	@found=$$($(BIN)/python tests/_chromium.py 2>/dev/null) && echo "Chromium for the browser tests: $$found" || { \
		echo "No working Chromium found: installing Playwright's (python -m playwright install chromium)"; \
		$(BIN)/python -m playwright install chromium || \
		echo "make: could not install Playwright's Chromium; the browser tests will say what else works" >&2; }

## bench: print the library's speed figures
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_training_step.py

## bench-build: print how long the site and the checks take (cold build, one-page edit, serve reload,
## make test after a build, make check), each in a temporary copy of this tree
bench-build: $(STAMP)
	$(BIN)/python benchmarks/bench_build.py

## budget: build the site, then audit every page with Lighthouse and axe-core (installed into .cache/budget-node on first use)
budget: site
	$(BIN)/python benchmarks/site_budget.py --site site

clean:
	rm -rf site .cache .pytest_cache .hypothesis
