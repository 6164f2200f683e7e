# o2c_billing: build the warehouse from a Salesforce export, and test the project.
# `make help` lists the targets.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-requirements
ENGINES_INSTALLED := $(VENV)/.installed-engines

# What `make run` builds from: a Salesforce export folder (one <ApiName>.csv per
# object), or an event log file, either a filled data template (.csv, .xlsx) or an
# XES log (.xes, .xes.gz), which scripts/import_event_log.py loads first.
INPUT ?= data/sample
# Extra footer line of the report, such as the citation of a public log.
SOURCE_NOTE ?=
# DuckDB file that `make run` builds.
WAREHOUSE ?= warehouse/o2c_billing.duckdb
# DuckDB file that `make test` builds, kept apart from the one of `make run`.
TEST_WAREHOUSE ?= warehouse/test.duckdb
# Folder that `make run` writes report.html and report.md into.
REPORTS ?= reports
# Folder of the local Spark's metastore and tables.
SPARK_DIR := $(CURDIR)/warehouse/spark

DBT := DBT_PROFILES_DIR=$(CURDIR) $(BIN)/dbt

.DEFAULT_GOAL := help
.PHONY: help install run report test test-duckdb test-engines test-postgres test-spark lint format dbt-test pytest browser sample docs benchmark clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'
	@echo ""
	@echo "Variables: INPUT (export folder or event-log file, default data/sample),"
	@echo "  WAREHOUSE (DuckDB file of make run), REPORTS (report folder),"
	@echo "  SOURCE_NOTE (extra footer line), EXPORT (export folder of make benchmark)."
	@echo "Example: make run INPUT=path/to/export WAREHOUSE=warehouse/mine.duckdb"

$(INSTALLED): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

$(ENGINES_INSTALLED): requirements-engines.txt $(INSTALLED)
	$(BIN)/python -m pip install --quiet -r requirements-engines.txt
	@touch $@

install: $(INSTALLED) ## Create .venv and install the pinned requirements

run: $(INSTALLED) ## Build the warehouse from INPUT (export folder, template .csv/.xlsx or XES log; default: the bundled sample) and render the report
	@mkdir -p $(dir $(WAREHOUSE))
	@if [ ! -e "$(INPUT)" ]; then \
		echo "INPUT not found: $(INPUT). Give a Salesforce export folder (one <ApiName>.csv per object) or an event-log file (.csv, .xlsx, .xes, .xes.gz)." >&2; \
		exit 2; \
	fi
	@if [ -f "$(INPUT)" ]; then \
		$(BIN)/python scripts/import_event_log.py "$(INPUT)" --database "$(WAREHOUSE)" || exit $$?; \
		O2C_DUCKDB_PATH=$(WAREHOUSE) $(DBT) build --vars '{event_log_source: imported}' || exit $$?; \
	else \
		O2C_DUCKDB_PATH=$(WAREHOUSE) $(DBT) build --vars '{salesforce_export_path: "$(INPUT)"}' || exit $$?; \
	fi
	$(BIN)/python scripts/render_report.py --warehouse $(WAREHOUSE) --out $(REPORTS) $(if $(SOURCE_NOTE),--source-note "$(SOURCE_NOTE)")
	@echo ""
	@echo "Warehouse built: $(abspath $(WAREHOUSE))"
	@echo "Open the report: $(abspath $(REPORTS))/report.html"

report: $(INSTALLED) ## Render the report again from the warehouse of `make run`
	$(BIN)/python scripts/render_report.py --warehouse $(WAREHOUSE) --out $(REPORTS)

browser: ## Install Debian's chromium for the browser test (needs root)
	bash scripts/install_browser.sh

test: lint dbt-test test-postgres test-spark pytest ## Lint; build, test and compare on DuckDB, PostgreSQL and Spark; pytest

test-duckdb: lint dbt-test pytest ## Fast local loop: lint, DuckDB build and tests, pytest

test-engines: test-postgres test-spark ## Build and test on PostgreSQL and Spark, compare marts with DuckDB's

test-postgres: $(ENGINES_INSTALLED) dbt-test ## Build and test on a local PostgreSQL, compare its marts with DuckDB's
	@start=$$(date +%s); eval "$$(bash scripts/engines/start_postgres.sh)" && \
	$(BIN)/python scripts/load_raw_tables.py postgres --export data/sample && \
	$(DBT) build --target postgres --target-path target/postgres --vars '{salesforce_export_path: "data/sample"}' && \
	$(BIN)/python scripts/compare_engines.py postgres --duckdb $(TEST_WAREHOUSE) --manifest target/postgres/manifest.json && \
	echo "test-postgres: passed in $$(( $$(date +%s) - start )) s"

test-spark: $(ENGINES_INSTALLED) dbt-test ## Build and test on a local Spark, compare its marts with DuckDB's
	@start=$$(date +%s); bash scripts/engines/setup_spark.sh && export O2C_SPARK_DIR=$(SPARK_DIR) && \
	$(BIN)/python scripts/load_raw_tables.py spark --export data/sample && \
	$(DBT) build --target spark --target-path target/spark --vars '{salesforce_export_path: "data/sample"}' && \
	$(BIN)/python scripts/compare_engines.py spark --duckdb $(TEST_WAREHOUSE) --manifest target/spark/manifest.json && \
	echo "test-spark: passed in $$(( $$(date +%s) - start )) s"

lint: $(INSTALLED) ## Lint SQL with sqlfluff and Python with ruff
	O2C_DUCKDB_PATH=:memory: $(BIN)/sqlfluff lint models tests analyses
	$(BIN)/ruff check scripts tests
	$(BIN)/ruff format --check scripts tests

format: $(INSTALLED) ## Fix SQL and Python formatting in place
	O2C_DUCKDB_PATH=:memory: $(BIN)/sqlfluff fix models tests analyses
	$(BIN)/ruff format scripts tests

dbt-test: $(INSTALLED) ## Build and test the dbt project on the bundled sample
	@mkdir -p $(dir $(TEST_WAREHOUSE))
	O2C_DUCKDB_PATH=$(TEST_WAREHOUSE) $(DBT) build --vars '{salesforce_export_path: "data/sample"}'

pytest: $(INSTALLED) browser ## Run the Python tests (they run dbt on their own small exports)
	$(BIN)/python -m pytest

sample: $(INSTALLED) ## Regenerate the bundled sample in data/sample
	$(BIN)/python scripts/generate_salesforce_export.py --out data/sample --invoices 2000 --seed 20240101 --overwrite

docs: $(INSTALLED) ## Generate the dbt documentation site into target/
	O2C_DUCKDB_PATH=$(WAREHOUSE) $(DBT) docs generate

benchmark: $(INSTALLED) ## Time the process-mining marts on EXPORT (a generated export folder)
	@test -n "$(EXPORT)" || { echo "Set EXPORT to a generated export folder, for example: make benchmark EXPORT=/tmp/sf_100k (see docs/benchmarks.md)" >&2; exit 2; }
	$(BIN)/python scripts/benchmark_marts.py --export $(EXPORT)

clean: ## Stop the local PostgreSQL and remove build output (keeps .venv)
	-bash scripts/engines/stop_postgres.sh
	rm -rf target dbt_packages logs warehouse reports
