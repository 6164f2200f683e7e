#!/usr/bin/env python3
"""Generate a deterministic Salesforce Billing export for the o2c_billing project.

Example:
    python scripts/generate_salesforce_export.py --out data/sample --invoices 2000 \\
        --seed 20240101 --overwrite
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from o2c_tools.export_generator import (
    GeneratorConfig,
    generate_export,
    output_files,
)
from o2c_tools.export_writer import CSV, FORMATS

LOGGER = logging.getLogger("generate_salesforce_export")

# Invalid arguments exit with 2 through parser.error(), as documented in EPILOG.
EXIT_OK = 0
EXIT_FAILED = 1

EPILOG = """\
exit codes:
  0  the export and manifest.json were written
  1  writing failed (for example a full disk or a missing pyarrow for parquet)
  2  invalid arguments: an invoice or month count below 1, an unknown format, an
     invalid start date, or a non-empty output folder without --overwrite
"""


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid number {text!r}: use a whole number"
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"invalid value {value}: use 1 or more")
    return value


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid date {text!r}: use YYYY-MM-DD, e.g. 2024-01-01"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    """Build the command-line parser."""
    parser = argparse.ArgumentParser(
        description=(
            "Write a simulated Salesforce Sales Cloud + Salesforce Billing export "
            "(one file per object plus manifest.json). The same arguments always "
            "produce byte-identical files."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--out",
        required=True,
        type=Path,
        help="output folder; created if missing, must be empty unless --overwrite",
    )
    parser.add_argument(
        "--invoices",
        required=True,
        type=_positive_int,
        help="number of simulated invoices (1 or more); accounts are 15%% of it",
    )
    parser.add_argument(
        "--seed",
        required=True,
        type=int,
        help="integer seed of the random generator; same seed, same files",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=CSV,
        help="file format: csv (default) or parquet (string columns, empty as null)",
    )
    parser.add_argument(
        "--start-date",
        type=_iso_date,
        default=date(2024, 1, 1),
        help="first day (YYYY-MM-DD, UTC) of the invoice window; default 2024-01-01",
    )
    parser.add_argument(
        "--months",
        type=_positive_int,
        default=12,
        help=(
            "length in calendar months of the invoice window; the extraction is 30 "
            "days and 6 hours after it ends; default 12"
        ),
    )
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help=(
            "allow a non-empty output folder; replaces only the files this script "
            "writes (both formats' object files and manifest.json)"
        ),
    )
    return parser


def _prepare_folder(
    parser: argparse.ArgumentParser, folder: Path, overwrite: bool
) -> None:
    """Create the folder, or delete this script's files from it when overwriting."""
    if folder.exists() and not folder.is_dir():
        parser.error(f"output path {str(folder)!r} is a file: pass a folder to --out")
    if folder.is_dir() and any(folder.iterdir()):
        if not overwrite:
            parser.error(
                f"output folder {str(folder)!r} is not empty: pass --overwrite to "
                "replace its export files, or choose an empty folder"
            )
        # Remove both formats so a folder never mixes files of two runs.
        for file_format in FORMATS:
            for name in output_files(file_format):
                (folder / name).unlink(missing_ok=True)
    folder.mkdir(parents=True, exist_ok=True)


def main(argv: list[str] | None = None) -> int:
    """Run the generator and return the process exit code."""
    logging.basicConfig(
        level=logging.INFO, format="%(levelname)s %(name)s: %(message)s"
    )
    parser = build_parser()
    arguments = parser.parse_args(argv)
    _prepare_folder(parser, arguments.out, arguments.overwrite)
    config = GeneratorConfig(
        out_dir=arguments.out,
        invoices=arguments.invoices,
        seed=arguments.seed,
        file_format=arguments.format,
        start_date=arguments.start_date,
        months=arguments.months,
    )
    started = time.perf_counter()
    try:
        summary = generate_export(config)
    except (OSError, ImportError) as error:
        LOGGER.error("failed to write the export to %s: %s", arguments.out, error)
        return EXIT_FAILED
    LOGGER.info(
        "wrote %d files with %d rows to %s in %.1f s (extracted_at %s)",
        len(summary.files),
        summary.total_rows,
        summary.out_dir,
        time.perf_counter() - started,
        summary.extracted_at,
    )
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
