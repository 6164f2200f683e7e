"""Tests of the canonical event log on the sample and on altered copies of it."""

from __future__ import annotations

import csv
import random
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pytest

EVENT_COLUMNS = (
    "event_id, invoice_number, activity, event_at, resource, source_object, "
    "source_record_id, event_sequence"
)
BUILD_EVENT_LOG = [
    "build",
    "--select",
    "+fct_invoice_events",
    "--exclude-resource-type",
    "test",
    "unit_test",
]


def query(database_path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database_path), read_only=True) as connection:
        return connection.sql(sql).fetchall()


def event_log(database_path: Path) -> list[tuple]:
    return query(
        database_path,
        f"select {EVENT_COLUMNS} from marts.fct_invoice_events order by event_id",
    )


def shuffled_copy(source: Path, target: Path, seed: int) -> Path:
    """Copy an export with the data rows of every CSV file in a random order."""
    target.mkdir(parents=True)
    generator = random.Random(seed)
    for path in sorted(source.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        header, data = rows[0], rows[1:]
        generator.shuffle(data)
        with (target / path.name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(data)
    return target


def test_each_staged_invoice_is_one_case(sample_warehouse: Path) -> None:
    staged = query(
        sample_warehouse, "select count(*) from staging.stg_salesforce__invoices"
    )[0][0]
    cases = query(
        sample_warehouse,
        "select count(distinct invoice_number) from marts.fct_invoice_events",
    )[0][0]
    dimension_rows = query(sample_warehouse, "select count(*) from marts.dim_invoices")[
        0
    ][0]
    assert staged > 0
    assert cases == staged
    assert dimension_rows == staged


def test_unkept_invoices_are_explained(sample_warehouse: Path) -> None:
    raw, staged, superseded, deleted, audited = query(
        sample_warehouse,
        "select raw_rows, staged_rows, superseded_rows, deleted_rows, audited_rows "
        "from staging.stg_salesforce__row_counts "
        "where object_name = 'blng__Invoice__c'",
    )[0]
    assert raw - staged > 0
    assert raw - staged == superseded + deleted + audited


def test_sequence_is_gapless(sample_warehouse: Path) -> None:
    gaps = query(
        sample_warehouse,
        "select invoice_number from marts.fct_invoice_events group by 1 "
        "having max(event_sequence) <> count(*) or min(event_sequence) <> 1",
    )
    assert gaps == []


def test_open_balance_matches_export(sample_warehouse: Path) -> None:
    """The balance rebuilt from allocations and credit notes equals Salesforce's."""
    mismatches = query(
        sample_warehouse,
        "select d.invoice_number, d.open_balance_amount, s.balance_amount "
        "from marts.dim_invoices as d "
        "join staging.stg_salesforce__invoices as s using (invoice_id) "
        "where abs(d.open_balance_amount - s.balance_amount) > 0.005",
    )
    assert mismatches == []


def test_ties_counted_as_injected(
    sample_warehouse: Path, sample_manifest: dict
) -> None:
    injected = sample_manifest["defects"]["same_instant_events"]
    cases_affected = query(
        sample_warehouse,
        "select cases_affected from marts.mart_event_log_quality "
        "where check_name = 'timestamp_ties'",
    )[0][0]
    assert cases_affected == injected["count"]


def test_shuffled_export_same_log(
    run_dbt, sample_warehouse: Path, tmp_path: Path
) -> None:
    """Reordering the rows of every input file leaves the event log unchanged."""
    export = shuffled_copy(
        Path(__file__).resolve().parents[2] / "data" / "sample",
        tmp_path / "shuffled",
        seed=7,
    )
    database_path = tmp_path / "shuffled.duckdb"
    run_dbt(BUILD_EVENT_LOG, export, database_path)

    expected = event_log(sample_warehouse)
    actual = event_log(database_path)
    assert len(actual) == len(expected)
    assert actual == expected


def test_machine_timezone_ignored(
    run_dbt, sample_warehouse: Path, tmp_path: Path
) -> None:
    """A build on a machine set to another timezone gives the same event log."""
    database_path = tmp_path / "tokyo.duckdb"
    sample = Path(__file__).resolve().parents[2] / "data" / "sample"
    run_dbt(BUILD_EVENT_LOG, sample, database_path, env={"TZ": "Asia/Tokyo"})
    assert event_log(database_path) == event_log(sample_warehouse)


def start_of_day_utc(day: date, zone: str) -> datetime:
    """Compute by hand when a calendar day begins in a zone, as naive UTC."""
    local_midnight = datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(zone))
    return local_midnight.astimezone(UTC).replace(tzinfo=None)


@pytest.mark.parametrize("zone", ["America/New_York"])
def test_org_timezone_moves_due_dates(
    run_dbt, sample_warehouse: Path, tmp_path: Path, zone: str
) -> None:
    """A non-UTC org timezone moves the due-date events and nothing else."""
    database_path = tmp_path / "zone.duckdb"
    sample = Path(__file__).resolve().parents[2] / "data" / "sample"
    run_dbt(BUILD_EVENT_LOG, sample, database_path, vars={"org_timezone": zone})

    other_events = (
        "select event_id, event_at from marts.fct_invoice_events "
        "where activity <> 'Payment Due Date Reached' order by event_id"
    )
    assert query(database_path, other_events) == query(sample_warehouse, other_events)

    due_events = (
        "select e.invoice_number, e.event_at, i.due_on "
        "from marts.fct_invoice_events as e "
        "join staging.stg_salesforce__invoices as i using (invoice_id) "
        "where e.activity = 'Payment Due Date Reached' order by 1"
    )
    utc_due = {row[0]: row for row in query(sample_warehouse, due_events)}
    zone_due = {row[0]: row for row in query(database_path, due_events)}
    assert len(zone_due) > 0

    for invoice_number, (_, event_at, due_on) in zone_due.items():
        assert event_at == start_of_day_utc(due_on, zone), invoice_number
    # New York is 4 or 5 hours behind UTC, so every due date that both runs emit
    # moves later by that much.
    shifts = {
        zone_due[number][1] - utc_due[number][1]
        for number in zone_due.keys() & utc_due.keys()
    }
    assert shifts <= {timedelta(hours=4), timedelta(hours=5)}
    assert len(shifts) > 0


def test_sample_copy_builds_with_absent_credit_notes(run_dbt, tmp_path: Path) -> None:
    """Without the optional credit-note file no Credit Note Issued event appears."""
    export = tmp_path / "no_credit_notes"
    shutil.copytree(Path(__file__).resolve().parents[2] / "data" / "sample", export)
    (export / "blng__CreditNote__c.csv").unlink()
    database_path = tmp_path / "no_credit_notes.duckdb"
    run_dbt(BUILD_EVENT_LOG, export, database_path)
    credit_note_events = query(
        database_path,
        "select count(*) from marts.fct_invoice_events "
        "where activity = 'Credit Note Issued'",
    )[0][0]
    assert credit_note_events == 0
