"""Streaming writers for the export files: one CSV or Parquet file per object."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import IO, Protocol

from .schema import OBJECT_COLUMNS

CSV = "csv"
PARQUET = "parquet"
FORMATS: tuple[str, ...] = (CSV, PARQUET)

# Rows buffered per object before a Parquet row group is written.
PARQUET_BATCH_ROWS = 20_000


class _ObjectWriter(Protocol):
    def write(self, row: list[str]) -> None: ...

    def close(self) -> None: ...


class _CsvObjectWriter:
    def __init__(self, path: Path, columns: tuple[str, ...]) -> None:
        self._handle: IO[str] = path.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(
            self._handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\n"
        )
        self._writer.writerow(columns)

    def write(self, row: list[str]) -> None:
        self._writer.writerow(row)

    def close(self) -> None:
        self._handle.close()


class _ParquetObjectWriter:
    """Write string columns, with empty strings stored as nulls, in row groups."""

    def __init__(self, path: Path, columns: tuple[str, ...]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._pa = pa
        self._columns = columns
        self._schema = pa.schema([(name, pa.string()) for name in columns])
        self._writer = pq.ParquetWriter(str(path), self._schema)
        self._buffer: list[list[str]] = []

    def write(self, row: list[str]) -> None:
        self._buffer.append(row)
        if len(self._buffer) >= PARQUET_BATCH_ROWS:
            self._flush()

    def _flush(self) -> None:
        arrays = [
            self._pa.array(
                [row[position] or None for row in self._buffer], type=self._pa.string()
            )
            for position in range(len(self._columns))
        ]
        self._writer.write_table(
            self._pa.Table.from_arrays(arrays, schema=self._schema)
        )
        self._buffer = []

    def close(self) -> None:
        if self._buffer:
            self._flush()
        self._writer.close()


def export_file_name(object_name: str, file_format: str) -> str:
    """Return the file name of an object's export file, e.g. ``Account.csv``."""
    return f"{object_name}.{file_format}"


class ExportWriter:
    """Open one file per object in the output folder and count the rows written."""

    def __init__(self, folder: Path, file_format: str) -> None:
        if file_format not in FORMATS:
            raise ValueError(
                f"invalid format {file_format!r}: expected one of {FORMATS}"
            )
        self.folder = folder
        self.file_format = file_format
        self.row_counts: dict[str, int] = {name: 0 for name in OBJECT_COLUMNS}
        writer_class = _CsvObjectWriter if file_format == CSV else _ParquetObjectWriter
        self._writers: dict[str, _ObjectWriter] = {}
        for name, columns in OBJECT_COLUMNS.items():
            path = folder / export_file_name(name, file_format)
            self._writers[name] = writer_class(path, columns)

    def write(self, object_name: str, row: list[str]) -> None:
        """Append one row, whose values are already formatted, to an object's file."""
        self._writers[object_name].write(row)
        self.row_counts[object_name] += 1

    def close(self) -> None:
        """Flush and close every file."""
        for writer in self._writers.values():
            writer.close()
