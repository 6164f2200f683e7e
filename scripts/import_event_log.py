#!/usr/bin/env python3
"""Load an event log into the warehouse for the dbt var event_log_source = imported.

Example:
    python scripts/import_event_log.py path/to/log.xes.gz
    dbt build --vars '{event_log_source: imported}'
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from o2c_tools.event_log_import import (
    SCHEMA,
    EventLogImportError,
    format_summary,
    import_event_log,
)
from o2c_tools.xes import XesFormatError

LOGGER = logging.getLogger("import_event_log")

# Invalid arguments exit with 2 through argparse, as documented in EPILOG.
EXIT_OK = 0
EXIT_FAILED = 1

EPILOG = f"""\
The tables {SCHEMA}.events, cases, rejected_rows and import_summary are replaced in
one transaction; a failed import leaves the previous log in place.

exit codes:
  0  the log was loaded (rejected rows, if any, are listed and kept in
     {SCHEMA}.rejected_rows)
  1  nothing was loaded: the file is missing, unreadable or of an unknown type, its
     header lacks a required column, no row is valid, or --strict found a
     rejected row
  2  invalid arguments
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "input",
        type=Path,
        help="event log to load: a filled data template (.csv or .xlsx, see "
        "templates/) or an XES log (.xes, or gzipped .xes.gz)",
    )
    parser.add_argument(
        "--database",
        type=Path,
        default=Path("warehouse/o2c_billing.duckdb"),
        help="DuckDB warehouse file to load into; created when absent "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="load nothing when any row is rejected (default: load the valid rows)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    try:
        summary = import_event_log(args.input, args.database, strict=args.strict)
    except (EventLogImportError, XesFormatError) as error:
        LOGGER.error("%s", error)
        return EXIT_FAILED
    print(format_summary(summary, args.database))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
