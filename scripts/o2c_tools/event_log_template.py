"""The flat event-log data template: its columns and how their values are parsed.

The import reads the template's columns, the export writes them, and the XLSX
template and the guide in docs/data-template-guide.md describe them. Every parser
either returns the value or raises InvalidValueError with a message that names the
value and the expected format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

# Kinds of template values, each with its own parser.
TEXT = "text"
TIMESTAMP = "timestamp"
DATE = "date"
AMOUNT = "amount"


@dataclass(frozen=True)
class TemplateColumn:
    """One column of the data template."""

    header: str
    column: str  # column name in the warehouse (raw_event_log) and in dim_invoices
    kind: str
    required: bool
    note: str


CASE_ID = "case_id"
ACTIVITY = "activity"
EVENT_AT = "event_at"
RESOURCE = "resource"

TEMPLATE_COLUMNS: tuple[TemplateColumn, ...] = (
    TemplateColumn(
        "Invoice Number",
        CASE_ID,
        TEXT,
        True,
        "Case id: the invoice number, the same on every row of one invoice.",
    ),
    TemplateColumn(
        "Activity",
        ACTIVITY,
        TEXT,
        True,
        "Name of the step, preferably one of the canonical activity names.",
    ),
    TemplateColumn(
        "Timestamp",
        EVENT_AT,
        TIMESTAMP,
        True,
        "When the step happened, ISO 8601 with an offset or Z, e.g. "
        "2024-01-05T10:15:00Z. Without an offset the time is read as UTC.",
    ),
    TemplateColumn(
        "Resource",
        RESOURCE,
        TEXT,
        False,
        "User or system that did the step.",
    ),
    TemplateColumn(
        "Customer Name", "customer_name", TEXT, False, "Name of the billed account."
    ),
    TemplateColumn(
        "Sales Order Number",
        "sales_order_number",
        TEXT,
        False,
        "Number of the sales order that the invoice bills.",
    ),
    TemplateColumn(
        "Invoice Amount",
        "invoice_amount",
        AMOUNT,
        False,
        "Invoice total in the invoice currency, a plain number such as 1250.00.",
    ),
    TemplateColumn(
        "Currency",
        "currency_code",
        TEXT,
        False,
        "ISO 4217 code of the invoice currency, e.g. USD.",
    ),
    TemplateColumn(
        "Invoice Date", "invoiced_on", DATE, False, "Invoice date as YYYY-MM-DD."
    ),
    TemplateColumn("Due Date", "due_on", DATE, False, "Due date as YYYY-MM-DD."),
    TemplateColumn(
        "Payment Terms", "payment_terms", TEXT, False, "Payment terms, e.g. Net 30."
    ),
    TemplateColumn(
        "Payment Method",
        "payment_method",
        TEXT,
        False,
        "Payment method, e.g. ACH or Credit Card.",
    ),
    TemplateColumn(
        "Billing Department",
        "billing_department",
        TEXT,
        False,
        "Department responsible for billing the invoice.",
    ),
    TemplateColumn(
        "User Responsible",
        "user_responsible",
        TEXT,
        False,
        "Owner of the invoice.",
    ),
    TemplateColumn(
        "Payment Status",
        "payment_status",
        TEXT,
        False,
        "Paid, Partially Paid, Unpaid or Cancelled at the time of the extract.",
    ),
    TemplateColumn(
        "Region", "region", TEXT, False, "Sales region of the customer, e.g. EMEA."
    ),
)

TEMPLATE_HEADERS: tuple[str, ...] = tuple(c.header for c in TEMPLATE_COLUMNS)
EVENT_COLUMNS: frozenset[str] = frozenset({CASE_ID, ACTIVITY, EVENT_AT, RESOURCE})
CASE_ATTRIBUTE_COLUMNS: tuple[TemplateColumn, ...] = tuple(
    c for c in TEMPLATE_COLUMNS if c.column not in EVENT_COLUMNS
)
COLUMNS_BY_NAME: dict[str, TemplateColumn] = {c.column: c for c in TEMPLATE_COLUMNS}


def normalize_key(name: str) -> str:
    """Return a header or attribute key in lower case without spaces or punctuation.

    "Invoice Amount", "invoice_amount" and "InvoiceAmount" all become
    "invoiceamount", so headers and XES keys match whatever their spelling.
    """
    return re.sub(r"[^0-9a-z]", "", name.lower())


# XES trace attribute keys (normalized) that become case attributes: the template
# headers, the warehouse column names, and a few common synonyms.
CASE_ATTRIBUTE_KEYS: dict[str, str] = {
    **{normalize_key(c.header): c.column for c in CASE_ATTRIBUTE_COLUMNS},
    **{normalize_key(c.column): c.column for c in CASE_ATTRIBUTE_COLUMNS},
    "customer": "customer_name",
    "amount": "invoice_amount",
    "currency": "currency_code",
    "invoicedate": "invoiced_on",
    "duedate": "due_on",
    "department": "billing_department",
}


class InvalidValueError(ValueError):
    """A template value that does not have the expected format."""


# ISO 8601 date and time in extended format: a T or a space between them, optional
# seconds and fraction, and an optional Z or offset (+01:00, +0100 or +01).
_TIMESTAMP_PATTERN = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?"
    r"\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?"
)
_DATE_PATTERN = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_AMOUNT_PATTERN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")

TIMESTAMP_EXAMPLE = "2024-01-05T10:15:00Z or 2024-01-05T11:15:00+01:00"


@dataclass(frozen=True)
class ParsedTimestamp:
    """A timestamp converted to UTC (naive), and whether the text had an offset."""

    utc: datetime
    had_offset: bool


def parse_timestamp(text: str) -> ParsedTimestamp:
    """Parse an ISO 8601 timestamp and convert it to naive UTC.

    A timestamp without an offset is taken as UTC. A bare date is rejected because
    the event order within a day would be invented.
    """
    value = text.strip()
    match = _TIMESTAMP_PATTERN.fullmatch(value)
    if match is None:
        if _DATE_PATTERN.fullmatch(value):
            raise InvalidValueError(
                f"Timestamp {value!r} is a date without a time: add the time, "
                f"for example {value}T00:00:00Z for midnight UTC"
            )
        raise InvalidValueError(
            f"invalid Timestamp {value!r}: use ISO 8601, for example "
            f"{TIMESTAMP_EXAMPLE}"
        )
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    try:
        moment = datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second or 0),
            int((fraction or "0")[:6].ljust(6, "0")),
        )
    except ValueError as error:
        raise InvalidValueError(
            f"invalid Timestamp {value!r} ({error}): use ISO 8601, for example "
            f"{TIMESTAMP_EXAMPLE}"
        ) from None
    if offset is None or offset in ("Z", "z"):
        return ParsedTimestamp(moment, offset is not None)
    digits = offset[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 23 or minutes > 59:
        raise InvalidValueError(
            f"invalid offset {offset!r} in Timestamp {value!r}: use +HH:MM"
        )
    sign = 1 if offset[0] == "+" else -1
    return ParsedTimestamp(
        moment - sign * timedelta(hours=hours, minutes=minutes), True
    )


def parse_date(text: str, header: str) -> date:
    """Parse a date written as YYYY-MM-DD."""
    value = text.strip()
    try:
        if _DATE_PATTERN.fullmatch(value) is None:
            raise ValueError("not YYYY-MM-DD")
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidValueError(
            f"invalid {header} {value!r}: use YYYY-MM-DD, for example 2024-01-05"
        ) from None


def parse_amount(text: str, header: str) -> Decimal:
    """Parse an amount written as a plain decimal number."""
    value = text.strip()
    if _AMOUNT_PATTERN.fullmatch(value) is None:
        raise InvalidValueError(
            f"invalid {header} {value!r}: use a plain number with a dot for "
            "decimals and no thousands separator or currency, for example 1250.00"
        )
    try:
        return Decimal(value)
    except InvalidOperation:
        raise InvalidValueError(f"invalid {header} {value!r}") from None
