# The README's two commands: `make demo` and `make test`. Both create .venv/
# with the pinned dependency set when it is missing.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO := data/demo

export DBT_PROFILES_DIR := $(CURDIR)/profiles
export DBT_SEND_ANONYMOUS_USAGE_STATS := False

.PHONY: demo test lint lint-python orchestration spark

PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check

# The runtime set (make demo), the Dagster graph on top (make orchestration), then the
# development tools (make test).
$(VENV)/.runtime: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.txt
	$(PIP) --no-deps -e .
	touch $@

$(VENV)/.orchestration: $(VENV)/.runtime requirements-orchestration.txt
	$(PIP) -r requirements-orchestration.txt
	touch $@

$(VENV)/.dev: $(VENV)/.orchestration requirements-dev.txt requirements-dev-nodeps.txt
	$(PIP) -r requirements-dev.txt
	$(PIP) --no-deps -r requirements-dev-nodeps.txt
	touch $@

# dbt-spark and pyspark for the feed on Spark (docs/spark.md); make test runs the parity
# test (tests/python/test_spark_parity.py) on a local Spark session.
$(VENV)/.spark: $(VENV)/.dev requirements-spark.txt
	$(PIP) -r requirements-spark.txt
	touch $@

spark: $(VENV)/.spark

# The Dagster asset graph: then .venv/bin/dagster dev -m hodh.orchestration (README).
orchestration: $(VENV)/.orchestration

# A key for runs where HODH_PSEUDONYM_KEY is unset: random, never written down, so the
# pseudonyms of such a run link to nothing. A real run must be given the force's key.
RANDOM_KEY := $(BIN)/python -c 'import secrets; print(secrets.token_hex(32))'
DEMO_KEY_NOTE := HODH_PSEUDONYM_KEY is unset: this run uses a random key, made for it and not kept

# Generate a demo data set and run the whole feed; hodh run prints where the package
# (data/demo/out/<run_id>/) and its report are. Run folders: warehouse/runs/<run_id>/.
demo: $(VENV)/.runtime
	$(BIN)/hodh generate --out $(DEMO)/raw --crimes 20000 --employees 5000 --seed 2010 --dirty 0.02
	@test -n "$$HODH_PSEUDONYM_KEY" || echo "$(DEMO_KEY_NOTE)"
	HODH_PSEUDONYM_KEY="$${HODH_PSEUDONYM_KEY:-$$($(RANDOM_KEY))}" \
		$(BIN)/hodh run --raw $(DEMO)/raw --out $(DEMO)/out

# make lint: ruff, then sqlfluff over the models and dbt tests. make test runs ruff first
# and sqlfluff as a test (tests/python/test_lint.py), on a worker beside the other tests:
# templating every model through dbt takes well over a minute.
lint: lint-python
	$(BIN)/sqlfluff lint models tests/dbt

lint-python: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# make test runs the tests, among them the whole feed end to end on a generated dirty data
# set (tests/python/conftest.py, fixture feed), built here in warehouse/ci, and leaves that
# run's expectation report (GX Data Docs, summary.json) and the dbt docs in ci-artifacts/
# for CI to publish; it prints the gates in one line.
CI := ci-artifacts
CI_WORK := warehouse/ci

test: lint-python $(VENV)/.spark
	rm -rf $(CI) $(CI_WORK)
	HODH_TEST_FEED=$(CURDIR)/$(CI_WORK) $(BIN)/pytest -n 2 --dist loadfile --no-loadscope-reorder \
		--durations=15
	mkdir -p $(CI)
	cp -R $(CI_WORK)/work/*/report $(CI)/expectations
	HODH_DUCKDB_PATH="$$(echo $(CURDIR)/$(CI_WORK)/work/*/hodh.duckdb)" $(BIN)/dbt docs generate \
		--static --quiet --target-path $(CURDIR)/$(CI)/dbt-docs \
		--log-path $(CURDIR)/$(CI_WORK)/docs-logs --vars '{raw_dir: $(CI_WORK)/raw}'
	@$(BIN)/python -c 'import json, sys; print(json.load(open(sys.argv[1]))["headline"])' \
		$(CI)/expectations/summary.json
	@echo "CI artifacts: $(CI)/expectations/index.html, $(CI)/dbt-docs/static_index.html"
