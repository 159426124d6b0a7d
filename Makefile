# Quick start: `make build` (environment + dbt build on the bundled real panel) and
# `make test` (environment + every test). Both need only Python 3.11 on the PATH.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
export CCD_DUCKDB_PATH ?= $(CURDIR)/warehouse/ccd.duckdb
DBT := $(BIN)/dbt

.PHONY: build test setup setup-test setup-browser lint docs export clean bench \
	report report-zh setup-cjk-font

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
test: setup-test setup-browser
	$(BIN)/ruff check python
	$(BIN)/ruff format --check python
	$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; \
	exit $$status

## bench: dbt build time and peak memory for synthetic panels of 100-3000 regions
bench: setup
	$(BIN)/python python/benchmarks/bench_panel_scale.py 100 1000 3000

## setup-browser: Debian's chromium and chromedriver for the docs browser test (as root)
setup-browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  if [ "$$(id -u)" -ne 0 ]; then \
	    echo "chromium or chromedriver is missing: run 'sudo make setup-browser'"; \
	    exit 1; \
	  fi; \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
	    chromium chromium-driver; \
	fi

## docs: build the project, then the lineage docs as one HTML file: docs/site/index.html
docs: build
	$(DBT) docs generate --static
	mkdir -p docs/site
	cp target/static_index.html docs/site/index.html
	@echo "Lineage docs: $(CURDIR)/docs/site/index.html (open it in a browser)"

## export: the published marts as Parquet and UTF-8 (BOM) CSV files in exports/
export: setup
	$(BIN)/python -m ccdkit.export --duckdb $(CCD_DUCKDB_PATH) --schema marts \
	  --out exports

## report: figures (PNG, SVG), paper tables (CSV, XLSX) and report.html in reports/
report: setup
	$(BIN)/python -m ccdkit.report --duckdb $(CCD_DUCKDB_PATH) --schema marts \
	  --out reports

## report-zh: the same report with Chinese labels in reports/zh (needs a CJK font)
report-zh: setup setup-cjk-font
	$(BIN)/python -m ccdkit.report --duckdb $(CCD_DUCKDB_PATH) --schema marts \
	  --out reports/zh --lang zh

## setup-cjk-font: Debian's fonts-wqy-microhei, only if no CJK font is installed (as root)
setup-cjk-font:
	@if ! fc-list :lang=zh 2>/dev/null | grep -q . && \
	  ! dpkg -s fonts-noto-cjk >/dev/null 2>&1 && \
	  ! dpkg -s fonts-wqy-microhei >/dev/null 2>&1; then \
	  if [ "$$(id -u)" -ne 0 ]; then \
	    echo "no CJK font: run 'sudo make setup-cjk-font' (installs fonts-wqy-microhei)"; \
	    exit 1; \
	  fi; \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
	    fonts-wqy-microhei; \
	fi

lint: setup-test
	$(BIN)/ruff check python
	$(BIN)/ruff format --check python

clean:
	rm -rf target logs warehouse/*.duckdb warehouse/*.wal
