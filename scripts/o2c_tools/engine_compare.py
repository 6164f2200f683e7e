"""Compare the marts that two engines built from the same export.

Each table is read whole, its rows sorted by all columns, and compared row by row:
timestamps may differ by at most TIMESTAMP_TOLERANCE, decimal amounts by less than half
a cent, and floats by the relative tolerance FLOAT_RELATIVE_TOLERANCE. Any other value
must be equal. Engines return different Python types for one SQL type (a numeric
average is a Decimal on PostgreSQL and a float on DuckDB), so numbers are compared by
value, not by type.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

TIMESTAMP_TOLERANCE = timedelta(milliseconds=1)
# Decimals are amounts with 2 decimals, so two that differ by less than half a cent
# are equal.
DECIMAL_TOLERANCE = Decimal("0.005")
FLOAT_RELATIVE_TOLERANCE = 1e-9
# Floats that differ by less than this are equal. A duration of 1 ms is 2.8e-7 hours.
FLOAT_ABSOLUTE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Mart:
    """A mart model: its schema and table name in the warehouse."""

    schema: str
    name: str


@dataclass
class TableData:
    """Column names (lower case) and rows of one table as an engine returned them."""

    columns: list[str]
    rows: list[tuple[Any, ...]]


@dataclass(frozen=True)
class Comparison:
    """Outcome for one mart: passed, and otherwise the first difference."""

    passed: bool
    row_count: int
    difference: str = ""


def list_marts(manifest_path: Path) -> list[Mart]:
    """Return the models under models/marts/ in dbt's manifest, sorted by name."""
    if not manifest_path.is_file():
        raise FileNotFoundError(
            f"dbt manifest {manifest_path} not found. Run dbt (parse, build or "
            "compile) with that target path first."
        )
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    marts = [
        Mart(schema=node["schema"], name=node["alias"] or node["name"])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["original_file_path"].startswith("models/marts/")
        and node["config"].get("materialized") != "ephemeral"
        and node["config"].get("enabled", True)
    ]
    return sorted(marts, key=lambda mart: (mart.schema, mart.name))


def _sort_key(value: Any) -> tuple:
    """Key that orders one value the same way whichever engine returned it.

    Numbers are rounded before sorting so that tolerated differences do not change the
    order; the exact comparison follows in values_match.
    """
    if value is None:
        return (0,)
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, int | float | Decimal):
        number = float(value)
        if math.isnan(number):
            return (2, math.inf)
        return (2, float(f"{number:.8g}"))
    if isinstance(value, datetime):
        return (
            3,
            value.replace(microsecond=value.microsecond // 1000 * 1000).isoformat(),
        )
    if isinstance(value, date):
        return (3, value.isoformat())
    return (4, str(value))


def sort_rows(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Sort rows by all columns, left to right, with nulls first."""
    return sorted(rows, key=lambda row: tuple(_sort_key(value) for value in row))


def values_match(expected: Any, actual: Any) -> bool:
    """Tell whether two values are equal within the tolerances of this module."""
    if expected is None or actual is None:
        return expected is None and actual is None
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected == actual
    if isinstance(expected, datetime) and isinstance(actual, datetime):
        return abs(expected - actual) <= TIMESTAMP_TOLERANCE
    numbers = (int, float, Decimal)
    if isinstance(expected, numbers) and isinstance(actual, numbers):
        if isinstance(expected, float) or isinstance(actual, float):
            return math.isclose(
                float(expected),
                float(actual),
                rel_tol=FLOAT_RELATIVE_TOLERANCE,
                abs_tol=FLOAT_ABSOLUTE_TOLERANCE,
            )
        return abs(Decimal(expected) - Decimal(actual)) < DECIMAL_TOLERANCE
    return expected == actual


def compare_tables(
    expected: TableData, actual: TableData, expected_name: str, actual_name: str
) -> Comparison:
    """Compare two tables and describe the first difference found."""
    if expected.columns != actual.columns:
        return Comparison(
            False,
            len(actual.rows),
            f"columns differ: {expected_name} {expected.columns}, "
            f"{actual_name} {actual.columns}",
        )
    if len(expected.rows) != len(actual.rows):
        return Comparison(
            False,
            len(actual.rows),
            f"row count differs: {expected_name} {len(expected.rows)}, "
            f"{actual_name} {len(actual.rows)}",
        )
    for index, (expected_row, actual_row) in enumerate(
        zip(sort_rows(expected.rows), sort_rows(actual.rows), strict=True), start=1
    ):
        for column, expected_value, actual_value in zip(
            expected.columns, expected_row, actual_row, strict=True
        ):
            if not values_match(expected_value, actual_value):
                return Comparison(
                    False,
                    len(actual.rows),
                    f"sorted row {index}, column {column}: {expected_name} "
                    f"{expected_value!r}, {actual_name} {actual_value!r}",
                )
    return Comparison(True, len(actual.rows))
