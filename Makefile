# The README's two commands: `make demo` and `make test`. Both create .venv/
# with the pinned dependency set when it is missing.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO := data/demo

export DBT_PROFILES_DIR := $(CURDIR)/profiles
export DBT_SEND_ANONYMOUS_USAGE_STATS := False

.PHONY: demo test lint

$(BIN)/hodh: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

demo: $(BIN)/hodh
	$(BIN)/hodh generate --out $(DEMO)/raw --crimes 20000 --employees 5000 --seed 2010 --dirty 0.02
	$(BIN)/dbt seed --quiet
	$(BIN)/dbt build --vars '{raw_dir: $(DEMO)/raw}'
	@echo "Demo raw data: $(DEMO)/raw; warehouse: warehouse/hodh.duckdb"

lint: $(BIN)/hodh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint models tests/dbt

test: lint
	$(BIN)/pytest
