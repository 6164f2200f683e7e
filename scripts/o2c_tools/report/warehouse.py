"""Read-only access to the DuckDB warehouse that dbt builds."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import duckdb

LOGGER = logging.getLogger(__name__)


class WarehouseError(Exception):
    """The warehouse file is missing or cannot be opened read-only."""


class Warehouse:
    """A read-only connection to the warehouse and the list of its relations."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.is_file():
            raise WarehouseError(
                f"Warehouse {path} not found. Run `make run` to build it, or pass "
                "--warehouse with the path of a DuckDB file that dbt built."
            )
        try:
            self.connection = duckdb.connect(str(path), read_only=True)
        except duckdb.Error as error:
            raise WarehouseError(
                f"Could not open warehouse {path} read-only: {error}. Check that it "
                "is a DuckDB file built by `make run` and that no other process "
                "holds it open for writing."
            ) from error
        rows = self.connection.execute(
            "select table_schema, table_name from information_schema.tables"
        ).fetchall()
        self.relations = {f"{schema}.{name}" for schema, name in rows}
        LOGGER.debug("Opened %s with %d relations", path, len(self.relations))

    def has(self, *relations: str) -> bool:
        """Return whether every relation (schema.name) exists."""
        return not self.missing(*relations)

    def missing(self, *relations: str) -> list[str]:
        """Return the relations (schema.name) that do not exist, in the given order."""
        return [relation for relation in relations if relation not in self.relations]

    def rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        """Run a query and return its rows as dictionaries keyed by column name."""
        cursor = self.connection.execute(sql, params or [])
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def row(self, sql: str, params: list[Any] | None = None) -> dict[str, Any] | None:
        """Run a query and return its first row, or None when it returns none."""
        result = self.rows(sql, params)
        return result[0] if result else None

    def close(self) -> None:
        self.connection.close()
