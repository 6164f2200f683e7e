"""Write raw tables into PostgreSQL or a local Spark, with the dbt profile's settings.

Connection settings come from the same environment variables, with the same defaults,
as the targets postgres and spark in profiles.yml, so the tables land where dbt reads
them. Each writer replaces a table whole: a second load gives the same tables.
"""

from __future__ import annotations

import csv
import io
import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from o2c_tools.raw_export import RawTable

LOGGER = logging.getLogger(__name__)

ENGINES = ("postgres", "spark")

# Portable column types of RawTable to each engine's type names.
POSTGRES_TYPES = {
    "text": "text",
    "bigint": "bigint",
    "integer": "integer",
    "double": "double precision",
    "boolean": "boolean",
    "date": "date",
    "timestamp": "timestamp",
}
SPARK_TYPES = {
    "text": "string",
    "bigint": "bigint",
    "integer": "int",
    "double": "double",
    "boolean": "boolean",
    "date": "date",
    "timestamp": "timestamp",
}


def _engine_type(portable_type: str, types: dict[str, str]) -> str:
    # decimal(p, s) keeps its precision and scale on every engine.
    if portable_type.startswith("decimal"):
        return portable_type
    try:
        return types[portable_type]
    except KeyError:
        raise ValueError(
            f"Unsupported column type {portable_type!r}: add it to POSTGRES_TYPES "
            "and SPARK_TYPES in scripts/o2c_tools/engines.py"
        ) from None


@dataclass(frozen=True)
class PostgresSettings:
    """Connection settings of the dbt target postgres."""

    host: str
    port: int
    user: str
    password: str
    dbname: str

    @classmethod
    def from_environment(cls) -> PostgresSettings:
        port_text = os.environ.get("O2C_PG_PORT", "5432")
        if not port_text.isdigit():
            raise ValueError(
                f"Invalid O2C_PG_PORT {port_text!r}: expected a port number"
            )
        return cls(
            host=os.environ.get("O2C_PG_HOST", "127.0.0.1"),
            port=int(port_text),
            user=os.environ.get("O2C_PG_USER", "o2c_billing"),
            password=os.environ.get("O2C_PG_PASSWORD", ""),
            dbname=os.environ.get("O2C_PG_DBNAME", "o2c_billing"),
        )


def spark_directory() -> str:
    """Folder of the local Spark's metastore and tables, as in profiles.yml."""
    return os.environ.get("O2C_SPARK_DIR", "warehouse/spark")


def spark_session_config() -> dict[str, str]:
    """Spark settings of the dbt target spark, so both see one metastore."""
    folder = spark_directory()
    return {
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.warehouse.dir": f"{folder}/tables",
        "spark.driver.extraJavaOptions": f"-Dderby.system.home={folder}",
        "spark.driver.memory": os.environ.get("O2C_SPARK_DRIVER_MEMORY", "2g"),
        "spark.sql.shuffle.partitions": "2",
        "spark.sql.legacy.createHiveTableByDefault": "false",
        "spark.ui.enabled": "false",
        # dbt-spark turns ANSI mode off for its sessions, and so does the loader.
        "spark.sql.ansi.enabled": "false",
    }


def _csv_stream(rows: Iterable[tuple[Any, ...]]) -> io.StringIO:
    """Render rows as CSV for COPY: None becomes an unquoted empty field (null)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow(row)
    buffer.seek(0)
    return buffer


def _postgres_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def write_postgres(tables: list[RawTable], settings: PostgresSettings) -> None:
    """Replace the tables in PostgreSQL in one transaction, loading rows with COPY."""
    import psycopg2

    try:
        connection = psycopg2.connect(
            host=settings.host,
            port=settings.port,
            user=settings.user,
            password=settings.password,
            dbname=settings.dbname,
        )
    except psycopg2.OperationalError as error:
        raise ConnectionError(
            f"Connection to PostgreSQL at {settings.host}:{settings.port} as "
            f"{settings.user} to database {settings.dbname} failed: {error}. Start "
            "the test cluster with scripts/engines/start_postgres.sh and export what "
            "it prints, or set O2C_PG_HOST, O2C_PG_PORT, O2C_PG_USER, O2C_PG_PASSWORD "
            "and O2C_PG_DBNAME."
        ) from error
    try:
        with connection, connection.cursor() as cursor:
            for schema in sorted({table.schema for table in tables}):
                cursor.execute(
                    f"create schema if not exists {_postgres_identifier(schema)}"
                )
            for table in tables:
                qualified = (
                    f"{_postgres_identifier(table.schema)}."
                    f"{_postgres_identifier(table.name)}"
                )
                column_sql = ", ".join(
                    f"{_postgres_identifier(name)} {_engine_type(kind, POSTGRES_TYPES)}"
                    for name, kind in table.columns
                )
                column_names = ", ".join(
                    _postgres_identifier(name) for name, _ in table.columns
                )
                # cascade: the staging views of an earlier build depend on the raw
                # table, and dbt recreates them on the next build.
                cursor.execute(f"drop table if exists {qualified} cascade")
                cursor.execute(f"create table {qualified} ({column_sql})")
                cursor.copy_expert(
                    f"copy {qualified} ({column_names}) from stdin with (format csv)",
                    _csv_stream(table.rows),
                )
                LOGGER.info(
                    "postgres: %s.%s, %d rows",
                    table.schema,
                    table.name,
                    len(table.rows),
                )
    finally:
        connection.close()


@contextmanager
def spark_session() -> Iterator[Any]:
    """Start a local SparkSession with the dbt target's metastore, and stop it after."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise ImportError(
            "pyspark is not installed. Install the engine requirements: "
            ".venv/bin/pip install -r requirements-engines.txt"
        ) from error

    builder = SparkSession.builder.appName(
        "o2c_billing_load_raw_tables"
    ).enableHiveSupport()
    for key, value in spark_session_config().items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    try:
        yield session
    finally:
        session.stop()


def _spark_identifier(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def write_spark(tables: list[RawTable]) -> None:
    """Replace the tables in the local Spark metastore as Parquet tables.

    Rows go in as text and are cast in Spark SQL, so timestamps are read in the
    session timezone (UTC) and never in the Python process's local time.
    """
    from pyspark.sql.types import StringType, StructField, StructType

    with spark_session() as session:
        for schema in sorted({table.schema for table in tables}):
            session.sql(f"create database if not exists {_spark_identifier(schema)}")
        for table in tables:
            qualified = (
                f"{_spark_identifier(table.schema)}.{_spark_identifier(table.name)}"
            )
            text_schema = StructType(
                [StructField(name, StringType(), True) for name, _ in table.columns]
            )
            text_rows = [
                tuple(None if value is None else str(value) for value in row)
                for row in table.rows
            ]
            frame = session.createDataFrame(text_rows, schema=text_schema)
            typed = frame.selectExpr(
                *(
                    f"cast({_spark_identifier(name)} as "
                    f"{_engine_type(kind, SPARK_TYPES)}) as {_spark_identifier(name)}"
                    for name, kind in table.columns
                )
            )
            session.sql(f"drop table if exists {qualified}")
            typed.write.format("parquet").mode("overwrite").saveAsTable(qualified)
            LOGGER.info(
                "spark: %s.%s, %d rows", table.schema, table.name, len(table.rows)
            )


def read_duckdb_tables(database_path: str, marts: list[Any]) -> dict[str, Any]:
    """Read whole tables from a DuckDB file opened read-only, keyed by table name.

    A table that cannot be read maps to the error message instead.
    """
    import duckdb

    from o2c_tools.engine_compare import TableData

    tables: dict[str, Any] = {}
    with duckdb.connect(database_path, read_only=True) as connection:
        for mart in marts:
            try:
                cursor = connection.execute(
                    f'select * from "{mart.schema}"."{mart.name}"'
                )
            except duckdb.Error as error:
                tables[mart.name] = str(error).splitlines()[0]
                continue
            columns = [description[0].lower() for description in cursor.description]
            tables[mart.name] = TableData(columns, cursor.fetchall())
    return tables


def read_postgres_tables(
    settings: PostgresSettings, marts: list[Any]
) -> dict[str, Any]:
    """Read whole tables from PostgreSQL in a read-only session, keyed by table name.

    A table that cannot be read maps to the error message instead.
    """
    import psycopg2

    from o2c_tools.engine_compare import TableData

    tables: dict[str, Any] = {}
    connection = psycopg2.connect(
        host=settings.host,
        port=settings.port,
        user=settings.user,
        password=settings.password,
        dbname=settings.dbname,
    )
    try:
        # Autocommit, so a missing table does not abort the reads after it.
        connection.set_session(readonly=True, autocommit=True)
        with connection.cursor() as cursor:
            for mart in marts:
                try:
                    cursor.execute(
                        f"select * from {_postgres_identifier(mart.schema)}."
                        f"{_postgres_identifier(mart.name)}"
                    )
                except psycopg2.Error as error:
                    tables[mart.name] = str(error).splitlines()[0]
                    continue
                columns = [description[0].lower() for description in cursor.description]
                tables[mart.name] = TableData(columns, cursor.fetchall())
    finally:
        connection.close()
    return tables


def read_spark_tables(marts: list[Any]) -> dict[str, Any]:
    """Read whole tables from the local Spark metastore, keyed by table name.

    A table that cannot be read maps to the error message instead. pyspark turns
    timestamps into Python datetimes in the process's local timezone, so the process's
    timezone is set to UTC first, as the Spark session's is.
    """
    import time

    from pyspark.errors import PySparkException

    from o2c_tools.engine_compare import TableData

    os.environ["TZ"] = "UTC"
    time.tzset()
    tables: dict[str, Any] = {}
    with spark_session() as session:
        for mart in marts:
            try:
                frame = session.sql(
                    f"select * from {_spark_identifier(mart.schema)}."
                    f"{_spark_identifier(mart.name)}"
                )
                rows = [tuple(row) for row in frame.collect()]
            except PySparkException as error:
                tables[mart.name] = str(error).splitlines()[0]
                continue
            tables[mart.name] = TableData(
                [name.lower() for name in frame.columns], rows
            )
    return tables
