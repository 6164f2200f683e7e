"""Tests of the Salesforce staging layer, built by dbt from small exports.

Each build loads an export folder written under tmp_path into its own DuckDB file, and
the tests read the result read-only. The row-level rules (parsing, Id normalisation,
deduplication) have dbt unit tests in
models/staging/salesforce/base/_base_salesforce__unit_tests.yml; these tests cover what
needs the loader and a whole build.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from salesforce_export import OBJECT_COLUMNS, write_export

# Builds skip the unit tests, which `dbt build` on the sample runs, and only run data
# tests whose parents are all selected.
BUILD_OPTIONS = ["--exclude", "test_type:unit", "--indirect-selection", "cautious"]

ACCOUNT_ID = "001000000000XyZAAU"
# 15-character form of ACCOUNT_ID, as a lookup field may contain it.
ACCOUNT_ID_15 = "001000000000XyZ"

# Rows of the small export with one defect of every kind. The invoice file, in order:
#   1 staged, with the 15-character account Id in its lookup
#   2 and 3 two versions of one invoice: 2 is superseded by 3
#   4 soft-deleted
#   5 CreatedDate that does not parse
#   6 empty Name (the invoice number)
#   7 account lookup to a record that the export lacks
# Allocation 1 uses 15-character lookups; allocation 2 points to the deleted invoice.
DEFECT_ROWS: dict[str, list[dict[str, str]]] = {
    "Account": [
        {
            "Id": ACCOUNT_ID,
            "Name": "Acme Ltd",
            "IsDeleted": "false",
            "CreatedDate": "2024-01-01T09:00:00.000Z",
            "SystemModstamp": "2024-01-01T09:00:00.000Z",
        },
    ],
    "blng__Invoice__c": [
        {
            "Id": "a0B000000000001EAA",
            "Name": "INV-0001",
            "blng__Account__c": ACCOUNT_ID_15,
            "IsDeleted": "false",
            "CreatedDate": "2024-01-05T05:15:00.000-05:00",
            "SystemModstamp": "2024-01-06T10:00:00.000+0100",
        },
        {
            "Id": "a0B000000000002EAA",
            "Name": "INV-0002",
            "blng__Account__c": ACCOUNT_ID,
            "IsDeleted": "false",
            "CreatedDate": "2024-01-05 10:15:00",
            "SystemModstamp": "2024-01-06T10:00:00.000Z",
        },
        {
            "Id": "a0B000000000002EAA",
            "Name": "INV-0002",
            "blng__Account__c": ACCOUNT_ID,
            "IsDeleted": "false",
            "CreatedDate": "2024-01-05 10:15:00",
            "SystemModstamp": "2024-01-07T10:00:00.000Z",
        },
        {
            "Id": "a0B000000000003EAA",
            "Name": "INV-0003",
            "blng__Account__c": ACCOUNT_ID,
            "IsDeleted": "true",
            "CreatedDate": "2024-01-05T10:15:00.000Z",
            "SystemModstamp": "2024-01-06T10:00:00.000Z",
        },
        {
            "Id": "a0B000000000004EAA",
            "Name": "INV-0004",
            "blng__Account__c": ACCOUNT_ID,
            "IsDeleted": "false",
            "CreatedDate": "31/01/2024 10:15",
            "SystemModstamp": "2024-01-06T10:00:00.000Z",
        },
        {
            "Id": "a0B000000000005EAA",
            "Name": "",
            "blng__Account__c": ACCOUNT_ID,
            "IsDeleted": "false",
            "CreatedDate": "2024-01-05T10:15:00.000Z",
            "SystemModstamp": "2024-01-06T10:00:00.000Z",
        },
        {
            "Id": "a0B000000000006EAA",
            "Name": "INV-0006",
            "blng__Account__c": "001000000000999",
            "IsDeleted": "false",
            "CreatedDate": "2024-01-05T10:15:00.000Z",
            "SystemModstamp": "2024-01-06T10:00:00.000Z",
        },
    ],
    "blng__Payment__c": [
        {
            "Id": "a0C000000000001EAA",
            "Name": "PAY-0001",
            "blng__Account__c": ACCOUNT_ID,
            "blng__Invoice__c": "a0B000000000001EAA",
            "blng__Amount__c": "100.00",
            "IsDeleted": "false",
            "CreatedDate": "2024-01-10T08:00:00.000Z",
        },
    ],
    "blng__PaymentAllocationInvoice__c": [
        {
            "Id": "a0D000000000001EAA",
            "blng__Payment__c": "a0C000000000001",
            "blng__Invoice__c": "a0B000000000001",
            "blng__Amount__c": "100.00",
            "blng__Type__c": "Allocation",
            "IsDeleted": "false",
            "CreatedDate": "2024-01-10T08:05:00.000Z",
        },
        {
            "Id": "a0D000000000002EAA",
            "blng__Payment__c": "a0C000000000001EAA",
            "blng__Invoice__c": "a0B000000000003EAA",
            "blng__Amount__c": "50.00",
            "blng__Type__c": "Allocation",
            "IsDeleted": "false",
            "CreatedDate": "2024-01-10T08:05:00.000Z",
        },
    ],
}

# File name in the real data folder and Fivetran table name of each object.
REAL_FILES = {
    "Account": ("sf_account_data.csv", "account.csv"),
    "User": ("sf_user_data.csv", "user.csv"),
    "Order": ("sf_order_data.csv", "order.csv"),
    "Task": ("sf_task_data.csv", "task.csv"),
}

# Id columns of the base models that read the real files: key first, then lookups.
REAL_ID_COLUMNS = {
    "accounts": ["account_id"],
    "users": ["user_id"],
    "orders": ["order_id", "account_id"],
    "tasks": ["task_id", "what_id", "owner_id"],
}


def query(database_path: Path, sql: str) -> list[tuple]:
    """Run one query on a DuckDB file opened read-only and return all rows."""
    with duckdb.connect(str(database_path), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def is_true(value: str | None) -> bool:
    return (value or "").strip().lower() == "true"


@pytest.fixture(scope="module")
def defect_build(
    tmp_path_factory: pytest.TempPathFactory,
    run_dbt: Callable[..., subprocess.CompletedProcess[str]],
) -> tuple[Path, Path]:
    """Build staging from the defect export under TZ=UTC.

    Returns (export folder, database file).

    The export also lacks the optional object OrderHistory.
    """
    folder = tmp_path_factory.mktemp("defect_build")
    export_path = write_export(folder / "export", DEFECT_ROWS)
    (export_path / "OrderHistory.csv").unlink()
    database_path = folder / "utc.duckdb"
    run_dbt(
        ["build", "--select", "+stg_salesforce__row_counts", *BUILD_OPTIONS],
        export_path,
        database_path,
        env={"TZ": "UTC"},
    )
    return export_path, database_path


def test_invoice_15_char_account_joins(defect_build: tuple[Path, Path]) -> None:
    _, database_path = defect_build
    rows = query(
        database_path,
        "select invoices.account_id, accounts.account_name"
        " from staging.stg_salesforce__invoices as invoices"
        " left join staging.stg_salesforce__accounts as accounts"
        " using (account_id)"
        " where invoices.invoice_id = 'a0B000000000001EAA'",
    )

    assert rows == [(ACCOUNT_ID, "Acme Ltd")]


def test_allocation_15_char_lookups_join(defect_build: tuple[Path, Path]) -> None:
    _, database_path = defect_build
    rows = query(
        database_path,
        "select payment_allocation_id, payment_id, invoice_id"
        " from staging.stg_salesforce__payment_allocations",
    )

    assert rows == [("a0D000000000001EAA", "a0C000000000001EAA", "a0B000000000001EAA")]


def test_row_counts_reconcile(defect_build: tuple[Path, Path]) -> None:
    _, database_path = defect_build
    unexplained = query(
        database_path,
        "select object_name, unexplained_rows from staging.stg_salesforce__row_counts"
        " where unexplained_rows <> 0",
    )

    assert unexplained == []


def test_row_counts_invoices(defect_build: tuple[Path, Path]) -> None:
    _, database_path = defect_build
    counts = query(
        database_path,
        "select raw_rows, staged_rows, superseded_rows, deleted_rows, audited_rows"
        " from staging.stg_salesforce__row_counts"
        " where object_name = 'blng__Invoice__c'",
    )

    # File rows 1 and 3 staged, 2 superseded, 4 deleted, 5 to 7 audited.
    assert counts == [(7, 2, 1, 1, 3)]


def test_row_counts_allocations(defect_build: tuple[Path, Path]) -> None:
    _, database_path = defect_build
    counts = query(
        database_path,
        "select raw_rows, staged_rows, superseded_rows, deleted_rows, audited_rows"
        " from staging.stg_salesforce__row_counts"
        " where object_name = 'blng__PaymentAllocationInvoice__c'",
    )

    assert counts == [(2, 1, 0, 0, 1)]


def test_audit_rows_reasons(defect_build: tuple[Path, Path]) -> None:
    _, database_path = defect_build
    rows = query(
        database_path,
        "select object_name, source_row_number, record_id, audit_reason, audit_field,"
        " audit_value from staging.stg_salesforce__audit_rows"
        " order by object_name, source_row_number",
    )

    assert rows == [
        (
            "blng__Invoice__c",
            5,
            "a0B000000000004EAA",
            "invalid_timestamp",
            "CreatedDate",
            "31/01/2024 10:15",
        ),
        ("blng__Invoice__c", 6, "a0B000000000005EAA", "missing_value", "Name", None),
        (
            "blng__Invoice__c",
            7,
            "a0B000000000006EAA",
            "unknown_parent",
            "blng__Account__c",
            "001000000000999",
        ),
        (
            "blng__PaymentAllocationInvoice__c",
            2,
            "a0D000000000002EAA",
            "unknown_parent",
            "blng__Invoice__c",
            "a0B000000000003EAA",
        ),
    ]


def test_audit_rows_have_actions(defect_build: tuple[Path, Path]) -> None:
    _, database_path = defect_build
    without_action = query(
        database_path,
        "select audit_reason from staging.stg_salesforce__audit_rows"
        " where audit_action is null",
    )

    assert without_action == []


def test_optional_object_absent(defect_build: tuple[Path, Path]) -> None:
    export_path, database_path = defect_build
    staged = query(
        database_path, "select count(*) from staging.stg_salesforce__order_history"
    )

    assert not (export_path / "OrderHistory.csv").exists()
    assert staged == [(0,)]


def test_required_object_absent(
    tmp_path: Path, run_dbt: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    export_path = write_export(tmp_path / "export", {})
    (export_path / "Task.csv").unlink()

    completed = run_dbt(
        ["build", "--select", "base_salesforce__tasks", *BUILD_OPTIONS],
        export_path,
        tmp_path / "test.duckdb",
        expect_success=False,
    )
    output = completed.stdout + completed.stderr

    assert completed.returncode != 0
    assert "export file for object Task not found" in output
    assert "expected Task.csv" in output


def test_required_column_absent(
    tmp_path: Path, run_dbt: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    export_path = write_export(tmp_path / "export", {})
    invoice_file = export_path / "blng__Invoice__c.csv"
    header = [
        column
        for column in OBJECT_COLUMNS["blng__Invoice__c"]
        if column != "blng__Account__c"
    ]
    invoice_file.write_text(",".join(header) + "\n", encoding="utf-8")

    completed = run_dbt(
        ["build", "--select", "base_salesforce__invoices", *BUILD_OPTIONS],
        export_path,
        tmp_path / "test.duckdb",
        expect_success=False,
    )
    output = completed.stdout + completed.stderr

    assert completed.returncode != 0
    assert f"Column blng__Account__c is missing from {invoice_file}" in output


def test_timezone_does_not_change_timestamps(
    defect_build: tuple[Path, Path],
    tmp_path: Path,
    run_dbt: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    export_path, utc_database = defect_build
    new_york_database = tmp_path / "new_york.duckdb"
    run_dbt(
        ["build", "--select", "+stg_salesforce__invoices", *BUILD_OPTIONS],
        export_path,
        new_york_database,
        env={"TZ": "America/New_York"},
    )
    sql = (
        "select invoice_id, created_at, system_modified_at"
        " from staging.stg_salesforce__invoices order by invoice_id"
    )

    new_york_rows = query(new_york_database, sql)
    utc_rows = query(utc_database, sql)

    assert new_york_rows == utc_rows
    # -05:00 and +0100 offsets, and a timestamp without a zone, all read in UTC.
    assert new_york_rows == [
        (
            "a0B000000000001EAA",
            datetime(2024, 1, 5, 10, 15),
            datetime(2024, 1, 6, 9, 0),
        ),
        (
            "a0B000000000002EAA",
            datetime(2024, 1, 5, 10, 15),
            datetime(2024, 1, 7, 10, 0),
        ),
    ]


@pytest.fixture(scope="module")
def fivetran_build(
    tmp_path_factory: pytest.TempPathFactory,
    run_dbt: Callable[..., subprocess.CompletedProcess[str]],
    shared_data_dir: Callable[[str], Path],
) -> tuple[Path, Path]:
    """Build staging from the real Fivetran files.

    Returns (real data folder, database file).

    Account, User, Order and Task come from the real files under their Fivetran table
    names, with snake_case columns. The other required objects are header-only files
    in this project's naming.
    """
    real_folder = shared_data_dir("real_salesforce")
    folder = tmp_path_factory.mktemp("fivetran_build")
    export_path = write_export(folder / "export", {})
    for object_name, (real_name, fivetran_name) in REAL_FILES.items():
        (export_path / f"{object_name}.csv").unlink()
        shutil.copyfile(real_folder / real_name, export_path / fivetran_name)
    database_path = folder / "fivetran.duckdb"
    run_dbt(
        ["build", "--select", "+stg_salesforce__row_counts", *BUILD_OPTIONS],
        export_path,
        database_path,
    )
    return real_folder, database_path


def count_staged(database_path: Path, model: str) -> int:
    rows = query(database_path, f"select count(*) from staging.stg_salesforce__{model}")
    return rows[0][0]


def test_fivetran_accounts_staged(fivetran_build: tuple[Path, Path]) -> None:
    real_folder, database_path = fivetran_build
    rows = read_csv_rows(real_folder / "sf_account_data.csv")
    expected = sum(not is_true(row["is_deleted"]) for row in rows)

    assert count_staged(database_path, "accounts") == expected


def test_fivetran_users_staged(fivetran_build: tuple[Path, Path]) -> None:
    real_folder, database_path = fivetran_build
    rows = read_csv_rows(real_folder / "sf_user_data.csv")
    expected = sum(not is_true(row["_fivetran_deleted"]) for row in rows)

    assert count_staged(database_path, "users") == expected


def test_fivetran_tasks_staged(fivetran_build: tuple[Path, Path]) -> None:
    real_folder, database_path = fivetran_build
    rows = read_csv_rows(real_folder / "sf_task_data.csv")
    expected = sum(not is_true(row["is_deleted"]) for row in rows)

    assert count_staged(database_path, "tasks") == expected


def test_fivetran_orders_staged(fivetran_build: tuple[Path, Path]) -> None:
    real_folder, database_path = fivetran_build
    accounts = read_csv_rows(real_folder / "sf_account_data.csv")
    kept_accounts = {row["id"] for row in accounts if not is_true(row["is_deleted"])}
    orders = read_csv_rows(real_folder / "sf_order_data.csv")
    # An order whose account the file lacks is audited as unknown_parent.
    expected = sum(
        not is_true(row["is_deleted"]) and row["account_id"] in kept_accounts
        for row in orders
    )

    assert count_staged(database_path, "orders") == expected


def test_fivetran_orders_audit_reason(fivetran_build: tuple[Path, Path]) -> None:
    _, database_path = fivetran_build
    reasons = query(
        database_path,
        "select distinct audit_reason, audit_field"
        " from staging.base_salesforce__orders where row_status = 'audited'",
    )

    # None of the orders' accounts is in the account file.
    assert reasons == [("unknown_parent", "AccountId")]


@pytest.mark.parametrize("model", sorted(REAL_ID_COLUMNS))
def test_fivetran_ids_unchanged(fivetran_build: tuple[Path, Path], model: str) -> None:
    _, database_path = fivetran_build
    changed = []
    for column in REAL_ID_COLUMNS[model]:
        changed += query(
            database_path,
            f"select '{column}', {column}_raw, {column}"
            f" from staging.base_salesforce__{model}"
            f" where {column}_raw is not null"
            f" and ({column} is distinct from {column}_raw or length({column}) <> 18)",
        )

    # Real Ids are in the 18-character form already, with the suffix that staging
    # computes, so normalisation must return each one unchanged.
    assert changed == []


def test_fivetran_timestamps_parsed(fivetran_build: tuple[Path, Path]) -> None:
    real_folder, database_path = fivetran_build
    orders = read_csv_rows(real_folder / "sf_order_data.csv")
    expected = sorted(
        (row["id"], datetime.strptime(row["created_date"], "%Y-%m-%d %H:%M:%S"))
        for row in orders
    )

    parsed = query(
        database_path,
        "select order_id, created_at from staging.base_salesforce__orders order by 1",
    )

    assert parsed == expected
