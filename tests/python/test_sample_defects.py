"""The defects that the generator injected into the sample are each found by staging."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

# Base model of each Salesforce object that the injected defects touch.
BASE_MODELS = {
    "Account": "base_salesforce__accounts",
    "blng__Invoice__c": "base_salesforce__invoices",
    "blng__Invoice__History": "base_salesforce__invoice_history",
    "blng__Payment__c": "base_salesforce__payments",
    "blng__PaymentAllocationInvoice__c": "base_salesforce__payment_allocations",
    "EmailMessage": "base_salesforce__email_messages",
    "Task": "base_salesforce__tasks",
}
# Audit reason and field expected for each kind of unusable row.
AUDITED_DEFECTS = {
    "missing_invoice_number": "missing_value",
    "malformed_timestamps": "invalid_timestamp",
    "unknown_invoice_allocations": "unknown_parent",
}


def query(database_path: Path, sql: str, parameters: list | None = None) -> list:
    with duckdb.connect(str(database_path), read_only=True) as connection:
        return connection.execute(sql, parameters or []).fetchall()


def row_statuses(database_path: Path, record: dict) -> list[str]:
    """Return the row_status of every raw row of the record, in status order."""
    model = BASE_MODELS[record["object"]]
    key_column = query(
        database_path,
        "select column_name from information_schema.columns "
        "where table_schema = 'staging' and table_name = ? "
        "and column_name like '%_id_raw' order by ordinal_position limit 1",
        [model],
    )[0][0]
    rows = query(
        database_path,
        f"select row_status from staging.{model} where {key_column} = ? order by 1",
        [record["id"]],
    )
    return [status for (status,) in rows]


@pytest.mark.parametrize("defect", sorted(AUDITED_DEFECTS))
def test_audit_lists_injected_defect(
    sample_warehouse: Path, sample_manifest: dict, defect: str
) -> None:
    records = sample_manifest["defects"][defect]["records"]
    assert len(records) == sample_manifest["defects"][defect]["count"]
    for record in records:
        audited = query(
            sample_warehouse,
            "select audit_reason, audit_field, coalesce(audit_value, '') "
            "from staging.stg_salesforce__audit_rows "
            "where object_name = ? and record_id = ?",
            [record["object"], record["id"]],
        )
        assert audited == [(AUDITED_DEFECTS[defect], record["field"], record["value"])]


def test_audit_has_only_injected_rows(
    sample_warehouse: Path, sample_manifest: dict
) -> None:
    injected = sum(
        sample_manifest["defects"][defect]["count"] for defect in AUDITED_DEFECTS
    )
    audited = query(
        sample_warehouse, "select count(*) from staging.stg_salesforce__audit_rows"
    )[0][0]
    assert audited == injected


def test_soft_deleted_records_deleted(
    sample_warehouse: Path, sample_manifest: dict
) -> None:
    for record in sample_manifest["defects"]["soft_deleted"]["records"]:
        assert row_statuses(sample_warehouse, record) == ["deleted"], record


@pytest.mark.parametrize("defect", ["duplicate_versions", "duplicate_history_rows"])
def test_duplicates_superseded(
    sample_warehouse: Path, sample_manifest: dict, defect: str
) -> None:
    for record in sample_manifest["defects"][defect]["records"]:
        assert row_statuses(sample_warehouse, record) == ["staged", "superseded"], (
            record
        )


def test_older_version_not_staged(
    sample_warehouse: Path, sample_manifest: dict
) -> None:
    """The staged row of a duplicated account is its newest version."""
    for record in sample_manifest["defects"]["duplicate_versions"]["records"]:
        if record["object"] != "Account":
            continue
        staged_terms = query(
            sample_warehouse,
            "select payment_terms_raw from staging.base_salesforce__accounts "
            "where account_id_raw = ? and row_status = 'staged'",
            [record["id"]],
        )[0][0]
        superseded_terms = query(
            sample_warehouse,
            "select payment_terms_raw from staging.base_salesforce__accounts "
            "where account_id_raw = ? and row_status = 'superseded'",
            [record["id"]],
        )[0][0]
        assert superseded_terms == record["value"]
        assert staged_terms != record["value"]


def test_short_ids_join_parents(sample_warehouse: Path, sample_manifest: dict) -> None:
    """A lookup exported as 15 characters is staged and points at its parent."""
    records = sample_manifest["defects"]["short_ids"]["records"]
    assert len(records) > 0
    for record in records:
        assert len(record["value"]) == 15
        assert row_statuses(sample_warehouse, record) == ["staged"], record
