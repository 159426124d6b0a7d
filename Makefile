# Quick start: `make build` (environment + dbt build on the bundled real panel) and
# `make test` (environment + every test). Both need only Python 3.11 on the PATH.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
export CCD_DUCKDB_PATH ?= $(CURDIR)/warehouse/ccd.duckdb
DBT := $(BIN)/dbt

.PHONY: build test setup setup-test lint docs clean bench

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed

setup-test: $(VENV)/.installed-test

## build: set up and run dbt build (seeds, models, data and unit tests) on the real panel
build: setup
	mkdir -p $(dir $(CCD_DUCKDB_PATH))
	$(DBT) build

## test: set up and run the whole test suite (pytest builds the project itself)
test: setup-test
	$(BIN)/ruff check python
	$(BIN)/ruff format --check python
	$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; \
	exit $$status

## bench: dbt build time and peak memory for synthetic panels of 100-3000 regions
bench: setup
	$(BIN)/python python/benchmarks/bench_panel_scale.py 100 1000 3000

lint: setup-test
	$(BIN)/ruff check python
	$(BIN)/ruff format --check python

clean:
	rm -rf target logs warehouse/*.duckdb warehouse/*.wal
