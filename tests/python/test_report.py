"""Tests of the summary report: sections, headline figures against the marts, and
rendering on thin warehouses (an empty month, an unknown region, one invoice, no
marts)."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb
import pytest
from o2c_tools.report.model import ReportFilters
from o2c_tools.report.rendering import write_report
from o2c_tools.report.sections import build_report
from o2c_tools.report.warehouse import Warehouse
from salesforce_export import OBJECT_COLUMNS, write_export

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DIR = REPO_ROOT / "data" / "sample"
CLI = REPO_ROOT / "scripts" / "render_report.py"
SECTION_IDS = [
    "headline",
    "process-map",
    "variants",
    "dso",
    "approval",
    "dunning",
    "reconciliation",
    "conformance",
    "findings",
    "data-quality",
]
# Tile key -> KPI code of mart_kpi_summary with the same all-regions figure.
TILE_KPIS = {
    "dso": "dso",
    "first_pass_rate": "first_pass_approval_rate",
    "median_approval": "median_approval_hours",
    "median_apply_cash": "median_hours_to_apply_cash",
    "open_ar": "open_ar",
}
ONE_INVOICE = "INV-000001"


def render(warehouse_path: Path, out_dir: Path, filters: ReportFilters):
    """Build and write the report; return the model and the two files' text."""
    warehouse = Warehouse(warehouse_path)
    try:
        report, maps = build_report(warehouse, filters)
    finally:
        warehouse.close()
    files = write_report(report, maps, out_dir)
    return (
        report,
        files.html_path.read_text(encoding="utf-8"),
        files.markdown_path.read_text(encoding="utf-8"),
    )


@pytest.fixture(scope="module")
def sample_report(sample_warehouse: Path, tmp_path_factory: pytest.TempPathFactory):
    return render(sample_warehouse, tmp_path_factory.mktemp("report"), ReportFilters())


def tiles_by_key(report) -> dict:
    return {tile.key: tile for tile in report.tiles}


@pytest.mark.parametrize("section_id", SECTION_IDS)
def test_section_present(sample_report, section_id: str) -> None:
    _, html, _ = sample_report
    assert f'<section id="{section_id}">' in html


def test_no_section_missing(sample_report) -> None:
    _, html, _ = sample_report
    assert "Not available in this warehouse" not in html


@pytest.mark.parametrize(("tile_key", "kpi_code"), TILE_KPIS.items())
def test_tile_equals_kpi_mart(
    sample_report, sample_warehouse: Path, tile_key: str, kpi_code: str
) -> None:
    tile = tiles_by_key(sample_report[0])[tile_key]
    with duckdb.connect(str(sample_warehouse), read_only=True) as connection:
        period, value = connection.execute(
            "select period_month_on, kpi_value from marts.mart_kpi_summary "
            "where kpi_code = ? and kpi_value is not null "
            "order by period_month_on desc limit 1",
            [kpi_code],
        ).fetchall()[0]
    assert tile.period == period
    assert float(tile.value) == pytest.approx(value)


def test_dso_change_equals_mart(sample_report, sample_warehouse: Path) -> None:
    tile = tiles_by_key(sample_report[0])["dso"]
    with duckdb.connect(str(sample_warehouse), read_only=True) as connection:
        (previous,) = connection.execute(
            "select kpi_value from marts.mart_kpi_summary where kpi_code = 'dso' "
            "and period_month_on = ? - interval 1 month",
            [tile.period],
        ).fetchall()[0]
    assert tile.change == pytest.approx(tile.value - previous)


def test_cycle_time_equals_mart(sample_report, sample_warehouse: Path) -> None:
    tile = tiles_by_key(sample_report[0])["median_cycle_time"]
    with duckdb.connect(str(sample_warehouse), read_only=True) as connection:
        (value,) = connection.execute(
            "select median_closed_cycle_time_hours from marts.mart_throughput_monthly "
            "where median_closed_cycle_time_hours is not null "
            "order by month_start_on desc limit 1"
        ).fetchall()[0]
    assert tile.value == pytest.approx(value)


def test_conformance_rate_equals_mart(sample_report, sample_warehouse: Path) -> None:
    tile = tiles_by_key(sample_report[0])["conformance_rate"]
    with duckdb.connect(str(sample_warehouse), read_only=True) as connection:
        conformant, total = connection.execute(
            "select count(*) filter (where is_conformant), count(*) "
            "from marts.mart_conformance_cases"
        ).fetchall()[0]
    assert tile.value == pytest.approx(conformant / total)


@pytest.mark.parametrize("tile_key", [*TILE_KPIS, "median_cycle_time"])
def test_tile_value_in_html(sample_report, tile_key: str) -> None:
    report, html, _ = sample_report
    tile = tiles_by_key(report)[tile_key]
    assert f'id="tile-{tile_key}" data-value="{tile.value}"' in html


def test_finding_count(sample_report) -> None:
    keys = [finding.key for finding in sample_report[0].findings]
    assert keys == ["bottleneck", "approval_segment", "rule", "late_payment"]


def test_bottleneck_equals_mart(sample_report, sample_warehouse: Path) -> None:
    finding = next(f for f in sample_report[0].findings if f.key == "bottleneck")
    with duckdb.connect(str(sample_warehouse), read_only=True) as connection:
        cases = connection.execute(
            "select count(distinct case_id) from marts.fct_process_events"
        ).fetchall()[0][0]
        (median,) = connection.execute(
            "select max(median_duration_hours) from marts.mart_transitions "
            "where not is_process_start and not is_process_end and case_count >= ? "
            "and to_activity <> 'Payment Due Date Reached'",
            [-(-cases * 5 // 100)],
        ).fetchall()[0]
    assert finding.figure == pytest.approx(median)


def test_late_payment_equals_mart(sample_report, sample_warehouse: Path) -> None:
    finding = next(f for f in sample_report[0].findings if f.key == "late_payment")
    with duckdb.connect(str(sample_warehouse), read_only=True) as connection:
        (value,) = connection.execute(
            "select kpi_value from marts.mart_kpi_summary "
            "where kpi_code = 'average_days_delinquent' and kpi_value is not null "
            "order by period_month_on desc limit 1"
        ).fetchall()[0]
    assert finding.figure == pytest.approx(value)


def test_finding_sentences_in_html(sample_report) -> None:
    report, html, _ = sample_report
    for finding in report.findings:
        assert f'id="finding-{finding.key}"' in html


def test_html_loads_nothing_outside(sample_report) -> None:
    _, html, _ = sample_report
    assert re.findall(r"""(?:src|href)\s*=\s*["']?(?!#)[a-z]+:""", html) == []
    assert "@import" not in html
    assert "url(http" not in html


def test_markdown_has_headline(sample_report) -> None:
    report, _, markdown = sample_report
    dso = tiles_by_key(report)["dso"]
    assert f"| DSO | {dso.value:.1f} d" in markdown


def test_markdown_has_findings(sample_report) -> None:
    report, _, markdown = sample_report
    for finding in report.findings:
        assert finding.sentence in markdown


def test_empty_month(sample_warehouse: Path, tmp_path: Path) -> None:
    report, html, _ = render(
        sample_warehouse, tmp_path, ReportFilters(as_of=date(2000, 1, 31))
    )
    assert tiles_by_key(report)["dso"].value is None
    assert 'id="chart-dso-by-region-empty"' in html


def test_unknown_region(sample_warehouse: Path, tmp_path: Path) -> None:
    report, html, _ = render(
        sample_warehouse, tmp_path, ReportFilters(region="Atlantis")
    )
    assert tiles_by_key(report)["dso"].value is None
    assert "Region: <strong>Atlantis</strong>" in html


def test_one_region_dso_equals_mart(sample_warehouse: Path, tmp_path: Path) -> None:
    report, _, _ = render(sample_warehouse, tmp_path, ReportFilters(region="EMEA"))
    tile = tiles_by_key(report)["dso"]
    with duckdb.connect(str(sample_warehouse), read_only=True) as connection:
        (value,) = connection.execute(
            "select dso_days from marts.mart_dso_monthly "
            "where region = 'EMEA' and month_start_on = ?",
            [tile.period],
        ).fetchall()[0]
    assert tile.value == pytest.approx(value)


def sample_rows(object_name: str) -> list[dict[str, str]]:
    """Read one object of the bundled sample, keeping the test export's columns."""
    columns = OBJECT_COLUMNS[object_name]
    with (SAMPLE_DIR / f"{object_name}.csv").open(encoding="utf-8") as handle:
        return [
            {column: row.get(column) or "" for column in columns}
            for row in csv.DictReader(handle)
        ]


def one_invoice_rows(invoice_number: str) -> dict[str, list[dict[str, str]]]:
    """Select the sample's records of one invoice: its account, order, payments,
    approvals, reminders and e-mails, with every user and exchange rate."""
    invoices = [
        row for row in sample_rows("blng__Invoice__c") if row["Name"] == invoice_number
    ]
    invoice_id = invoices[0]["Id"]
    allocations = [
        row
        for row in sample_rows("blng__PaymentAllocationInvoice__c")
        if row["blng__Invoice__c"] == invoice_id
    ]
    payment_ids = {row["blng__Payment__c"] for row in allocations}
    payments = [
        row
        for row in sample_rows("blng__Payment__c")
        if row["Id"] in payment_ids or row["blng__Invoice__c"] == invoice_id
    ]
    payment_ids |= {row["Id"] for row in payments}
    instances = [
        row
        for row in sample_rows("ProcessInstance")
        if row["TargetObjectId"] == invoice_id
    ]
    instance_ids = {row["Id"] for row in instances}
    order_ids = {row["blng__Order__c"] for row in invoices}
    account_ids = {row["blng__Account__c"] for row in invoices}
    return {
        "User": sample_rows("User"),
        "DatedConversionRate": sample_rows("DatedConversionRate"),
        "Account": [r for r in sample_rows("Account") if r["Id"] in account_ids],
        "Order": [r for r in sample_rows("Order") if r["Id"] in order_ids],
        "OrderHistory": [
            r for r in sample_rows("OrderHistory") if r["OrderId"] in order_ids
        ],
        "blng__Invoice__c": invoices,
        "blng__Invoice__History": [
            r
            for r in sample_rows("blng__Invoice__History")
            if r["ParentId"] == invoice_id
        ],
        "blng__Payment__c": payments,
        "blng__Payment__History": [
            r
            for r in sample_rows("blng__Payment__History")
            if r["ParentId"] in payment_ids
        ],
        "blng__PaymentAllocationInvoice__c": allocations,
        "blng__CreditNote__c": [
            r
            for r in sample_rows("blng__CreditNote__c")
            if r["blng__RelatedInvoice__c"] == invoice_id
        ],
        "ProcessInstance": instances,
        "ProcessInstanceStep": [
            r
            for r in sample_rows("ProcessInstanceStep")
            if r["ProcessInstanceId"] in instance_ids
        ],
        "Task": [r for r in sample_rows("Task") if r["WhatId"] == invoice_id],
        "EmailMessage": [
            r for r in sample_rows("EmailMessage") if r["RelatedToId"] == invoice_id
        ],
    }


@pytest.fixture(scope="module")
def one_invoice_warehouse(
    tmp_path_factory: pytest.TempPathFactory,
    run_dbt: Callable[..., subprocess.CompletedProcess[str]],
) -> Path:
    folder = tmp_path_factory.mktemp("one_invoice")
    export_path = write_export(folder / "export", one_invoice_rows(ONE_INVOICE))
    database_path = folder / "one.duckdb"
    run_dbt(
        ["build", "--exclude-resource-type", "test", "unit_test"],
        export_path,
        database_path,
    )
    return database_path


def test_one_invoice_renders(one_invoice_warehouse: Path, tmp_path: Path) -> None:
    _, html, _ = render(one_invoice_warehouse, tmp_path, ReportFilters())
    assert html.count("<section id=") == len(SECTION_IDS)
    assert 'class="process-map"' in html


def test_one_invoice_conformance(one_invoice_warehouse: Path, tmp_path: Path) -> None:
    report, _, _ = render(one_invoice_warehouse, tmp_path, ReportFilters())
    assert "of 1 invoices" in tiles_by_key(report)["conformance_rate"].note


def test_warehouse_without_marts(tmp_path: Path) -> None:
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    _, html, _ = render(empty, tmp_path / "out", ReportFilters())
    assert html.count("Not available in this warehouse") >= 5


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(CLI), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_cli_missing_warehouse(tmp_path: Path) -> None:
    missing = tmp_path / "absent.duckdb"
    completed = run_cli("--warehouse", str(missing), "--out", str(tmp_path))
    assert completed.returncode == 3
    assert str(missing) in completed.stderr
    assert "make run" in completed.stderr


def test_cli_invalid_date(tmp_path: Path) -> None:
    completed = run_cli("--as-of", "31/12/2024", "--out", str(tmp_path))
    assert completed.returncode == 2


def test_cli_prints_path(sample_warehouse: Path, tmp_path: Path) -> None:
    completed = run_cli(
        "--warehouse", str(sample_warehouse), "--out", str(tmp_path / "out")
    )
    assert completed.returncode == 0
    assert str((tmp_path / "out" / "report.html").resolve()) in completed.stdout


@pytest.fixture(scope="module")
def imported_warehouse(
    tmp_path_factory: pytest.TempPathFactory,
    run_dbt: Callable[..., subprocess.CompletedProcess[str]],
) -> Path:
    """Build the marts from the template's example log, not a Salesforce export."""
    folder = tmp_path_factory.mktemp("imported")
    database_path = folder / "imported.duckdb"
    example = REPO_ROOT / "templates" / "event_log_example.csv"
    subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "scripts" / "import_event_log.py"),
            str(example),
            "--database",
            str(database_path),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    run_dbt(
        ["build", "--exclude-resource-type", "test", "unit_test"],
        folder,
        database_path,
        vars={"event_log_source": "imported"},
    )
    return database_path


def test_imported_log_explains_empty(imported_warehouse: Path, tmp_path: Path) -> None:
    _, html, markdown = render(imported_warehouse, tmp_path, ReportFilters())
    assert html.count("Empty for this event log") == 5
    assert "event_log_example.csv" in markdown
    assert 'class="process-map"' in html
