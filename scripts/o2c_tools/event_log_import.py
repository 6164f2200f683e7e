"""Load an event log from the data template (CSV or XLSX) or from XES into DuckDB.

The result is the source that the dbt project reads with the var
event_log_source = imported: the schema raw_event_log with the tables events, cases,
rejected_rows and import_summary. Rows that cannot become an event are never
dropped silently: each one lands in rejected_rows with its line and reason.
"""

from __future__ import annotations

import csv
import json
import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pyarrow as pa

from o2c_tools.event_log_template import (
    ACTIVITY,
    AMOUNT,
    CASE_ATTRIBUTE_COLUMNS,
    CASE_ATTRIBUTE_KEYS,
    CASE_ID,
    COLUMNS_BY_NAME,
    DATE,
    EVENT_AT,
    RESOURCE,
    TEMPLATE_COLUMNS,
    InvalidValueError,
    TemplateColumn,
    normalize_key,
    parse_amount,
    parse_date,
    parse_timestamp,
)
from o2c_tools.xes import (
    CONCEPT_NAME,
    ORG_RESOURCE,
    TIME_TIMESTAMP,
    XesTrace,
    iter_xes_traces,
)

LOGGER = logging.getLogger(__name__)

SCHEMA = "raw_event_log"
# Sheet of the XLSX template that contains the event log. Other sheets are ignored.
TEMPLATE_SHEET = "Event log"
# Events buffered in memory before they are appended to DuckDB.
BATCH_SIZE = 50_000
# Rejected rows printed in the summary; all of them are in rejected_rows.
REJECTED_ROWS_SHOWN = 20

CSV_FORMAT = "template-csv"
XLSX_FORMAT = "template-xlsx"
XES_FORMAT = "xes"


class EventLogImportError(Exception):
    """An input that cannot be imported at all, with a message that explains why."""


@dataclass(frozen=True)
class RejectedRow:
    """A row of the input that did not become an event, and why."""

    line_number: int
    reason: str
    raw_values: dict[str, str]


@dataclass
class ImportSummary:
    """Counts of one import, and the rejected rows."""

    source_file: str
    source_format: str
    event_count: int = 0
    case_count: int = 0
    offsetless_timestamp_count: int = 0
    blank_row_count: int = 0
    conflicting_attribute_count: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)


@dataclass(slots=True)
class SourceRow:
    """A row of a template or an event of an XES file, before validation.

    raw contains the row as in the file, for rejected_rows: text by header for a
    template, XesAttribute by key for an XES event. case_attributes contains the
    already parsed case attributes of an XES trace. For a template row it is None,
    and validation parses them from values.
    """

    line_number: int
    values: dict[str, str]  # warehouse column -> text, only non-empty values
    raw: dict[str, object]
    case_attributes: dict[str, str | date | Decimal] | None = None

    def raw_values(self) -> dict[str, str]:
        """Return the row as in the file, with every value as text."""
        return {key: str(getattr(v, "value", v)) for key, v in self.raw.items()}


# Reading the data template.


def detect_format(path: Path) -> str:
    """Return the input format from the file name (.csv, .xlsx, .xes, .xes.gz)."""
    name = path.name.lower()
    if name.endswith(".csv"):
        return CSV_FORMAT
    if name.endswith(".xlsx"):
        return XLSX_FORMAT
    if name.endswith((".xes", ".xes.gz", ".gz")):
        return XES_FORMAT
    raise EventLogImportError(
        f"{path}: unknown file type. Use a filled data template (.csv or .xlsx) "
        "or an XES log (.xes or .xes.gz)."
    )


# Headers of a flat CSV written by pm4py or other XES tools, which prefix case
# attributes with "case:".
FLAT_XES_HEADERS = {
    normalize_key("case:concept:name"): CASE_ID,
    normalize_key(CONCEPT_NAME): ACTIVITY,
    normalize_key(TIME_TIMESTAMP): EVENT_AT,
    normalize_key(ORG_RESOURCE): RESOURCE,
}


def map_headers(path: Path, headers: list[str]) -> dict[int, TemplateColumn]:
    """Map header positions to template columns, matching names loosely.

    A header matches a column by its template name, its warehouse name or its XES
    key (case:concept:name, concept:name, time:timestamp, org:resource), in any
    case and spacing. Raises EventLogImportError when a required column is absent.
    """
    by_key = {normalize_key(c.header): c for c in TEMPLATE_COLUMNS}
    by_key.update({normalize_key(c.column): c for c in TEMPLATE_COLUMNS})
    by_key.update(
        {key: COLUMNS_BY_NAME[name] for key, name in FLAT_XES_HEADERS.items()}
    )
    mapping: dict[int, TemplateColumn] = {}
    unknown = []
    for position, header in enumerate(headers):
        column = by_key.get(normalize_key(header or ""))
        if column is not None and column not in mapping.values():
            mapping[position] = column
        elif header:
            unknown.append(header)
    missing = [c.header for c in TEMPLATE_COLUMNS if c.required]
    missing = [h for h in missing if h not in {c.header for c in mapping.values()}]
    if missing:
        raise EventLogImportError(
            f"{path}: the header row lacks the required column(s) "
            f"{', '.join(missing)} (found: {', '.join(str(h) for h in headers)}). "
            "Start from the data template in templates/ and keep its header row."
        )
    if unknown:
        LOGGER.warning(
            "%s: ignored column(s) not in the data template: %s",
            path,
            ", ".join(unknown),
        )
    return mapping


def _source_row(
    line_number: int, cells: list[str], headers: list[str], mapping: dict
) -> SourceRow:
    values = {}
    for position, column in mapping.items():
        text = cells[position].strip() if position < len(cells) else ""
        if text:
            values[column.column] = text
    raw = {
        (headers[i] if i < len(headers) and headers[i] else f"column {i + 1}"): cell
        for i, cell in enumerate(cells)
        if cell != ""
    }
    return SourceRow(line_number, values, raw)


def read_template_csv(path: Path, summary: ImportSummary) -> Iterator[SourceRow]:
    """Yield the rows of a filled CSV template with their line numbers.

    The line number is the file line where the row starts (the header is line 1),
    so a quoted value that spans lines does not shift the numbers.
    """
    with open(path, newline="", encoding="utf-8-sig") as stream:
        # Excel writes CSV with semicolons where the decimal separator is a comma.
        first_line = stream.readline()
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        stream.seek(0)
        reader = csv.reader(stream, delimiter=delimiter)
        try:
            headers = next(reader)
        except StopIteration:
            raise EventLogImportError(
                f"{path}: the file is empty. Fill in the data template."
            ) from None
        mapping = map_headers(path, headers)
        line_number = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield _source_row(line_number, cells, headers, mapping)
            else:
                summary.blank_row_count += 1
            line_number = reader.line_num + 1


def _cell_text(cell) -> str:
    """Convert an XLSX cell to the text the template expects.

    Excel stores dates and times without a time zone, so a date-time cell is read
    as UTC. A cell formatted as a date only becomes YYYY-MM-DD, which a Timestamp
    rejects as a date without a time.
    """
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, datetime):
        number_format = (cell.number_format or "").lower()
        has_time = "h" in number_format or value.time() != datetime.min.time()
        return value.isoformat() if has_time else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_template_xlsx(path: Path, summary: ImportSummary) -> Iterator[SourceRow]:
    """Yield the rows of a filled XLSX template with their Excel row numbers.

    Reads the sheet named "Event log", or the first sheet when there is none.
    """
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several unrelated types
        raise EventLogImportError(
            f"{path}: cannot open the workbook ({error}). Save it as .xlsx."
        ) from error
    try:
        if TEMPLATE_SHEET in workbook.sheetnames:
            sheet = workbook[TEMPLATE_SHEET]
        else:
            sheet = workbook.worksheets[0]
        rows = sheet.iter_rows()
        header_cells = next(rows, None)
        if header_cells is None:
            raise EventLogImportError(
                f"{path}: sheet {sheet.title!r} is empty. Fill in the data template."
            )
        headers = [_cell_text(cell) for cell in header_cells]
        mapping = map_headers(path, headers)
        for line_number, cells in enumerate(rows, start=2):
            texts = [_cell_text(cell) for cell in cells]
            if any(text.strip() for text in texts):
                yield _source_row(line_number, texts, headers, mapping)
            else:
                summary.blank_row_count += 1
    finally:
        workbook.close()


# Reading XES.


def read_xes(path: Path, summary: ImportSummary) -> Iterator[SourceRow]:
    """Yield one SourceRow per XES event, with the trace's case attributes.

    The trace's concept:name is the case id; the event's concept:name,
    time:timestamp and org:resource are the activity, time and resource. Trace
    attributes whose keys name a template column (see CASE_ATTRIBUTE_KEYS) become
    case attributes; an invalid one is left out with a warning.
    """
    event_keys = (
        (CONCEPT_NAME, ACTIVITY),
        (TIME_TIMESTAMP, EVENT_AT),
        (ORG_RESOURCE, RESOURCE),
    )
    for trace in iter_xes_traces(path):
        case_name = trace.attributes.get(CONCEPT_NAME)
        case_id = case_name.value.strip() if case_name is not None else ""
        case_attributes = _xes_case_attributes(path, trace)
        for event in trace.events:
            values = {CASE_ID: case_id} if case_id else {}
            for key, column in event_keys:
                attribute = event.attributes.get(key)
                if attribute is not None:
                    text = attribute.value.strip()
                    if text:
                        values[column] = text
            raw = {"trace concept:name": case_id, **event.attributes}
            yield SourceRow(event.line, values, raw, case_attributes)


def _xes_case_attributes(
    path: Path, trace: XesTrace
) -> dict[str, str | date | Decimal]:
    attributes: dict[str, str | date | Decimal] = {}
    for key, attribute in trace.attributes.items():
        column_name = CASE_ATTRIBUTE_KEYS.get(normalize_key(key))
        text = attribute.value.strip()
        if column_name is None or not text or column_name in attributes:
            continue
        column = COLUMNS_BY_NAME[column_name]
        try:
            if column.kind == DATE and attribute.type == "date":
                attributes[column_name] = parse_timestamp(text).utc.date()
            else:
                attributes[column_name] = _parse_case_value(column, text)
        except InvalidValueError as error:
            LOGGER.warning("%s line %d: left out %s", path, trace.line, error)
    return attributes


# Validation.


@dataclass(slots=True)
class AcceptedRow:
    """A valid event and the case attributes its row carries."""

    case_id: str
    activity: str
    event_at: datetime
    resource: str | None
    case_attributes: dict[str, str | date | Decimal]


def _parse_case_value(column: TemplateColumn, text: str) -> str | date | Decimal:
    if column.kind == DATE:
        return parse_date(text, column.header)
    if column.kind == AMOUNT:
        return parse_amount(text, column.header)
    return text


def validate_row(row: SourceRow, summary: ImportSummary) -> AcceptedRow | list[str]:
    """Return the accepted event of a row, or the list of reasons to reject it."""
    reasons = []
    values = row.values
    if CASE_ID not in values:
        reasons.append(
            "missing Invoice Number (the case id): fill it in, or delete the row"
        )
    if ACTIVITY not in values:
        reasons.append("missing Activity: name the step, or delete the row")

    event_at = None
    if EVENT_AT not in values:
        reasons.append("missing Timestamp: add when the step happened")
    else:
        try:
            parsed = parse_timestamp(values[EVENT_AT])
            event_at = parsed.utc
            if not parsed.had_offset:
                summary.offsetless_timestamp_count += 1
        except InvalidValueError as error:
            reasons.append(str(error))

    case_attributes = row.case_attributes
    if case_attributes is None:
        case_attributes = _parse_case_attributes(values, reasons)

    if reasons:
        return reasons
    assert event_at is not None
    return AcceptedRow(
        values[CASE_ID],
        values[ACTIVITY],
        event_at,
        values.get(RESOURCE),
        case_attributes,
    )


def _parse_case_attributes(
    values: dict[str, str], reasons: list[str]
) -> dict[str, str | date | Decimal]:
    case_attributes: dict[str, str | date | Decimal] = {}
    for column in CASE_ATTRIBUTE_COLUMNS:
        if column.column in values:
            try:
                case_attributes[column.column] = _parse_case_value(
                    column, values[column.column]
                )
            except InvalidValueError as error:
                reasons.append(str(error))
    return case_attributes


# Writing to DuckDB.

_STAGING_SCHEMA = pa.schema(
    [
        ("file_position", pa.int64()),
        ("source_line_number", pa.int64()),
        ("case_id", pa.string()),
        ("activity", pa.string()),
        ("event_at", pa.timestamp("us")),
        ("resource", pa.string()),
    ]
)


class _EventBuffer:
    """Events waiting to be appended to the staging table, as columns."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self.connection = connection
        self.columns: dict[str, list] = {name: [] for name in _STAGING_SCHEMA.names}
        connection.execute(
            "create temp table import_events (file_position bigint, "
            "source_line_number bigint, case_id varchar, activity varchar, "
            "event_at timestamp, resource varchar)"
        )

    def add(self, position: int, line_number: int, row: AcceptedRow) -> None:
        self.columns["file_position"].append(position)
        self.columns["source_line_number"].append(line_number)
        self.columns["case_id"].append(row.case_id)
        self.columns["activity"].append(row.activity)
        self.columns["event_at"].append(row.event_at)
        self.columns["resource"].append(row.resource)
        if len(self.columns["file_position"]) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        if not self.columns["file_position"]:
            return
        batch = pa.table(self.columns, schema=_STAGING_SCHEMA)
        self.connection.register("import_batch", batch)
        self.connection.execute("insert into import_events select * from import_batch")
        self.connection.unregister("import_batch")
        self.columns = {name: [] for name in _STAGING_SCHEMA.names}


def _arrow_type(column: TemplateColumn) -> pa.DataType:
    if column.kind == DATE:
        return pa.date32()
    if column.kind == AMOUNT:
        return pa.decimal128(38, 10)
    return pa.string()


def _sql_type(column: TemplateColumn) -> str:
    if column.kind == DATE:
        return "date"
    if column.kind == AMOUNT:
        return "decimal(18, 2)"
    return "varchar"


def _merge_case_attributes(
    cases: dict[str, dict], row: AcceptedRow, line_number: int, summary: ImportSummary
) -> None:
    """Keep the first non-empty value of each case attribute, counting conflicts."""
    known = cases.setdefault(row.case_id, {})
    for name, value in row.case_attributes.items():
        if name not in known:
            known[name] = value
        elif known[name] != value:
            summary.conflicting_attribute_count += 1
            if summary.conflicting_attribute_count <= 5:
                LOGGER.warning(
                    "line %d: case %s has %s %r, but an earlier row has %r; "
                    "kept the earlier value",
                    line_number,
                    row.case_id,
                    COLUMNS_BY_NAME[name].header,
                    str(value),
                    str(known[name]),
                )


def _write_events(connection: duckdb.DuckDBPyConnection) -> None:
    # event_sequence: time, then the position in the file, so equal timestamps keep
    # the order in which the file lists them.
    connection.execute(
        f"""
        create or replace table {SCHEMA}.events as
        select
            cast(file_position as varchar) as event_id,
            case_id,
            activity,
            event_at,
            resource,
            row_number() over (
                partition by case_id order by event_at, file_position
            ) as event_sequence,
            source_line_number
        from import_events
        order by file_position
        """
    )


def _create_table_from_arrow(
    connection: duckdb.DuckDBPyConnection, table: str, data: pa.Table, select: str
) -> None:
    # Rows go in as Arrow tables because DuckDB's executemany is slow for
    # thousands of rows.
    connection.register("import_rows", data)
    connection.execute(
        f"create or replace table {SCHEMA}.{table} as select {select} from import_rows"
    )
    connection.unregister("import_rows")


def _write_cases(connection: duckdb.DuckDBPyConnection, cases: dict) -> None:
    case_columns = [COLUMNS_BY_NAME[CASE_ID], *CASE_ATTRIBUTE_COLUMNS]
    data = pa.table(
        {
            CASE_ID: list(cases),
            **{
                c.column: [attributes.get(c.column) for attributes in cases.values()]
                for c in CASE_ATTRIBUTE_COLUMNS
            },
        },
        schema=pa.schema([(c.column, _arrow_type(c)) for c in case_columns]),
    )
    select = ", ".join(
        f"cast({c.column} as {_sql_type(c)}) as {c.column}" for c in case_columns
    )
    _create_table_from_arrow(connection, "cases", data, select)


def _write_rejected_rows(
    connection: duckdb.DuckDBPyConnection, summary: ImportSummary
) -> None:
    data = pa.table(
        {
            "source_file": [summary.source_file] * len(summary.rejected),
            "line_number": [r.line_number for r in summary.rejected],
            "reason": [r.reason for r in summary.rejected],
            "raw_values": [
                json.dumps(r.raw_values, ensure_ascii=False) for r in summary.rejected
            ],
        },
        schema=pa.schema(
            [
                ("source_file", pa.string()),
                ("line_number", pa.int64()),
                ("reason", pa.string()),
                ("raw_values", pa.string()),
            ]
        ),
    )
    _create_table_from_arrow(connection, "rejected_rows", data, "*")


def _write_import_summary(
    connection: duckdb.DuckDBPyConnection, summary: ImportSummary
) -> None:
    connection.execute(
        f"create or replace table {SCHEMA}.import_summary as select "
        "cast(? as varchar) as source_file, cast(? as varchar) as source_format, "
        "cast(? as timestamp) as imported_at, cast(? as bigint) as event_count, "
        "cast(? as bigint) as case_count, cast(? as bigint) as rejected_row_count",
        [
            summary.source_file,
            summary.source_format,
            datetime.now(UTC).replace(tzinfo=None),
            summary.event_count,
            summary.case_count,
            len(summary.rejected),
        ],
    )


def _write_tables(
    connection: duckdb.DuckDBPyConnection,
    cases: dict[str, dict],
    summary: ImportSummary,
) -> None:
    connection.execute(f"create schema if not exists {SCHEMA}")
    _write_events(connection)
    _write_cases(connection, cases)
    _write_rejected_rows(connection, summary)
    _write_import_summary(connection, summary)


def read_source_rows(path: Path, summary: ImportSummary) -> Iterator[SourceRow]:
    """Yield the rows of the input in file order, whatever its format."""
    if summary.source_format == CSV_FORMAT:
        return read_template_csv(path, summary)
    if summary.source_format == XLSX_FORMAT:
        return read_template_xlsx(path, summary)
    return read_xes(path, summary)


def import_event_log(
    path: Path, database_path: Path, *, strict: bool = False
) -> ImportSummary:
    """Load an event log file into the raw_event_log schema of a DuckDB file.

    Replaces the schema's tables in one transaction, so a failed import leaves the
    previous log in place. With strict, any rejected row stops the import before
    anything is written. Raises EventLogImportError when the file cannot be read,
    no row is valid, or strict finds a rejected row.
    """
    path = Path(path)
    if not path.is_file():
        raise EventLogImportError(
            f"{path}: file not found. Pass the path of a filled data template "
            "(.csv or .xlsx) or an XES log (.xes or .xes.gz)."
        )
    summary = ImportSummary(path.name, detect_format(path))
    database_path.parent.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(database_path))
    try:
        connection.execute("set TimeZone = 'UTC'")
        connection.begin()
        buffer = _EventBuffer(connection)
        cases: dict[str, dict] = {}
        try:
            for position, row in enumerate(read_source_rows(path, summary), start=1):
                result = validate_row(row, summary)
                if isinstance(result, list):
                    summary.rejected.append(
                        RejectedRow(
                            row.line_number, "; ".join(result), row.raw_values()
                        )
                    )
                    continue
                buffer.add(position, row.line_number, result)
                _merge_case_attributes(cases, result, row.line_number, summary)
                summary.event_count += 1
        except UnicodeDecodeError as error:
            raise EventLogImportError(
                f"{path}: invalid UTF-8 at byte {error.start}. Save the file as "
                "CSV UTF-8 (in Excel: Save As, CSV UTF-8) and import it again."
            ) from None
        buffer.flush()
        summary.case_count = len(cases)
        if summary.event_count == 0 and not summary.rejected:
            raise EventLogImportError(
                f"{path}: the file has no events. Fill in one row per event below "
                "the header row, or check that the XES file has traces with events."
            )
        if summary.event_count == 0:
            raise EventLogImportError(
                f"{path}: no valid event in the file, all {len(summary.rejected)} "
                "rows were rejected:\n" + format_rejected(summary)
            )
        if strict and summary.rejected:
            raise EventLogImportError(
                f"{path}: {len(summary.rejected)} rows rejected and --strict is set, "
                "so nothing was loaded. Fix these rows, or import without "
                "--strict to load the valid rows:\n" + format_rejected(summary)
            )
        _write_tables(connection, cases, summary)
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
    finally:
        connection.close()
    return summary


def _reason_kind(reason: str) -> str:
    """Return the part of a reason before its advice, with quoted values elided."""
    return re.sub(r"'[^']*'", "'...'", reason).split(":")[0]


def format_summary(summary: ImportSummary, database_path: Path) -> str:
    """Render the import summary and the first rejected rows as text."""
    lines = [
        f"Imported {summary.event_count:,} events of {summary.case_count:,} cases "
        f"from {summary.source_file} ({summary.source_format}) into "
        f"{database_path} schema {SCHEMA}.",
    ]
    if summary.offsetless_timestamp_count:
        lines.append(
            f"{summary.offsetless_timestamp_count:,} timestamps had no offset and "
            "were read as UTC."
        )
    if summary.blank_row_count:
        lines.append(f"{summary.blank_row_count:,} blank rows were skipped.")
    if summary.conflicting_attribute_count:
        lines.append(
            f"{summary.conflicting_attribute_count:,} case attribute values differed "
            "from an earlier row of the same case; the earlier values were kept."
        )
    if summary.rejected:
        lines.append(format_rejected(summary))
    return "\n".join(lines)


def format_rejected(summary: ImportSummary) -> str:
    """Render the count of rejected rows by reason and the first rejected rows."""
    lines = []
    if summary.rejected:
        reasons = Counter(
            _reason_kind(part)
            for rejected in summary.rejected
            for part in rejected.reason.split("; ")
        )
        lines.append(
            f"{len(summary.rejected):,} rows rejected (all of them are in "
            f"{SCHEMA}.rejected_rows):"
        )
        lines.extend(f"  {count:,} x {reason}" for reason, count in reasons.items())
        for rejected in summary.rejected[:REJECTED_ROWS_SHOWN]:
            lines.append(f"  line {rejected.line_number}: {rejected.reason}")
        hidden = len(summary.rejected) - REJECTED_ROWS_SHOWN
        if hidden > 0:
            lines.append(f"  ... and {hidden:,} more")
    return "\n".join(lines)
