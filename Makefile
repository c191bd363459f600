# Two commands on a fresh machine with Python 3.11+ and make:
#   make demo   checks the bundled example plan as of its own day and renders every view of it
#               for every reader who may see it, in every format, into ./recoveryplan-demo/
#   make test   runs the quality gates (ruff, mypy) and the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PLUGINS := $(wildcard plugins/*/pyproject.toml)

.PHONY: demo test lint typecheck pytest bench spark-test slow-test browser-test translations clean

$(STAMP): pyproject.toml $(PLUGINS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[all]' $(foreach p,$(PLUGINS),-e $(dir $(p)))
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/recoveryplan demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Two worker processes, as for the tests: on a fresh clone (no cache) the check takes about
# two thirds of the time it takes in one process. tests/unit/test_docs_typed.py then reads the
# same cache, so typecheck runs before pytest rather than beside it.
typecheck: $(STAMP)
	$(BIN)/mypy --num-workers 2

# Two worker processes (pytest-xdist): the suite is CPU-bound and CI has two cores.
pytest: $(STAMP)
	$(BIN)/pytest -n 2

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

# The caseload indicators' SQL on Spark SQL (pyspark and Java 17; 60-90 s, so not in test).
spark-test: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[spark]'
	RECOVERYPLAN_SPARK_TESTS=1 $(BIN)/pytest tests/unit/test_caseload_spark.py

# The store under load with the full counts: 8 processes x 200 saves to one plan and repeated
# kill -9 mid-save, on SQLite and on a PostgreSQL server the tests start (a few minutes; make
# test runs the same tests with small counts); and every PDF copy of the reference and the
# five-year plan measured for mostly empty pages (two minutes; make test prints a dozen); and
# the property tests of a plugin new-plugin writes and of the plugin guide's test file, each
# run in the installed plugin's own pytest (a minute or two; make test runs their other tests).
slow-test: $(STAMP)
	RECOVERYPLAN_SLOW_TESTS=1 $(BIN)/pytest tests/unit/test_store.py -k "concurrent or killed"
	RECOVERYPLAN_SLOW_TESTS=1 $(BIN)/pytest tests/unit/test_printed_pages.py
	RECOVERYPLAN_SLOW_TESTS=1 $(BIN)/pytest tests/plugins/test_new_plugin.py tests/plugins/test_testing.py -k "installs or guide"

# Extract the templates' words into src/recoveryplan/locale/recoveryplan.pot, bring each
# language's .po up to date with it and compile the .mo files the package ships
# (docs/languages.md: adding or correcting a translation).
translations: $(STAMP)
	$(BIN)/python scripts/translations.py
# The web app in Chromium through Playwright: the person's walk, a worker, a circle member,
# two people at once and an axe-core crawl of every page (about 30 s, so not in test).
browser-test: $(STAMP)
	RECOVERYPLAN_WEB_BROWSER_TESTS=1 $(BIN)/pytest -m web_browser tests/browser

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis recoveryplan-demo
