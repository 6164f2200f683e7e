"""Compare every mart that PostgreSQL or Spark built with the one DuckDB built.

Run after `dbt build` on DuckDB and on the other engines, from the same export. The
marts are the models under models/marts/ in dbt's manifest. Prints one line per engine
and mart:
  PASS <engine> <mart> <rows>
  FAIL <engine> <mart> <first difference>
Rows are sorted by all columns; timestamps may differ by 1 ms, amounts by less than half
a cent, floats by a relative 1e-9.

Exit codes: 0 every mart matches, 1 a mart differs or a table could not be read,
2 invalid arguments.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from o2c_tools.engine_compare import Comparison, TableData, compare_tables, list_marts
from o2c_tools.engines import (
    ENGINES,
    PostgresSettings,
    read_duckdb_tables,
    read_postgres_tables,
    read_spark_tables,
)

LOGGER = logging.getLogger("compare_engines")


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Exit codes: 0 all marts match, 1 a difference or a read error, "
        "2 invalid arguments.",
    )
    parser.add_argument(
        "engines", nargs="+", choices=ENGINES, help="engines to compare with DuckDB"
    )
    parser.add_argument(
        "--duckdb",
        required=True,
        help="DuckDB file that dbt built (the value of O2C_DUCKDB_PATH for that run)",
    )
    parser.add_argument(
        "--manifest",
        type=Path,
        default=Path("target/manifest.json"),
        help="dbt manifest that lists the marts (default: target/manifest.json)",
    )
    return parser.parse_args(argv)


def compare_mart(
    expected: TableData | str, actual: TableData | str, engine: str
) -> Comparison:
    """Compare one mart, or report which side could not be read."""
    if isinstance(expected, str):
        return Comparison(False, 0, f"cannot read the DuckDB table: {expected}")
    if isinstance(actual, str):
        return Comparison(False, 0, f"cannot read the {engine} table: {actual}")
    return compare_tables(expected, actual, "duckdb", engine)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    arguments = parse_arguments(argv)
    try:
        marts = list_marts(arguments.manifest)
    except (FileNotFoundError, KeyError, ValueError) as error:
        LOGGER.error("%s", error)
        return 1
    if not marts:
        LOGGER.error("No models under models/marts/ in %s", arguments.manifest)
        return 1

    readers = {
        "postgres": lambda: read_postgres_tables(
            PostgresSettings.from_environment(), marts
        ),
        "spark": lambda: read_spark_tables(marts),
    }
    failed = False
    expected = read_duckdb_tables(arguments.duckdb, marts)
    for engine in arguments.engines:
        try:
            actual = readers[engine]()
        except Exception as error:
            # The engine is unreachable (refused connection, no Java): every mart fails.
            print(f"FAIL {engine} (all marts) could not connect: {error}")
            failed = True
            continue
        for mart in marts:
            result = compare_mart(expected[mart.name], actual[mart.name], engine)
            if result.passed:
                print(f"PASS {engine} {mart.name} {result.row_count}")
            else:
                print(f"FAIL {engine} {mart.name} {result.difference}")
                failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
