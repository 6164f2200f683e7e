"""Write the Salesforce event log (fct_invoice_events + dim_invoices) to files.

Formats: XES (one trace per invoice), OCEL 2.0 JSON (invoices, payments, orders and
customers as objects), CSV in the layout of the data template (so the file can be
imported again), and Parquet with the warehouse column names. The warehouse is
opened read-only.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb

from o2c_tools.event_log_template import CASE_ATTRIBUTE_COLUMNS, TEMPLATE_COLUMNS
from o2c_tools.xes import (
    CONCEPT_NAME,
    ORG_RESOURCE,
    TIME_TIMESTAMP,
    XesTraceOut,
    write_xes,
)

LOGGER = logging.getLogger(__name__)

XES = "xes"
OCEL = "ocel"
CSV = "csv"
PARQUET = "parquet"
FORMATS = (XES, OCEL, CSV, PARQUET)
SUFFIXES = {XES: ".xes", OCEL: ".jsonocel", CSV: ".csv", PARQUET: ".parquet"}

RECORD_BATCH_ROWS = 20_000
# OCEL 2.0 gives attributes that do not change over time this time.
OCEL_STATIC_TIME = "1970-01-01T00:00:00Z"

# Source objects whose record is a payment, an allocation of one, or a change of
# one; the event then relates to that payment.
PAYMENT_SOURCE_SQL = """
    case events.source_object
        when 'blng__Payment__c' then events.source_record_id
        when 'blng__PaymentAllocationInvoice__c' then allocations.payment_id
        when 'blng__Payment__History' then payment_history.payment_id
    end
"""

EVENTS_SQL = f"""
    select
        events.invoice_number as case_id,
        events.event_id,
        events.activity,
        events.event_at,
        events.resource,
        events.process_stage,
        events.is_automated,
        events.source_object,
        events.source_record_id,
        events.event_sequence,
        {PAYMENT_SOURCE_SQL} as payment_id,
        invoices.invoice_id,
        invoices.account_id,
        staged_invoices.order_id,
        {", ".join(f"invoices.{c.column}" for c in CASE_ATTRIBUTE_COLUMNS)}
    from marts.fct_invoice_events as events
    inner join marts.dim_invoices as invoices
        on events.invoice_number = invoices.invoice_number
    left join staging.stg_salesforce__invoices as staged_invoices
        on invoices.invoice_id = staged_invoices.invoice_id
    left join staging.stg_salesforce__payment_allocations as allocations
        on events.source_object = 'blng__PaymentAllocationInvoice__c'
        and events.source_record_id = allocations.payment_allocation_id
    left join staging.stg_salesforce__payment_history as payment_history
        on events.source_object = 'blng__Payment__History'
        and events.source_record_id = payment_history.payment_history_id
    order by events.invoice_number, events.event_sequence
"""


class EventLogExportError(Exception):
    """A warehouse that cannot be exported, with a message that explains why."""


@dataclass(frozen=True)
class ExportSummary:
    """Counts and location of one written export."""

    path: Path
    format: str
    event_count: int
    case_count: int


def connect_read_only(database_path: Path) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-only and check that the event log is built."""
    if not Path(database_path).is_file():
        raise EventLogExportError(
            f"{database_path}: warehouse not found. Build it first with "
            "`make run` or `dbt build`."
        )
    connection = duckdb.connect(str(database_path), read_only=True)
    connection.execute("set TimeZone = 'UTC'")
    try:
        count = connection.execute(
            "select count(*) from marts.fct_invoice_events"
        ).fetchall()[0][0]
    except duckdb.CatalogException:
        connection.close()
        raise EventLogExportError(
            f"{database_path}: marts.fct_invoice_events not found. Build the "
            "warehouse first with `make run` or `dbt build`."
        ) from None
    if count == 0:
        connection.close()
        raise EventLogExportError(
            f"{database_path}: marts.fct_invoice_events is empty, so there is "
            "nothing to export. It is empty when the warehouse was built with "
            "event_log_source=imported; build it from a Salesforce export."
        )
    return connection


def _iter_rows(connection: duckdb.DuckDBPyConnection) -> Iterator[dict]:
    reader = connection.sql(EVENTS_SQL).to_arrow_reader(RECORD_BATCH_ROWS)
    for batch in reader:
        yield from batch.to_pylist()


def _iter_cases(connection: duckdb.DuckDBPyConnection) -> Iterator[list[dict]]:
    """Yield the rows of one invoice at a time, in event_sequence order."""
    rows: list[dict] = []
    for row in _iter_rows(connection):
        if rows and row["case_id"] != rows[0]["case_id"]:
            yield rows
            rows = []
        rows.append(row)
    if rows:
        yield rows


def _xes_value(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    return value


def _xes_trace(rows: list[dict]) -> XesTraceOut:
    first = rows[0]
    attributes: dict[str, object] = {CONCEPT_NAME: first["case_id"]}
    attributes.update(
        {c.column: _xes_value(first[c.column]) for c in CASE_ATTRIBUTE_COLUMNS}
    )
    events = [
        {
            CONCEPT_NAME: row["activity"],
            TIME_TIMESTAMP: row["event_at"],
            ORG_RESOURCE: row["resource"],
            "event_id": row["event_id"],
            "process_stage": row["process_stage"],
            "is_automated": row["is_automated"],
            "source_object": row["source_object"],
            "source_record_id": row["source_record_id"],
        }
        for row in rows
    ]
    return XesTraceOut(attributes, events)


def write_xes_file(connection: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Write the event log as XES, one trace per invoice; return the trace count."""
    with open(path, "w", encoding="utf-8", newline="\n") as stream:
        return write_xes(stream, (_xes_trace(rows) for rows in _iter_cases(connection)))


# OCEL 2.0 JSON.


def _ocel_time(value: datetime | date) -> str:
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return value.isoformat(timespec="milliseconds") + "Z"


def _ocel_attribute_type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float | Decimal):
        return "float"
    if isinstance(value, datetime | date):
        return "time"
    return "string"


def _ocel_value(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return _ocel_time(value)
    return value


class _OcelBuilder:
    """Collects OCEL objects, events and the types of their attributes."""

    def __init__(self) -> None:
        self.objects: dict[str, dict] = {}
        self.events: list[dict] = []
        self.object_types: dict[str, dict[str, str]] = {}
        self.event_types: dict[str, dict[str, str]] = {}

    def add_object(
        self,
        object_id: str,
        object_type: str,
        attributes: dict[str, object],
        relationships: list[tuple[str, str]] = (),
    ) -> None:
        if object_id in self.objects:
            return
        types = self.object_types.setdefault(object_type, {})
        present = {k: v for k, v in attributes.items() if v is not None}
        for name, value in present.items():
            types.setdefault(name, _ocel_attribute_type(value))
        self.objects[object_id] = {
            "id": object_id,
            "type": object_type,
            "attributes": [
                {"name": name, "time": OCEL_STATIC_TIME, "value": _ocel_value(value)}
                for name, value in present.items()
            ],
            "relationships": [
                {"objectId": target, "qualifier": qualifier}
                for target, qualifier in relationships
            ],
        }

    def add_event(
        self,
        row: dict,
        relationships: list[tuple[str, str]],
    ) -> None:
        attributes = {
            "resource": row["resource"],
            "process_stage": row["process_stage"],
        }
        present = {k: v for k, v in attributes.items() if v is not None}
        types = self.event_types.setdefault(row["activity"], {})
        for name, value in present.items():
            types.setdefault(name, _ocel_attribute_type(value))
        self.events.append(
            {
                "id": row["event_id"],
                "type": row["activity"],
                "time": _ocel_time(row["event_at"]),
                "attributes": [
                    {"name": name, "value": value} for name, value in present.items()
                ],
                "relationships": [
                    {"objectId": target, "qualifier": qualifier}
                    for target, qualifier in relationships
                ],
            }
        )

    def document(self) -> dict:
        def type_list(types: dict[str, dict[str, str]]) -> list[dict]:
            return [
                {
                    "name": name,
                    "attributes": [
                        {"name": attribute, "type": kind}
                        for attribute, kind in attributes.items()
                    ],
                }
                for name, attributes in types.items()
            ]

        return {
            "objectTypes": type_list(self.object_types),
            "eventTypes": type_list(self.event_types),
            "objects": list(self.objects.values()),
            "events": self.events,
        }


def build_ocel(connection: duckdb.DuckDBPyConnection) -> dict:
    """Build the OCEL 2.0 document of the event log.

    Each event relates to its invoice, the invoice's customer and sales order, and,
    for an event recorded on a payment, an allocation or a payment's history, to
    that payment. Object ids are the Salesforce record Ids.
    """
    builder = _OcelBuilder()
    payments = {
        row[0]: row[1:]
        for row in connection.execute(
            "select payment_id, payment_number, payment_amount, currency_code, "
            "paid_on from staging.stg_salesforce__payments"
        ).fetchall()
    }
    for rows in _iter_cases(connection):
        first = rows[0]
        invoice_id, account_id, order_id = (
            first["invoice_id"],
            first["account_id"],
            first["order_id"],
        )
        builder.add_object(
            account_id, "customer", {"customer_name": first["customer_name"]}
        )
        if order_id is not None:
            builder.add_object(
                order_id,
                "order",
                {"order_number": first["sales_order_number"]},
                [(account_id, "ordered by")],
            )
        invoice_relationships = [(account_id, "billed to")]
        if order_id is not None:
            invoice_relationships.append((order_id, "bills"))
        invoice_attributes = {"invoice_number": first["case_id"]}
        invoice_attributes.update(
            {c.column: first[c.column] for c in CASE_ATTRIBUTE_COLUMNS}
        )
        builder.add_object(
            invoice_id, "invoice", invoice_attributes, invoice_relationships
        )
        for row in rows:
            relationships = [(invoice_id, "invoice"), (account_id, "customer")]
            if order_id is not None:
                relationships.append((order_id, "order"))
            payment_id = row["payment_id"]
            if payment_id is not None:
                number, amount, currency, paid_on = payments.get(
                    payment_id, (None, None, None, None)
                )
                builder.add_object(
                    payment_id,
                    "payment",
                    {
                        "payment_number": number,
                        "payment_amount": amount,
                        "currency_code": currency,
                        "paid_on": paid_on,
                    },
                    [(account_id, "paid by")],
                )
                relationships.append((payment_id, "payment"))
            builder.add_event(row, relationships)
    return builder.document()


def write_ocel_file(connection: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Write the event log as OCEL 2.0 JSON and return the number of events.

    NOTE: the document is built in memory before it is written, so memory grows
    with the log. The 23,092-event sample peaked at 250 MB resident; stream the
    objects and events if larger logs outgrow memory.
    """
    document = build_ocel(connection)
    with open(path, "w", encoding="utf-8") as stream:
        json.dump(document, stream, ensure_ascii=False)
    return len(document["events"])


# CSV and Parquet.


def _template_select() -> str:
    expressions = []
    for column in TEMPLATE_COLUMNS:
        if column.column == "event_at":
            value = "strftime(event_at, '%Y-%m-%dT%H:%M:%S.%fZ')"
        elif column.kind == "date":
            value = f"strftime({column.column}, '%Y-%m-%d')"
        else:
            value = f"cast({column.column} as varchar)"
        expressions.append(f'{value} as "{column.header}"')
    expressions += [
        'event_id as "Event Id"',
        'process_stage as "Process Stage"',
        'is_automated as "Is Automated"',
        'source_object as "Source Object"',
        'source_record_id as "Source Record Id"',
        'event_sequence as "Event Sequence"',
    ]
    return ",\n".join(expressions)


def _copy(connection: duckdb.DuckDBPyConnection, select: str, path: Path, options):
    escaped = str(path).replace("'", "''")
    connection.execute(
        f"copy (select {select} from ({EVENTS_SQL})) to '{escaped}' ({options})"
    )


def export_event_log(
    database_path: Path, path: Path, output_format: str
) -> ExportSummary:
    """Write the warehouse's Salesforce event log to path in output_format."""
    if output_format not in FORMATS:
        raise EventLogExportError(
            f"unknown format {output_format!r}: use one of {', '.join(FORMATS)}"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = connect_read_only(database_path)
    partial = path.with_name(path.name + ".partial")
    try:
        event_count, case_count = connection.execute(
            "select count(*), count(distinct invoice_number) "
            "from marts.fct_invoice_events"
        ).fetchall()[0]
        # Write beside the target and rename, so a failed export leaves no
        # truncated file behind.
        if output_format == XES:
            write_xes_file(connection, partial)
        elif output_format == OCEL:
            write_ocel_file(connection, partial)
        elif output_format == CSV:
            _copy(connection, _template_select(), partial, "header, delimiter ','")
        else:
            _copy(connection, "*", partial, "format parquet")
        partial.replace(path)
    finally:
        connection.close()
        if partial.exists():
            partial.unlink()
    LOGGER.info(
        "Wrote %d events of %d invoices to %s (%s)",
        event_count,
        case_count,
        path,
        output_format,
    )
    return ExportSummary(path, output_format, event_count, case_count)
