#!/usr/bin/env python3
"""Render the summary report (report.html and report.md) from the warehouse's marts.

Example:
    python scripts/render_report.py --warehouse warehouse/o2c_billing.duckdb \\
        --out reports --as-of 2024-12-31 --region EMEA
"""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from o2c_tools.report.model import ReportFilters
from o2c_tools.report.rendering import write_report
from o2c_tools.report.sections import build_report
from o2c_tools.report.warehouse import Warehouse, WarehouseError

LOGGER = logging.getLogger("render_report")

# Invalid arguments exit with 2 through parser.error(), as documented in EPILOG.
EXIT_OK = 0
EXIT_WRITE_FAILED = 1
EXIT_WAREHOUSE = 3

EPILOG = """\
exit codes:
  0  report.html and report.md were written
  1  writing the output folder failed (for example no permission or a full disk)
  2  invalid arguments (for example an --as-of date not in YYYY-MM-DD form)
  3  the warehouse file is missing or cannot be opened read-only
"""


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"invalid date {text!r}: expected YYYY-MM-DD, for example 2024-12-31"
        ) from error


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--warehouse",
        type=Path,
        default=Path("warehouse/o2c_billing.duckdb"),
        help="DuckDB file that `make run` built, opened read-only "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("reports"),
        help="folder to write report.html and report.md into, created if missing "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--as-of",
        type=parse_date,
        metavar="YYYY-MM-DD",
        help="keep monthly figures of months that start on or before this date "
        "(default: every month the marts hold; the marts themselves are built as "
        "of the dbt var as_of_date)",
    )
    parser.add_argument(
        "--region",
        metavar="NAME",
        help="show segment tables and charts for this region only, for example "
        "EMEA (default: all regions)",
    )
    parser.add_argument(
        "--source-note",
        metavar="TEXT",
        help="extra line for the footer that names or cites the data source",
    )
    parser.add_argument("--verbose", action="store_true", help="log debug messages")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
    )
    filters = ReportFilters(as_of=args.as_of, region=args.region)
    try:
        warehouse = Warehouse(args.warehouse)
    except WarehouseError as error:
        LOGGER.error("%s", error)
        return EXIT_WAREHOUSE
    try:
        LOGGER.info("Reading the marts of %s", args.warehouse)
        report, maps = build_report(warehouse, filters, args.source_note)
    finally:
        warehouse.close()
    try:
        files = write_report(report, maps, args.out)
    except OSError as error:
        LOGGER.error(
            "Could not write the report into %s: %s. Pass --out with a writable "
            "folder.",
            args.out,
            error,
        )
        return EXIT_WRITE_FAILED
    print(f"Report written: {files.html_path.resolve()}")
    print(f"Markdown summary: {files.markdown_path.resolve()}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
