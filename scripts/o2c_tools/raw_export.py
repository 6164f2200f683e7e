"""Read a Salesforce export folder into raw tables, as the DuckDB loader does.

The DuckDB target loads the export in its on-run-start hook (the macro
load_salesforce_export). Other engines get the same tables from this module: one table
per registered object, named by its API name, with one text column per registered field
(the API name in lower case) and three more columns:
  _fivetran_deleted   a sync tool's deletion flag, null when the file lacks it
  _source_file        the folder as given, a slash, and the file name
  _source_row_number  1 for the first data row after the header
Empty values become nulls, as DuckDB's CSV reader makes them.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from o2c_tools.salesforce_registry import SalesforceObject, fivetran_name

LOGGER = logging.getLogger(__name__)

RAW_SCHEMA = "raw_salesforce"
TEXT = "text"
BIGINT = "bigint"


class ExportError(ValueError):
    """The export folder cannot be loaded; the message names the file and the fix."""


@dataclass
class RawTable:
    """Rows of one table to load, with portable column types (text, bigint, ...)."""

    schema: str
    name: str
    columns: list[tuple[str, str]]
    rows: list[tuple[str | int | None, ...]]


def find_export_file(folder: Path, object_name: str) -> Path | None:
    """Return the object's file in the folder, in the DuckDB loader's order, or None."""
    for base_name in (object_name, fivetran_name(object_name)):
        for extension in ("csv", "parquet"):
            candidate = folder / f"{base_name}.{extension}"
            if candidate.is_file():
                return candidate
    return None


def _read_file(path: Path) -> tuple[list[str], Iterator[list[str | None]]]:
    """Return the header and the data rows of a CSV or Parquet file, as text."""
    if path.suffix == ".parquet":
        table = pq.read_table(path)
        header = table.column_names

        def parquet_rows() -> Iterator[list[str | None]]:
            for record in table.to_pylist():
                yield [
                    None if record[name] is None else str(record[name])
                    for name in header
                ]

        return header, parquet_rows()

    handle = path.open(encoding="utf-8-sig", newline="")
    reader = csv.reader(handle, delimiter=",", quotechar='"', doublequote=True)
    try:
        header = next(reader)
    except StopIteration:
        handle.close()
        raise ExportError(
            f"{path} is empty: it needs at least a header row of API field names"
        ) from None

    def csv_rows() -> Iterator[list[str | None]]:
        with handle:
            for values in reader:
                yield [value if value != "" else None for value in values]

    return header, csv_rows()


def _raw_columns(salesforce_object: SalesforceObject) -> list[tuple[str, str]]:
    columns = [(field.raw_column, TEXT) for field in salesforce_object.fields]
    return [
        *columns,
        ("_fivetran_deleted", TEXT),
        ("_source_file", TEXT),
        ("_source_row_number", BIGINT),
    ]


def read_object(
    salesforce_object: SalesforceObject, folder: Path, folder_text: str
) -> RawTable:
    """Read one object's file into a raw table, or an empty table when it is absent.

    Raises ExportError for a required object or column that the export lacks.
    """
    table = RawTable(
        RAW_SCHEMA, salesforce_object.api_name, _raw_columns(salesforce_object), []
    )
    path = find_export_file(folder, salesforce_object.api_name)
    if path is None:
        if not salesforce_object.optional:
            raise ExportError(
                f"Salesforce export file for object {salesforce_object.api_name} not "
                f"found in '{folder_text}': expected {salesforce_object.api_name}.csv "
                f"(or {salesforce_object.api_name}.parquet, or the Fivetran name "
                f"{fivetran_name(salesforce_object.api_name)}.csv). Export the object "
                "into that folder."
            )
        LOGGER.info("%s: no file, loaded as an empty table", salesforce_object.api_name)
        return table

    header, rows = _read_file(path)
    position_by_name = {name.lower(): index for index, name in enumerate(header)}
    positions: list[int | None] = []
    for field in salesforce_object.fields:
        position = position_by_name.get(field.raw_column)
        if position is None:
            position = position_by_name.get(fivetran_name(field.api_name))
        if position is None and not field.optional_column:
            raise ExportError(
                f"Column {field.api_name} is missing from {path} (its header has: "
                f"{', '.join(header)}). Add the field "
                f"{salesforce_object.api_name}.{field.api_name} to the export."
            )
        positions.append(position)
    positions.append(position_by_name.get("_fivetran_deleted"))

    source_file = f"{folder_text}/{path.name}"
    for row_number, values in enumerate(rows, start=1):
        if len(values) != len(header):
            raise ExportError(
                f"{path}, data row {row_number}: {len(values)} values for "
                f"{len(header)} header columns. Fix the quoting of that row."
            )
        table.rows.append(
            (
                *(
                    None if position is None else values[position]
                    for position in positions
                ),
                source_file,
                row_number,
            )
        )
    LOGGER.info(
        "%s: %d rows from %s", salesforce_object.api_name, len(table.rows), path
    )
    return table


def read_export(
    objects: list[SalesforceObject], folder_text: str, empty: bool = False
) -> list[RawTable]:
    """Read every registered object from the export folder.

    With empty=True every table is created without rows and no folder is read, as the
    DuckDB loader does when the marts read an imported event log.
    """
    folder_text = folder_text.rstrip("/")
    if empty:
        return [
            RawTable(RAW_SCHEMA, item.api_name, _raw_columns(item), [])
            for item in objects
        ]
    folder = Path(folder_text)
    if not folder.is_dir() or not any(folder.iterdir()):
        raise ExportError(
            f"Salesforce export folder '{folder_text}' is missing or empty. Name a "
            "folder of <ApiName>.csv files with --export."
        )
    return [read_object(item, folder, folder_text) for item in objects]


# DuckDB type names to the portable types of RawTable.
_DUCKDB_TYPES = {
    "VARCHAR": TEXT,
    "BIGINT": BIGINT,
    "INTEGER": "integer",
    "DOUBLE": "double",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
}


def read_duckdb_schema(
    database_path: Path, schema: str, table_names: list[str]
) -> list[RawTable]:
    """Read tables of a DuckDB file, such as the event log of import_event_log.py.

    Raises ExportError when the file or a table is missing.
    """
    import duckdb

    if not database_path.is_file():
        raise ExportError(
            f"DuckDB file {database_path} not found. Import the event log into it "
            "first with scripts/import_event_log.py."
        )
    connection = duckdb.connect(str(database_path), read_only=True)
    tables = []
    try:
        for name in table_names:
            found = connection.execute(
                "select count(*) from information_schema.tables "
                "where table_schema = ? and table_name = ?",
                [schema, name],
            ).fetchone()
            if not found or found[0] == 0:
                raise ExportError(
                    f"Table {schema}.{name} not found in {database_path}. Import the "
                    "event log into that file with scripts/import_event_log.py."
                )
            described = connection.execute(f'describe "{schema}"."{name}"').fetchall()
            columns = []
            for column_name, duckdb_type, *_ in described:
                if duckdb_type.startswith("DECIMAL"):
                    portable = duckdb_type.lower().replace(",", ", ")
                elif duckdb_type in _DUCKDB_TYPES:
                    portable = _DUCKDB_TYPES[duckdb_type]
                else:
                    raise ExportError(
                        f"Column {schema}.{name}.{column_name} has the DuckDB type "
                        f"{duckdb_type}, which the loader cannot copy; add it to "
                        "_DUCKDB_TYPES in scripts/o2c_tools/raw_export.py"
                    )
                columns.append((column_name, portable))
            rows = connection.execute(f'select * from "{schema}"."{name}"').fetchall()
            tables.append(RawTable(schema, name, columns, rows))
            LOGGER.info(
                "%s.%s: %d rows from %s", schema, name, len(rows), database_path
            )
    finally:
        connection.close()
    return tables
