"""Tests of the Salesforce export generator (scripts/generate_salesforce_export.py)."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from o2c_tools.export_generator import GeneratorConfig, generate_export
from o2c_tools.salesforce_ids import IdFactory, checksum_suffix, to_18

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "generate_salesforce_export.py"
SAMPLE_DIR = REPO_ROOT / "data" / "sample"

DATETIME_COLUMNS = (
    "CreatedDate",
    "SystemModstamp",
    "ActivatedDate",
    "CompletedDate",
    "CompletedDateTime",
    "MessageDate",
)
DATETIME_PATTERN = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{4})$"
)
ID_COLUMNS = {
    "Account": ("Id",),
    "User": ("Id",),
    "Order": ("Id", "AccountId"),
    "OrderHistory": ("Id", "OrderId", "CreatedById"),
    "blng__Invoice__c": (
        "Id",
        "blng__Account__c",
        "blng__Order__c",
        "OwnerId",
        "CreatedById",
    ),
    "blng__Invoice__History": ("Id", "ParentId", "CreatedById"),
    "blng__Payment__c": ("Id", "blng__Account__c", "blng__Invoice__c", "CreatedById"),
    "blng__Payment__History": ("Id", "ParentId", "CreatedById"),
    "blng__PaymentAllocationInvoice__c": (
        "Id",
        "blng__Payment__c",
        "blng__Invoice__c",
        "CreatedById",
    ),
    "blng__CreditNote__c": ("Id", "blng__RelatedInvoice__c", "CreatedById"),
    "ProcessInstance": ("Id", "TargetObjectId", "SubmittedById"),
    "ProcessInstanceStep": ("Id", "ProcessInstanceId", "ActorId", "OriginalActorId"),
    "Task": ("Id", "WhatId", "OwnerId"),
    "EmailMessage": ("Id", "RelatedToId", "CreatedById"),
    "DatedConversionRate": ("Id",),
}


def suffix_by_hand(id15: str) -> str:
    """Compute the 18-character suffix without the module under test."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
    suffix = ""
    for chunk in (id15[0:5], id15[5:10], id15[10:15]):
        value = 0
        for position, char in enumerate(chunk):
            if char.isascii() and char.isupper():
                value += 2**position
        suffix += alphabet[value]
    return suffix


def generate(folder: Path, invoices: int, seed: int, file_format: str = "csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    generate_export(GeneratorConfig(folder, invoices, seed, file_format))
    return folder


def read_rows(folder: Path, object_name: str) -> list[dict[str, str]]:
    with (folder / f"{object_name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def parse_timestamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%z")


def latest_versions(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    """Keep the newest version (max SystemModstamp) of every non-deleted record."""
    latest: dict[str, dict[str, str]] = {}
    for row in rows:
        current = latest.get(row["Id"])
        stamp = parse_timestamp(row["SystemModstamp"])
        if current is None or stamp > parse_timestamp(current["SystemModstamp"]):
            latest[row["Id"]] = row
    return {key: row for key, row in latest.items() if row["IsDeleted"] == "false"}


def full_id(value: str) -> str:
    return value + suffix_by_hand(value) if len(value) == 15 else value


@pytest.fixture(scope="module")
def sample_sized_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh export with the bundled sample's size and seed."""
    return generate(tmp_path_factory.mktemp("export"), 2000, 20240101)


@pytest.fixture(scope="module")
def small_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("small"), 200, 7)


# Salesforce Ids


def test_checksum_suffix_known_values() -> None:
    assert checksum_suffix("001A0000006Vm9r") == "IAC"
    assert checksum_suffix("000000000000000") == "AAA"
    assert checksum_suffix("ZZZZZZZZZZZZZZZ") == "555"
    assert to_18("a0Ib0000001AbCd") == "a0Ib0000001AbCd" + suffix_by_hand(
        "a0Ib0000001AbCd"
    )


def test_id_factory_unique_mixed_case() -> None:
    import random

    factory = IdFactory(random.Random(1))
    issued = [factory.new_id("a0I") for _ in range(20_000)]
    assert len(set(issued)) == len(issued)
    for value in issued[:500]:
        body = value[3:15]
        assert any(char.isupper() for char in body), value
        assert any(char.islower() for char in body), value
        assert value[15:] == suffix_by_hand(value[:15])


# Determinism


def test_same_seed_identical_bytes(tmp_path: Path) -> None:
    first = generate(tmp_path / "first", 200, 42)
    second = generate(tmp_path / "second", 200, 42)
    names = sorted(path.name for path in first.iterdir())
    assert names == sorted(path.name for path in second.iterdir())
    assert len(names) == 16
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_different_seed_differs(tmp_path: Path) -> None:
    first = generate(tmp_path / "first", 200, 42)
    second = generate(tmp_path / "second", 200, 43)
    invoice_file = "blng__Invoice__c.csv"
    assert (first / invoice_file).read_bytes() != (second / invoice_file).read_bytes()
    first_ids = {row["Id"] for row in read_rows(first, "blng__Invoice__c")}
    second_ids = {row["Id"] for row in read_rows(second, "blng__Invoice__c")}
    assert not first_ids & second_ids


def test_bundled_sample_matches_generation(tmp_path: Path) -> None:
    manifest = read_manifest(SAMPLE_DIR)
    config = GeneratorConfig(
        out_dir=tmp_path,
        invoices=manifest["invoices"],
        seed=manifest["seed"],
        file_format=manifest["format"],
        start_date=date.fromisoformat(manifest["start_date"]),
        months=manifest["months"],
    )
    generate_export(config)
    bundled = sorted(path.name for path in SAMPLE_DIR.iterdir())
    assert bundled == sorted(path.name for path in tmp_path.iterdir())
    for name in bundled:
        assert (SAMPLE_DIR / name).read_bytes() == (tmp_path / name).read_bytes(), name


# File format and manifest


def test_manifest_row_counts_match_files(small_export: Path) -> None:
    manifest = read_manifest(small_export)
    assert set(manifest["objects"]) == set(ID_COLUMNS)
    for object_name, entry in manifest["objects"].items():
        assert entry["file"] == f"{object_name}.csv"
        assert len(read_rows(small_export, object_name)) == entry["rows"], object_name


def test_manifest_is_sorted_json(small_export: Path) -> None:
    text = (small_export / "manifest.json").read_text(encoding="utf-8")
    manifest = json.loads(text)
    assert (
        text
        == json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    )
    assert manifest["extracted_at"] == "2025-01-31T06:00:00.000Z"
    assert manifest["corporate_currency"] == "USD"
    assert manifest["integration_users"][0]["name"] == "Billing Integration"


def test_csv_headers_and_newlines(small_export: Path) -> None:
    data = (small_export / "blng__Invoice__c.csv").read_bytes()
    assert b"\r" not in data
    header = data.split(b"\n", 1)[0].decode()
    assert header.startswith("Id,Name,blng__Account__c,blng__Order__c,")
    assert header.endswith(",Payment_Terms__c,Billing_Department__c")


def test_amounts_have_two_decimals(small_export: Path) -> None:
    amount_pattern = re.compile(r"^\d+\.\d{2}$")
    for object_name, column in (
        ("blng__Invoice__c", "blng__TotalAmount__c"),
        ("blng__Invoice__c", "blng__Balance__c"),
        ("blng__Payment__c", "blng__Amount__c"),
        ("blng__PaymentAllocationInvoice__c", "blng__Amount__c"),
        ("blng__CreditNote__c", "blng__TotalAmount__c"),
    ):
        for row in read_rows(small_export, object_name):
            assert amount_pattern.match(row[column]), (object_name, row[column])


# Ids


def test_every_id_has_valid_suffix(sample_sized_export: Path) -> None:
    manifest = read_manifest(sample_sized_export)
    short_values = {
        record["value"] for record in manifest["defects"]["short_ids"]["records"]
    }
    for object_name, columns in ID_COLUMNS.items():
        for row in read_rows(sample_sized_export, object_name):
            for column in columns:
                value = row[column]
                if value == "" and column != "Id":
                    continue
                if len(value) == 15:
                    assert value in short_values, (object_name, column, value)
                    continue
                assert len(value) == 18, (object_name, column, value)
                assert value[15:] == suffix_by_hand(value[:15]), (object_name, value)


def test_short_ids_prefix_existing_records(sample_sized_export: Path) -> None:
    manifest = read_manifest(sample_sized_export)
    records = manifest["defects"]["short_ids"]["records"]
    assert len(records) >= 3
    assert {record["field"] for record in records} == {
        "blng__Account__c",
        "RelatedToId",
        "blng__Invoice__c",
    }
    existing = set()
    for object_name in ID_COLUMNS:
        existing.update(
            row["Id"] for row in read_rows(sample_sized_export, object_name)
        )
    for record in records:
        assert len(record["value"]) == 15
        assert full_id(record["value"]) in existing, record
        rows = read_rows(sample_sized_export, record["object"])
        written = [row[record["field"]] for row in rows if row["Id"] == record["id"]]
        assert written == [record["value"]]


# Timeline


def test_no_timestamp_after_extraction(sample_sized_export: Path) -> None:
    manifest = read_manifest(sample_sized_export)
    extracted_at = parse_timestamp(manifest["extracted_at"])
    malformed = {
        (record["object"], record["id"], record["field"])
        for record in manifest["defects"]["malformed_timestamps"]["records"]
    }
    unparsable = set()
    latest = None
    for object_name in ID_COLUMNS:
        for row in read_rows(sample_sized_export, object_name):
            for column in DATETIME_COLUMNS:
                value = row.get(column, "")
                if not value:
                    continue
                try:
                    moment = parse_timestamp(value)
                except ValueError:
                    unparsable.add((object_name, row["Id"], column))
                    continue
                assert DATETIME_PATTERN.match(value), (object_name, row["Id"], value)
                assert moment <= extracted_at, (object_name, row["Id"], column, value)
                if column == "SystemModstamp":
                    latest = moment if latest is None else max(latest, moment)
    assert unparsable == malformed
    assert latest == extracted_at


def test_local_offsets_are_written(sample_sized_export: Path) -> None:
    tasks = read_rows(sample_sized_export, "Task")
    completed = [row["CompletedDateTime"] for row in tasks if row["CompletedDateTime"]]
    with_offset = [value for value in completed if re.search(r"[+-]\d{4}$", value)]
    assert 0.1 < len(with_offset) / len(completed) < 0.3
    assert all(not value.endswith("+0000") for value in with_offset)
    emails = read_rows(sample_sized_export, "EmailMessage")
    zero_offset = [row for row in emails if row["MessageDate"].endswith("+0000")]
    assert 0.05 < len(zero_offset) / len(emails) < 0.15


# Amounts


def test_balance_equals_total_minus_cash_and_credit(sample_sized_export: Path) -> None:
    invoices = latest_versions(read_rows(sample_sized_export, "blng__Invoice__c"))
    allocated: dict[str, Decimal] = defaultdict(Decimal)
    for row in read_rows(sample_sized_export, "blng__PaymentAllocationInvoice__c"):
        if row["IsDeleted"] == "true":
            continue
        sign = 1 if row["blng__Type__c"] == "Allocation" else -1
        allocated[full_id(row["blng__Invoice__c"])] += sign * Decimal(
            row["blng__Amount__c"]
        )
    credited: dict[str, Decimal] = defaultdict(Decimal)
    for row in read_rows(sample_sized_export, "blng__CreditNote__c"):
        if row["IsDeleted"] == "false" and row["blng__Status__c"] == "Posted":
            credited[row["blng__RelatedInvoice__c"]] += Decimal(
                row["blng__TotalAmount__c"]
            )

    assert len(invoices) > 2000
    for invoice_id, row in invoices.items():
        total = Decimal(row["blng__TotalAmount__c"])
        expected = total - allocated[invoice_id] - credited[invoice_id]
        assert Decimal(row["blng__Balance__c"]) == expected, row["Name"]
        assert expected >= 0, row["Name"]
        if row["blng__InvoiceStatus__c"] == "Cancelled":
            assert expected == 0, row["Name"]


def test_older_versions_differ_and_are_older(sample_sized_export: Path) -> None:
    manifest = read_manifest(sample_sized_export)
    records = manifest["defects"]["duplicate_versions"]["records"]
    assert {record["object"] for record in records} == {
        "Account",
        "blng__Invoice__c",
        "blng__Payment__c",
    }
    for record in records:
        versions = [
            row
            for row in read_rows(sample_sized_export, record["object"])
            if row["Id"] == record["id"]
        ]
        assert len(versions) == 2, record
        versions.sort(key=lambda row: parse_timestamp(row["SystemModstamp"]))
        older, newer = versions
        assert older["SystemModstamp"] < newer["SystemModstamp"]
        assert older[record["field"]] == record["value"]
        assert newer[record["field"]] != record["value"]


# Defects and deviations are exactly the listed ones


def _staged_invoices(folder: Path) -> dict[str, dict[str, str]]:
    return latest_versions(read_rows(folder, "blng__Invoice__c"))


def _final_approvals(folder: Path) -> dict[str, tuple[datetime, set[str]]]:
    """Map invoice Id to its final approval time and the approvers of that instance."""
    instances = {
        row["Id"]: row
        for row in read_rows(folder, "ProcessInstance")
        if row["Status"] == "Approved"
    }
    approvals: dict[str, tuple[datetime, set[str]]] = {}
    for step in read_rows(folder, "ProcessInstanceStep"):
        instance = instances.get(step["ProcessInstanceId"])
        if instance is None or step["StepStatus"] != "Approved":
            continue
        invoice_id = instance["TargetObjectId"]
        moment = parse_timestamp(step["CreatedDate"])
        previous_time, actors = approvals.get(invoice_id, (moment, set()))
        approvals[invoice_id] = (max(previous_time, moment), actors | {step["ActorId"]})
    return approvals


def test_sent_before_approval_exact(sample_sized_export: Path) -> None:
    manifest = read_manifest(sample_sized_export)
    invoices = _staged_invoices(sample_sized_export)
    approvals = _final_approvals(sample_sized_export)
    first_sent: dict[str, datetime] = {}
    for row in read_rows(sample_sized_export, "EmailMessage"):
        if (
            row["Status"] != "3"
            or row["Incoming"] != "false"
            or row["IsDeleted"] == "true"
        ):
            continue
        invoice_id = full_id(row["RelatedToId"])
        moment = parse_timestamp(row["MessageDate"])
        first_sent[invoice_id] = min(first_sent.get(invoice_id, moment), moment)
    found = sorted(
        invoices[invoice_id]["Name"]
        for invoice_id, sent in first_sent.items()
        if invoice_id in approvals and sent < approvals[invoice_id][0]
    )
    listed = manifest["deviations"]["sent_before_approval"]["invoices"]
    assert 10 <= len(listed) <= 40
    assert found == sorted(listed)


def test_approver_is_creator_exact(sample_sized_export: Path) -> None:
    manifest = read_manifest(sample_sized_export)
    invoices = _staged_invoices(sample_sized_export)
    approvals = _final_approvals(sample_sized_export)
    found = sorted(
        row["Name"]
        for invoice_id, row in invoices.items()
        if invoice_id in approvals and row["CreatedById"] in approvals[invoice_id][1]
    )
    listed = manifest["deviations"]["approver_is_creator"]["invoices"]
    assert 10 <= len(listed) <= 40
    assert found == sorted(listed)


def test_reminder_before_due_date_exact(sample_sized_export: Path) -> None:
    manifest = read_manifest(sample_sized_export)
    invoices = _staged_invoices(sample_sized_export)
    found = set()
    for task in read_rows(sample_sized_export, "Task"):
        if task["IsDeleted"] == "true" or not task["Subject"].startswith(
            "Payment Reminder"
        ):
            continue
        invoice = invoices[task["WhatId"]]
        completed = parse_timestamp(task["CompletedDateTime"])
        due = date.fromisoformat(invoice["blng__DueDate__c"])
        before_in_utc = completed.astimezone(UTC).date() < due
        before_in_local_time = completed.date() < due
        assert before_in_utc == before_in_local_time, task["Id"]
        if before_in_utc:
            found.add(invoice["Name"])
    listed = manifest["deviations"]["reminder_before_due_date"]["invoices"]
    assert 10 <= len(listed) <= 40
    assert sorted(found) == sorted(listed)


def test_defect_counts_in_range(sample_sized_export: Path) -> None:
    manifest = read_manifest(sample_sized_export)
    for kind, entry in manifest["defects"].items():
        assert 3 <= entry["count"] <= 10, kind
        assert entry["count"] == len(entry["records"]), kind


def test_same_instant_events_match_approval(sample_sized_export: Path) -> None:
    manifest = read_manifest(sample_sized_export)
    invoices = _staged_invoices(sample_sized_export)
    by_name = {row["Name"]: invoice_id for invoice_id, row in invoices.items()}
    approvals = _final_approvals(sample_sized_export)
    records = manifest["defects"]["same_instant_events"]["records"]
    assert records
    for record in records:
        approved_at = approvals[by_name[record["invoice"]]][0]
        assert parse_timestamp(record["value"]) == approved_at, record


def test_standalone_defects_have_no_children(sample_sized_export: Path) -> None:
    manifest = read_manifest(sample_sized_export)
    lonely_ids = {
        record["id"]
        for record in manifest["defects"]["missing_invoice_number"]["records"]
    }
    lonely_ids |= {
        record["id"]
        for record in manifest["defects"]["soft_deleted"]["records"]
        if record["object"] == "blng__Invoice__c"
    }
    assert lonely_ids
    for object_name, column in (
        ("blng__Payment__c", "blng__Invoice__c"),
        ("blng__PaymentAllocationInvoice__c", "blng__Invoice__c"),
        ("EmailMessage", "RelatedToId"),
        ("Task", "WhatId"),
        ("ProcessInstance", "TargetObjectId"),
        ("blng__Invoice__History", "ParentId"),
        ("blng__CreditNote__c", "blng__RelatedInvoice__c"),
    ):
        for row in read_rows(sample_sized_export, object_name):
            assert full_id(row[column]) not in lonely_ids, (object_name, row["Id"])

    invoice_ids = {
        row["Id"] for row in read_rows(sample_sized_export, "blng__Invoice__c")
    }
    for record in manifest["defects"]["unknown_invoice_allocations"]["records"]:
        assert record["value"] not in invoice_ids
        assert record["value"][15:] == suffix_by_hand(record["value"][:15])


# Parquet and command line


def test_parquet_matches_csv(tmp_path: Path) -> None:
    pyarrow_parquet = pytest.importorskip("pyarrow.parquet")
    csv_folder = generate(tmp_path / "csv", 100, 5)
    parquet_folder = generate(tmp_path / "parquet", 100, 5, "parquet")
    for object_name in ID_COLUMNS:
        table = pyarrow_parquet.read_table(parquet_folder / f"{object_name}.parquet")
        expected = read_rows(csv_folder, object_name)
        assert table.column_names == list(expected[0].keys()) if expected else True
        actual = table.to_pylist()
        assert len(actual) == len(expected), object_name
        for got, want in zip(actual, expected, strict=True):
            assert got == {key: (value or None) for key, value in want.items()}
    manifest = read_manifest(parquet_folder)
    assert manifest["format"] == "parquet"
    assert manifest["objects"]["Task"]["file"] == "Task.parquet"


def run_cli(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *arguments],
        capture_output=True,
        text=True,
        check=False,
    )


def test_cli_rejects_zero_invoices(tmp_path: Path) -> None:
    result = run_cli("--out", str(tmp_path / "out"), "--invoices", "0", "--seed", "1")
    assert result.returncode == 2
    assert "invalid value 0" in result.stderr


def test_cli_rejects_unknown_format(tmp_path: Path) -> None:
    result = run_cli(
        "--out",
        str(tmp_path / "out"),
        "--invoices",
        "5",
        "--seed",
        "1",
        "--format",
        "xml",
    )
    assert result.returncode == 2
    assert "'xml'" in result.stderr


def test_cli_rejects_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    result = run_cli("--out", str(tmp_path), "--invoices", "5", "--seed", "1")
    assert result.returncode == 2
    assert "--overwrite" in result.stderr
    assert str(tmp_path) in result.stderr


def test_cli_overwrite_keeps_other_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    arguments = (
        "--out",
        str(tmp_path),
        "--invoices",
        "5",
        "--seed",
        "1",
        "--overwrite",
    )
    result = run_cli(*arguments)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert read_manifest(tmp_path)["invoices"] == 5
    assert "wrote 16 files" in result.stderr
