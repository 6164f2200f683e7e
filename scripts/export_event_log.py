#!/usr/bin/env python3
"""Write the warehouse's invoice event log as XES, OCEL 2.0 JSON, CSV or Parquet.

Example:
    python scripts/export_event_log.py --format xes --out exports/invoices.xes
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from o2c_tools.event_log_export import (
    FORMATS,
    SUFFIXES,
    EventLogExportError,
    export_event_log,
)

LOGGER = logging.getLogger("export_event_log")

# Invalid arguments exit with 2 through argparse, as documented in EPILOG.
EXIT_OK = 0
EXIT_FAILED = 1

EPILOG = """\
formats:
  xes      XES (IEEE 1849): one trace per invoice with the case attributes, dates
           with a +00:00 offset, missing attributes omitted
  ocel     OCEL 2.0 JSON: invoices, payments, orders and customers as objects
  csv      the data template's columns plus event id, stage, source and sequence,
           so the file can be imported again
  parquet  the same rows with the warehouse column names and types

exit codes:
  0  the file was written
  1  the warehouse is missing, not built, or holds no Salesforce event log
     (a warehouse built with event_log_source=imported has none), or writing
     failed
  2  invalid arguments
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        required=True,
        help="file format to write (see below)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="file to write; parent folders are created (default: "
        "exports/event_log.<xes|jsonocel|csv|parquet>)",
    )
    parser.add_argument(
        "--database",
        type=Path,
        default=Path("warehouse/o2c_billing.duckdb"),
        help="DuckDB warehouse to read, opened read-only (default: %(default)s)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    out = args.out or Path("exports") / f"event_log{SUFFIXES[args.format]}"
    try:
        export_event_log(args.database, out, args.format)
    except (EventLogExportError, OSError) as error:
        LOGGER.error("%s", error)
        return EXIT_FAILED
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
