# o2c_billing: build the warehouse from a Salesforce export, and test the project.
# `make help` lists the targets.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-requirements

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

DBT := DBT_PROFILES_DIR=$(CURDIR) $(BIN)/dbt

.DEFAULT_GOAL := help
.PHONY: help install run report test test-duckdb lint format dbt-test pytest browser sample docs clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(INSTALLED): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

install: $(INSTALLED) ## Create .venv and install the pinned requirements

run: $(INSTALLED) ## Build the warehouse from INPUT (export folder, template .csv/.xlsx or XES log; default: the bundled sample) and render the report
	@mkdir -p $(dir $(WAREHOUSE))
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

test: lint dbt-test pytest ## Lint SQL and Python, build and test the dbt project, run pytest

test-duckdb: test ## The same tests on DuckDB alone (the only engine so far)

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

clean: ## Remove build output (keeps .venv)
	rm -rf target dbt_packages logs warehouse reports
