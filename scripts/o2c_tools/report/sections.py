"""Assemble the report: query each section's marts, draw its charts, pick findings."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date
from pathlib import PurePath
from typing import Any

from . import charts, findings, queries
from .model import (
    ALL_REGIONS,
    Chart,
    Column,
    Finding,
    Report,
    ReportFilters,
    Section,
    Table,
)
from .process_map import Edge, ProcessMap, draw_process_map, select_slow_edges
from .sources import describe_data_source
from .warehouse import Warehouse

LOGGER = logging.getLogger(__name__)


def plural(count: int, noun: str) -> str:
    """Return the count with the noun, adding an s unless the count is 1."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


# Edge cut-offs of the process map: the first is shown by default and printed.
MAP_EDGE_LIMITS: tuple[int | None, ...] = (15, 30, None)
SLOW_EDGE_COUNT = 3
SLOWEST_TABLE_ROWS = 5
VARIANT_LIMIT = 10
TABLE_MONTHS = 12
CONFORMANCE_SEGMENT_LIMIT = 10
# A conformance segment needs this many checked cases to be ranked.
MIN_CONFORMANCE_SEGMENT_CASES = 20


def missing_text(relations: list[str]) -> str:
    names = ", ".join(relation.split(".")[-1] for relation in relations)
    return f"Not available in this warehouse: {names} is not built."


def month_series(
    rows: list[dict[str, Any]], month_key: str, group_key: str, value_key: str
) -> dict[str, list[tuple[date, Any]]]:
    """Split month rows into one series of (month, value) per group."""
    series: dict[str, list[tuple[date, Any]]] = defaultdict(list)
    for row in rows:
        series[row[group_key]].append((row[month_key], row[value_key]))
    return dict(series)


def latest_months(rows: list[dict[str, Any]], month_key: str) -> list[date]:
    months = sorted({row[month_key] for row in rows}, reverse=True)
    return months[:TABLE_MONTHS]


def build_process_map_section(
    warehouse: Warehouse, case_total: int
) -> tuple[Section, list[Edge], list[ProcessMap]]:
    section = Section(
        2,
        "process-map",
        "Process map",
        intro=(
            "Activities are boxes with the number of cases that contain them. "
            "Arrows are directly-follows transitions labelled with their count and "
            "median duration; thicker arrows are more frequent, dashed arrows go "
            "back to an earlier step."
        ),
    )
    section.missing = warehouse.missing(queries.TRANSITIONS)
    if section.missing:
        return section, [], []
    edges = [
        Edge(
            source=row["from_activity"],
            target=row["to_activity"],
            transition_count=int(row["transition_count"]),
            case_count=int(row["case_count"]),
            median_hours=row["median_duration_hours"],
            is_pseudo=bool(row["is_process_start"] or row["is_process_end"]),
            is_self_loop=bool(row["is_self_loop"]),
        )
        for row in queries.query_transitions(warehouse)
    ]
    activity_cases = queries.query_activity_cases(warehouse)
    min_cases = findings.min_cases_for(case_total)
    # A cut-off at or above the number of transitions would draw the same map twice.
    limits = [limit for limit in MAP_EDGE_LIMITS if limit is None or limit < len(edges)]
    maps = [
        draw_process_map(
            f"process-map-{limit or 'all'}",
            edges,
            activity_cases,
            limit,
            min_cases,
            SLOW_EDGE_COUNT,
        )
        for limit in limits
    ]
    default_count = min(MAP_EDGE_LIMITS[0], len(edges))
    section.notes.append(
        f"Red arrows are the {SLOW_EDGE_COUNT} slowest transitions by median among "
        f"those taken by at least {plural(min_cases, 'case')} (5% of "
        f"{case_total:,}). The map shows the {default_count} most frequent of "
        f"{len(edges):,} transitions by default, and the print version shows that "
        "cut-off. It covers all regions and months of the warehouse."
    )
    slow = select_slow_edges(edges, min_cases, SLOWEST_TABLE_ROWS)
    section.tables.append(
        Table(
            "Slowest frequent transitions",
            [
                Column("source", "From"),
                Column("target", "To"),
                Column("case_count", "Cases", "int"),
                Column("transition_count", "Transitions", "int"),
                Column("median_hours", "Median", "duration"),
            ],
            [edge.__dict__ for edge in slow],
            empty_message=(f"No transition is taken by at least {min_cases:,} cases."),
        )
    )
    return section, edges, maps


def build_variants_section(warehouse: Warehouse) -> Section:
    section = Section(
        3,
        "variants",
        "Top variants",
        intro="A variant is one sequence of activities; cases that follow the same "
        "sequence share it.",
    )
    section.missing = warehouse.missing(queries.VARIANTS)
    if section.missing:
        return section
    rows = queries.query_variants(warehouse, VARIANT_LIMIT)
    for row in rows:
        row["sequence"] = row["activity_sequence"]
    section.notes.append(
        f"The {min(VARIANT_LIMIT, len(rows))} most frequent of "
        f"{queries.query_variant_count(warehouse):,} variants; all regions and "
        "months."
    )
    section.tables.append(
        Table(
            "Variants by number of cases",
            [
                Column("variant_rank", "Rank", "int"),
                Column("case_count", "Cases", "int"),
                Column("case_share", "Share", "ratio"),
                Column("cumulative_case_share", "Cumulative", "ratio"),
                Column("median_case_duration_hours", "Median duration",
                       "hours_as_days"),
                Column("activity_count", "Steps", "int"),
                Column("sequence", "Activities", "sequence"),
            ],
            rows,
        )
    )  # fmt: skip
    return section


def build_dso_section(
    warehouse: Warehouse, filters: ReportFilters
) -> tuple[Section, list[dict[str, Any]]]:
    section = Section(
        4,
        "dso",
        "DSO, best possible DSO and average days delinquent",
        intro=(
            "DSO is open receivables at month end over the month's credit sales, "
            "times the days of the month. Best possible DSO counts only receivables "
            "not yet due; the difference, average days delinquent, is the part due "
            "to late payment."
        ),
    )
    section.missing = warehouse.missing(queries.DSO)
    if section.missing:
        return section, []
    rows = queries.query_dso_months(warehouse, filters)
    scope = filters.region_scope
    scope_rows = [row for row in rows if row["region"] == scope]
    by_region = [row for row in rows if row["region"] != ALL_REGIONS]
    section.charts.append(
        Chart(
            "chart-dso-by-region",
            "DSO per month by region",
            charts.line_chart(
                "chart-dso-by-region",
                "DSO per month by region",
                month_series(by_region, "month_start_on", "region", "dso_days"),
                "days",
            ),
        )
    )
    section.charts.append(
        Chart(
            "chart-dso-components",
            f"DSO, best possible DSO and average days delinquent ({scope})",
            charts.line_chart(
                "chart-dso-components",
                f"DSO components ({scope})",
                {
                    "DSO": [(r["month_start_on"], r["dso_days"]) for r in scope_rows],
                    "Best possible DSO": [
                        (r["month_start_on"], r["best_possible_dso_days"])
                        for r in scope_rows
                    ],
                    "Average days delinquent": [
                        (r["month_start_on"], r["average_days_delinquent"])
                        for r in scope_rows
                    ],
                },
                "days",
            ),
        )
    )
    months = set(latest_months(rows, "month_start_on"))
    section.tables.append(
        Table(
            f"Per month, latest {TABLE_MONTHS} months, by region",
            [
                Column("month_start_on", "Month", "month"),
                Column("region", "Region"),
                Column("dso_days", "DSO", "days"),
                Column("best_possible_dso_days", "Best possible DSO", "days"),
                Column("average_days_delinquent", "Avg. days delinquent", "days"),
                Column("collection_effectiveness_index_percent", "CEI", "percent"),
                Column("ending_ar_amount", "Open AR", "amount"),
                Column("ending_past_due_ar_amount", "Past-due AR", "amount"),
            ],
            sorted(
                (row for row in rows if row["month_start_on"] in months),
                key=lambda row: (
                    -row["month_start_on"].toordinal(),
                    row["region"] != ALL_REGIONS,
                    row["region"],
                ),
            ),
        )
    )  # fmt: skip
    section.notes.append(
        "A month without credit sales has no DSO (shown as n/a); the month of the "
        "as-of moment is partial."
    )
    return section, rows


def build_approval_section(
    warehouse: Warehouse, filters: ReportFilters
) -> tuple[Section, list[dict[str, Any]]]:
    section = Section(
        5,
        "approval",
        "Approval: first-pass rate and approval time",
        intro=(
            "First-pass approval rate is the share of decided invoices approved in "
            "their first round; approval time runs from the first submission to the "
            "final approval."
        ),
    )
    section.missing = warehouse.missing(queries.APPROVAL_SUMMARY)
    if section.missing:
        return section, []
    rows = queries.query_approval_months(warehouse, filters)
    regions = [row for row in rows if row["dimension_name"] == "region"]
    section.charts.append(
        Chart(
            "chart-approval-hours",
            "Median approval time per month by region",
            charts.line_chart(
                "chart-approval-hours",
                "Median approval time per month by region",
                month_series(
                    regions,
                    "submitted_month_on",
                    "dimension_value",
                    "median_approval_cycle_hours",
                ),
                "hours",
            ),
        )
    )
    section.charts.append(
        Chart(
            "chart-first-pass",
            "First-pass approval rate per month by region",
            charts.line_chart(
                "chart-first-pass",
                "First-pass approval rate per month by region",
                month_series(
                    regions,
                    "submitted_month_on",
                    "dimension_value",
                    "first_pass_approval_rate",
                ),
                "share of decided invoices",
                kind="ratio",
            ),
        )
    )
    latest = max((row["submitted_month_on"] for row in rows), default=None)
    latest_rows = [row for row in rows if row["submitted_month_on"] == latest]
    for row in latest_rows:
        row["dimension_label"] = row["dimension_name"].replace("_", " ")
    section.tables.append(
        Table(
            f"By region and billing department, month of first submission "
            f"{findings.month_text(latest)}",
            [
                Column("dimension_label", "Segment type"),
                Column("dimension_value", "Segment"),
                Column("submitted_invoice_count", "Submitted", "int"),
                Column("decided_invoice_count", "Decided", "int"),
                Column("first_pass_approval_rate", "First-pass rate", "ratio"),
                Column("rework_rate", "Rework rate", "ratio"),
                Column("median_approval_cycle_hours", "Median time", "hours"),
                Column("p90_approval_cycle_hours", "90th percentile", "hours"),
            ],
            latest_rows,
        )
    )
    if filters.region is not None:
        section.notes.append(
            "Billing departments are shown for all regions: the mart does not split "
            "them by region."
        )
    return section, rows


def build_dunning_section(warehouse: Warehouse, filters: ReportFilters) -> Section:
    section = Section(6, "dunning", "Dunning and AR aging")
    missing = warehouse.missing(queries.DUNNING, queries.AR_AGING)
    section.notes.extend(missing_text([relation]) for relation in missing)
    if queries.DUNNING not in missing:
        rows = queries.query_dunning(warehouse)
        levels = [f"Level {row['reminder_level']}" for row in rows]
        section.charts.append(
            Chart(
                "chart-dunning",
                "Share of reminded invoices paid within 7, 14 and 30 days",
                charts.bar_chart(
                    "chart-dunning",
                    "Paid after each reminder level",
                    levels,
                    {
                        f"within {days} days": [
                            row[f"paid_within_{days}_days_rate"] for row in rows
                        ]
                        for days in (7, 14, 30)
                    },
                    "share of reminded invoices",
                    kind="ratio",
                ),
            )
        )
        section.tables.append(
            Table(
                "Payment after each reminder level (all regions and months)",
                [
                    Column("reminder_level", "Level", "int"),
                    Column("reminded_invoice_count", "Reminded", "int"),
                    Column("paid_after_reminder_count", "Paid after", "int"),
                    Column("paid_within_7_days_rate", "Paid ≤ 7 d", "ratio"),
                    Column("paid_within_14_days_rate", "Paid ≤ 14 d", "ratio"),
                    Column("paid_within_30_days_rate", "Paid ≤ 30 d", "ratio"),
                    Column("median_days_due_to_reminder", "Due → reminder", "days"),
                    Column(
                        "median_days_reminder_to_payment", "Reminder → paid", "days"
                    ),
                ],
                rows,
            )
        )
    if queries.AR_AGING not in missing:
        rows = queries.query_aging(warehouse, filters)
        as_of_on = max((row["as_of_on"] for row in rows), default=None)
        section.charts.append(
            Chart(
                "chart-aging",
                "Open AR by aging bucket",
                charts.bar_chart(
                    "chart-aging",
                    "Open AR by aging bucket",
                    [row["aging_bucket"] for row in rows],
                    {"open AR": [row["open_balance_amount_corporate"] for row in rows]},
                    "open balance",
                ),
            )
        )
        section.tables.append(
            Table(
                "AR aging at the as-of date of the build "
                f"({as_of_on or 'n/a'}; days past due)",
                [
                    Column("aging_bucket", "Bucket"),
                    Column("open_invoice_count", "Open invoices", "int"),
                    Column("open_balance_amount_corporate", "Open balance", "amount"),
                ],
                rows,
            )
        )
    return section


def build_reconciliation_section(
    warehouse: Warehouse, filters: ReportFilters
) -> Section:
    section = Section(7, "reconciliation", "Reconciliation and invoice delivery")
    missing = warehouse.missing(
        queries.RECONCILIATION_SUMMARY, queries.DELIVERY_SUMMARY
    )
    section.notes.extend(missing_text([relation]) for relation in missing)
    if queries.RECONCILIATION_SUMMARY not in missing:
        rows = queries.query_reconciliation(warehouse, filters)
        by_region = [row for row in rows if row["region"] != ALL_REGIONS]
        section.charts.append(
            Chart(
                "chart-apply-cash",
                "Median hours from receipt to cash application, by region",
                charts.line_chart(
                    "chart-apply-cash",
                    "Median hours to apply cash by region",
                    month_series(
                        by_region,
                        "received_month_on",
                        "region",
                        "median_hours_to_apply",
                    ),
                    "hours",
                ),
            )
        )
        months = set(latest_months(rows, "received_month_on"))
        scope_rows = [
            row
            for row in rows
            if row["region"] == filters.region_scope
            and row["received_month_on"] in months
        ]
        section.tables.append(
            Table(
                f"Cash application per month of receipt ({filters.region_scope})",
                [
                    Column("received_month_on", "Month", "month"),
                    Column("received_payment_count", "Received", "int"),
                    Column("applied_payment_count", "Applied", "int"),
                    Column("median_hours_to_apply", "Median time", "hours"),
                    Column("p90_hours_to_apply", "90th percentile", "hours"),
                    Column("applied_same_day_rate", "Same day", "ratio"),
                    Column("unapplied_amount_corporate", "Unapplied", "amount"),
                ],
                scope_rows[::-1],
            )
        )
    if queries.DELIVERY_SUMMARY not in missing:
        section.tables.append(
            Table(
                "Invoice delivery by region and billing department (all months)",
                [
                    Column("region", "Region"),
                    Column("billing_department", "Department"),
                    Column("sent_invoice_count", "Sent", "int"),
                    Column("resend_rate", "Re-sent", "ratio"),
                    Column(
                        "median_hours_generation_to_send", "Generation → send", "hours"
                    ),
                    Column("p90_hours_generation_to_send", "90th percentile", "hours"),
                    Column("median_hours_approval_to_send", "Approval → send", "hours"),
                ],
                queries.query_delivery(warehouse, filters),
            )
        )
    return section


def build_conformance_section(
    warehouse: Warehouse, filters: ReportFilters
) -> tuple[Section, list[dict[str, Any]]]:
    section = Section(
        8,
        "conformance",
        "Conformance",
        intro=(
            "Adherence is the share of checked invoices that keep a rule. Rules "
            "cover all months of the warehouse."
        ),
    )
    section.missing = warehouse.missing(queries.CONFORMANCE)
    if section.missing:
        return section, []
    rules = queries.query_conformance_rules(warehouse, filters)
    section.charts.append(
        Chart(
            "chart-conformance",
            "Violating cases per rule",
            charts.bar_chart(
                "chart-conformance",
                "Violating cases per rule",
                [row["rule_name"] for row in rules],
                {"violating cases": [row["cases_violating"] for row in rules]},
                "cases",
                horizontal=True,
            ),
        )
    )
    section.tables.append(
        Table(
            f"Adherence per rule ({filters.region or 'all invoices'})",
            [
                Column("rule_name", "Rule"),
                Column("severity", "Severity"),
                Column("cases_checked", "Checked", "int"),
                Column("cases_violating", "Violating", "int"),
                Column("adherence_rate", "Adherence", "ratio"),
            ],
            rules,
        )
    )
    segments = queries.query_conformance_segments(
        warehouse, filters, MIN_CONFORMANCE_SEGMENT_CASES, CONFORMANCE_SEGMENT_LIMIT
    )
    for row in segments:
        row["segment_label"] = row["segment_type"].replace("_", " ")
    section.tables.append(
        Table(
            "Worst segments: lowest adherence by region and billing department "
            f"(at least {MIN_CONFORMANCE_SEGMENT_CASES} checked cases)",
            [
                Column("rule_name", "Rule"),
                Column("segment_label", "Segment type"),
                Column("segment_value", "Segment"),
                Column("cases_checked", "Checked", "int"),
                Column("cases_violating", "Violating", "int"),
                Column("adherence_rate", "Adherence", "ratio"),
            ],
            segments,
            empty_message="No segment with enough checked cases breaks a rule.",
        )
    )
    return section, rules


def build_quality_section(warehouse: Warehouse) -> Section:
    section = Section(
        10,
        "data-quality",
        "Data quality",
        intro="What the figures above rest on: checks of the event log, and the "
        "raw rows that staging could not use.",
    )
    missing = warehouse.missing(
        queries.EVENT_LOG_QUALITY, queries.ROW_COUNTS, queries.AUDIT_ROWS
    )
    section.notes.extend(missing_text([relation]) for relation in missing)
    if queries.EVENT_LOG_QUALITY not in missing:
        section.tables.append(
            Table(
                "Event log checks",
                [
                    Column("check_name", "Check"),
                    Column("check_description", "What it counts"),
                    Column("cases_affected", "Cases", "int"),
                    Column("events_affected", "Events (or rows, as described)", "int"),
                ],
                queries.query_event_log_quality(warehouse),
            )
        )
    if queries.AUDIT_ROWS not in missing:
        section.tables.append(
            Table(
                "Raw rows set aside by staging",
                [
                    Column("object_name", "Object"),
                    Column("audit_reason", "Reason"),
                    Column("audited_rows", "Rows", "int"),
                    Column("audit_description", "What is wrong"),
                    Column("audit_action", "How to fix"),
                ],
                queries.query_audit_summary(warehouse),
                empty_message="Staging used every raw row.",
            )
        )
    if queries.ROW_COUNTS not in missing:
        section.tables.append(
            Table(
                "Rows per Salesforce object, from the export to staging",
                [
                    Column("object_name", "Object"),
                    Column("raw_rows", "Raw", "int"),
                    Column("staged_rows", "Staged", "int"),
                    Column("superseded_rows", "Superseded", "int"),
                    Column("deleted_rows", "Deleted", "int"),
                    Column("audited_rows", "Set aside", "int"),
                    Column("unexplained_rows", "Unexplained", "int"),
                ],
                queries.query_row_counts(warehouse),
            )
        )
    return section


def build_report(
    warehouse: Warehouse, filters: ReportFilters, source_note: str | None = None
) -> tuple[Report, list[ProcessMap]]:
    """Query every section of the report and return it with its process maps."""
    regions = queries.list_regions(warehouse)
    if filters.region is not None and filters.region not in regions:
        LOGGER.warning(
            "Region %r has no invoices in %s; known regions: %s. Rendering empty "
            "region sections.",
            filters.region,
            warehouse.path,
            ", ".join(regions) or "none",
        )
    case_total = queries.query_case_count(warehouse)

    headline = Section(1, "headline", "Headline figures")
    map_section, edges, maps = build_process_map_section(warehouse, case_total)
    variants = build_variants_section(warehouse)
    dso_section, dso_rows = build_dso_section(warehouse, filters)
    approval_section, approval_rows = build_approval_section(warehouse, filters)
    dunning = build_dunning_section(warehouse, filters)
    reconciliation = build_reconciliation_section(warehouse, filters)
    conformance, rule_rows = build_conformance_section(warehouse, filters)
    quality = build_quality_section(warehouse)

    candidates: list[Finding | None] = [
        findings.find_bottleneck(edges, case_total),
        findings.find_worst_approval_segment(approval_rows),
        findings.find_most_broken_rule(rule_rows),
        findings.find_late_payment_cost(dso_rows, filters.region_scope),
    ]
    found = [finding for finding in candidates if finding is not None]

    # An imported event log has no Salesforce records behind it, so the marts built
    # from invoices, approvals, payments and rules are empty by design.
    imported = queries.query_imported_source(warehouse)
    if imported is not None:
        for section in (dso_section, approval_section, dunning, reconciliation):
            section.notes.append(
                "Empty for this event log: the finance marts are built from "
                "Salesforce records (invoices, approval steps, payments, "
                "allocations), and the log imported from "
                f"{PurePath(str(imported['source_file'])).name} carries none."
            )
        conformance.notes.append(
            "Empty for this event log: the conformance rules check Salesforce "
            "invoices, and the imported log carries none."
        )
    findings_section = Section(
        9,
        "findings",
        "Findings and recommended actions",
        intro="Generated from the marts above; each sentence carries its figure.",
    )
    if not found:
        findings_section.notes.append(
            "The marts hold too little data for a finding with the selected filters."
        )

    scope_notes = [
        "Monthly figures (tiles, DSO, approval, cash application) keep months that "
        "start on or before the as-of date"
        + (f" {filters.as_of}" if filters.as_of else "")
        + "; the process map, variants, dunning, AR aging, invoice delivery and "
        "conformance cover the warehouse as built.",
    ]
    if filters.region is not None:
        scope_notes.append(
            f"Region filter {filters.region}: segment tables and charts show this "
            "region; the process map, variants and dunning cover all regions."
        )
    report = Report(
        title="Order-to-cash summary report",
        generated_for=filters.region or ALL_REGIONS,
        filters=filters,
        warehouse_path=str(warehouse.path),
        as_of_at=queries.query_as_of_at(warehouse),
        currency=queries.query_currency(warehouse),
        tiles=queries.query_tiles(warehouse, filters),
        sections=[
            headline,
            map_section,
            variants,
            dso_section,
            approval_section,
            dunning,
            reconciliation,
            conformance,
            findings_section,
            quality,
        ],
        findings=found,
        data_source=describe_data_source(warehouse, source_note),
        scope_notes=scope_notes,
    )
    return report, maps
