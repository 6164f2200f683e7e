#!/usr/bin/env python3
"""Build the process-mining marts from a Salesforce export and report time and memory.

Example:
    python scripts/generate_salesforce_export.py --out /tmp/sf_100k \\
        --invoices 100000 --seed 7 --format parquet
    python scripts/benchmark_marts.py --export /tmp/sf_100k
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from o2c_tools.mart_benchmark import render_markdown, run_benchmark

LOGGER = logging.getLogger("benchmark_marts")

EPILOG = """\
The build runs `dbt build` on every model and seed the process-mining marts depend on,
from loading the export to the marts, without data tests, into a fresh DuckDB file.
Time is wall-clock; memory is the peak resident memory of the dbt process.

exit codes:
  0  the build succeeded and the report was printed
  1  the dbt build failed (its log is named in the message)
  2  invalid arguments
"""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--export",
        type=Path,
        required=True,
        help="Salesforce export folder to build from (CSV or Parquet files)",
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        help="folder for the DuckDB file, dbt's target folder and logs "
        "(default: a new temporary folder, kept after the run)",
    )
    args = parser.parse_args(argv)
    if not args.export.is_dir():
        parser.error(f"export folder {args.export} not found")
    return args


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(levelname)s %(name)s: %(message)s"
    )
    args = parse_args(argv)
    work_dir = args.work_dir or Path(tempfile.mkdtemp(prefix="o2c_benchmark_"))
    export_path = args.export.resolve()
    LOGGER.info(
        "building the process-mining marts from %s in %s", export_path, work_dir
    )
    try:
        result = run_benchmark(export_path, work_dir / "benchmark.duckdb", work_dir)
    except RuntimeError as error:
        LOGGER.error("%s", error)
        return 1
    print(render_markdown(result, export_path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
