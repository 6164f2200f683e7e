"""Tests of the conformance models on the bundled sample.

The generator injects three process deviations and lists their invoices in
data/sample/manifest.json. The matching rules of seeds/conformance_rules.csv must find
exactly those invoices. The rule kinds themselves have dbt unit tests in
models/intermediate/conformance/_int_conformance__unit_tests.yml.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DIR = REPO_ROOT / "data" / "sample"
BUILD_CONFORMANCE = [
    "build",
    "--select",
    "+fct_conformance_violations",
    "+mart_conformance_cases",
    "+mart_conformance",
    "--exclude-resource-type",
    "test",
    "unit_test",
]
# Manifest deviation name -> rule_id of the seed rule that detects it.
DEVIATION_RULES = {
    "sent_before_approval": "approval_before_sending",
    "approver_is_creator": "approver_not_creator",
    "reminder_before_due_date": "reminder_not_before_due_date",
}


def query(database_path: Path, sql: str, parameters: list | None = None) -> list[tuple]:
    with duckdb.connect(str(database_path), read_only=True) as connection:
        return connection.execute(sql, parameters or []).fetchall()


def violating_invoices(database_path: Path, rule_id: str) -> set[str]:
    rows = query(
        database_path,
        "select invoice_number from marts.fct_conformance_violations where rule_id = ?",
        [rule_id],
    )
    return {row[0] for row in rows}


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads((SAMPLE_DIR / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def conformance_build(
    tmp_path_factory: pytest.TempPathFactory,
    run_dbt: Callable[..., subprocess.CompletedProcess[str]],
) -> Path:
    """Build the conformance models on the sample into a new DuckDB file."""
    database_path = tmp_path_factory.mktemp("conformance") / "conformance.duckdb"
    run_dbt(BUILD_CONFORMANCE, SAMPLE_DIR, database_path)
    return database_path


@pytest.mark.parametrize("deviation", sorted(DEVIATION_RULES))
def test_deviation_count_matches(
    conformance_build: Path, manifest: dict, deviation: str
) -> None:
    found = violating_invoices(conformance_build, DEVIATION_RULES[deviation])
    assert len(found) == manifest["deviations"][deviation]["count"]


@pytest.mark.parametrize("deviation", sorted(DEVIATION_RULES))
def test_deviation_invoices_match(
    conformance_build: Path, manifest: dict, deviation: str
) -> None:
    found = violating_invoices(conformance_build, DEVIATION_RULES[deviation])
    assert found == set(manifest["deviations"][deviation]["invoices"])


def test_manifest_counts_20_per_deviation(manifest: dict) -> None:
    # docs/sample-data.md documents 20 invoices per deviation, so a generator change
    # fails here instead of passing unnoticed.
    counts = {name: manifest["deviations"][name]["count"] for name in DEVIATION_RULES}
    assert counts == dict.fromkeys(DEVIATION_RULES, 20)


def test_same_instant_send_keeps_precedence(
    conformance_build: Path, manifest: dict
) -> None:
    # These invoices send their first email at the same millisecond as the final
    # approval, and the approval's lower canonical rank orders it first.
    same_instant = {
        record["invoice"]
        for record in manifest["defects"]["same_instant_events"]["records"]
    }
    found = violating_invoices(conformance_build, "approval_before_sending")
    assert same_instant.isdisjoint(found)


def test_deviation_invoices_not_conformant(
    conformance_build: Path, manifest: dict
) -> None:
    deviating = sorted(
        {
            invoice
            for name in DEVIATION_RULES
            for invoice in manifest["deviations"][name]["invoices"]
        }
    )
    rows = query(
        conformance_build,
        "select invoice_number from marts.mart_conformance_cases"
        " where is_conformant and list_contains(?, invoice_number)",
        [deviating],
    )
    assert rows == []


def test_overall_adherence_counts_violations(
    conformance_build: Path, manifest: dict
) -> None:
    rows = query(
        conformance_build,
        "select rule_id, cases_violating from marts.mart_conformance"
        " where segment_type = 'overall'",
    )
    violating = dict(rows)
    expected = {
        rule_id: manifest["deviations"][name]["count"]
        for name, rule_id in DEVIATION_RULES.items()
    }
    assert {rule_id: violating[rule_id] for rule_id in expected} == expected


def test_every_invoice_has_a_case_row(conformance_build: Path) -> None:
    staged = query(
        conformance_build, "select count(*) from staging.stg_salesforce__invoices"
    )[0][0]
    cases = query(
        conformance_build, "select count(*) from marts.mart_conformance_cases"
    )[0][0]
    assert cases == staged
