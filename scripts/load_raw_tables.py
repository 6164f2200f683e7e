"""Load a Salesforce export folder into the raw tables of PostgreSQL or a local Spark.

The DuckDB target loads the export itself when dbt starts. The targets postgres and
spark read tables that must exist before dbt runs: this script creates them with the
same names and columns as the DuckDB loader (schema raw_salesforce, one text column per
registered field). With --event-log-duckdb it also copies an event log that
scripts/import_event_log.py loaded into a DuckDB file (schema raw_event_log).

Connection settings come from the environment, as in profiles.yml: O2C_PG_HOST,
O2C_PG_PORT, O2C_PG_USER, O2C_PG_PASSWORD, O2C_PG_DBNAME for postgres; O2C_SPARK_DIR for
spark (run from the project folder, as dbt is, when it is a relative path).

Exit codes: 0 loaded, 1 the export or the engine could not be used (the error message
names the cause), 2 invalid arguments.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from o2c_tools.engines import ENGINES, PostgresSettings, write_postgres, write_spark
from o2c_tools.raw_export import ExportError, read_duckdb_schema, read_export
from o2c_tools.salesforce_registry import load_registry

LOGGER = logging.getLogger("load_raw_tables")

EVENT_LOG_SCHEMA = "raw_event_log"
EVENT_LOG_TABLES = ["events", "cases"]


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Exit codes: 0 loaded, 1 failed (see the message), 2 invalid arguments.",
    )
    parser.add_argument("engine", choices=ENGINES, help="engine to load into")
    parser.add_argument(
        "--export",
        default="data/sample",
        help="Salesforce export folder, one <ApiName>.csv or .parquet per object; "
        "give it as the dbt var salesforce_export_path is given, because the raw "
        "column _source_file repeats it (default: data/sample)",
    )
    parser.add_argument(
        "--empty-export",
        action="store_true",
        help="create every raw_salesforce table without rows and read no folder, as "
        "the DuckDB loader does when the var event_log_source is imported",
    )
    parser.add_argument(
        "--event-log-duckdb",
        type=Path,
        help="DuckDB file whose raw_event_log.events and raw_event_log.cases (written "
        "by scripts/import_event_log.py) are copied too",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    arguments = parse_arguments(argv)
    started = time.monotonic()
    try:
        tables = read_export(
            load_registry(), arguments.export, empty=arguments.empty_export
        )
        if arguments.event_log_duckdb is not None:
            tables += read_duckdb_schema(
                arguments.event_log_duckdb, EVENT_LOG_SCHEMA, EVENT_LOG_TABLES
            )
        if arguments.engine == "postgres":
            write_postgres(tables, PostgresSettings.from_environment())
        else:
            write_spark(tables)
    except (ExportError, ConnectionError, ImportError, ValueError) as error:
        LOGGER.error("%s", error)
        return 1
    LOGGER.info(
        "Loaded %d tables into %s in %.1f s",
        len(tables),
        arguments.engine,
        time.monotonic() - started,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
