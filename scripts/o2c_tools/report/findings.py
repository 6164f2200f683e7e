"""Findings and recommended actions, each generated from mart rows with its figure."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from .model import Finding
from .process_map import Edge, format_duration

# A transition or segment counts for a finding only with at least this share of the
# cases (and at least one case), so a rare path with two slow cases is not reported
# as the largest bottleneck.
MIN_CASE_SHARE = 0.05
# Approval segments need this many decided invoices in the month to be compared.
MIN_SEGMENT_INVOICES = 10


def min_cases_for(case_total: int) -> int:
    """Return the case count a transition needs to be called a bottleneck."""
    return max(1, math.ceil(MIN_CASE_SHARE * case_total))


def month_text(month: date | None) -> str:
    return month.strftime("%Y-%m") if month else "n/a"


# Activities that mark a date passing rather than work done: the wait before one of
# them is the customer's payment term, not a delay anyone in the process can cut.
CALENDAR_ACTIVITIES = frozenset({"Payment Due Date Reached"})


def find_bottleneck(edges: list[Edge], case_total: int) -> Finding | None:
    """Report the transition with the longest median among the frequent ones.

    Transitions into a calendar activity (CALENDAR_ACTIVITIES) are left out.
    """
    min_cases = min_cases_for(case_total)
    candidates = [
        edge
        for edge in edges
        if not edge.is_pseudo
        and edge.target not in CALENDAR_ACTIVITIES
        and edge.median_hours is not None
        and edge.case_count >= min_cases
    ]
    if not candidates:
        return None
    slowest = max(
        candidates, key=lambda edge: (edge.median_hours, edge.case_count, edge.source)
    )
    return Finding(
        key="bottleneck",
        title="Largest bottleneck",
        sentence=(
            f"The slowest frequent step is {slowest.source} → {slowest.target}: "
            f"median {format_duration(slowest.median_hours)} over "
            f"{slowest.case_count:,} of {case_total:,} cases (transitions taken by "
            f"at least {min_cases:,} case{'' if min_cases == 1 else 's'} compared)."
        ),
        action=(
            f"Find out what holds cases between {slowest.source} and "
            f"{slowest.target}, and set a target time for that step."
        ),
        figure=slowest.median_hours,
    )


def find_worst_approval_segment(
    approval_rows: list[dict[str, Any]],
) -> Finding | None:
    """Report the region or department with the longest median approval time.

    Compares the segments of the latest month that has any, among those with at
    least MIN_SEGMENT_INVOICES decided invoices.
    """
    segments = [
        row
        for row in approval_rows
        if row["dimension_name"] in ("region", "billing_department")
        and row["median_approval_cycle_hours"] is not None
        and (row["decided_invoice_count"] or 0) >= MIN_SEGMENT_INVOICES
    ]
    if not segments:
        return None
    month = max(row["submitted_month_on"] for row in segments)
    in_month = [row for row in segments if row["submitted_month_on"] == month]
    worst = max(
        in_month,
        key=lambda row: (row["median_approval_cycle_hours"], row["dimension_value"]),
    )
    overall = next(
        (
            row["median_approval_cycle_hours"]
            for row in approval_rows
            if row["dimension_name"] == "all" and row["submitted_month_on"] == month
        ),
        None,
    )
    dimension = worst["dimension_name"].replace("_", " ")
    comparison = (
        f" against {overall:.1f} h for all invoices" if overall is not None else ""
    )
    return Finding(
        key="approval_segment",
        title="Slowest approval",
        sentence=(
            f"The {dimension} {worst['dimension_value']} has the slowest approval "
            f"in {month_text(month)}: median "
            f"{worst['median_approval_cycle_hours']:.1f} h over "
            f"{worst['decided_invoice_count']:,} decided invoices{comparison}."
        ),
        action=(
            f"Check the approvers and approval limits of {worst['dimension_value']}; "
            "add a deputy approver or raise the threshold for routine invoices."
        ),
        figure=worst["median_approval_cycle_hours"],
    )


def find_most_broken_rule(rule_rows: list[dict[str, Any]]) -> Finding | None:
    """Report the conformance rule with the most violating cases."""
    broken = [row for row in rule_rows if (row["cases_violating"] or 0) > 0]
    if not broken:
        return None
    worst = max(
        broken,
        key=lambda row: (
            row["cases_violating"],
            -(row["adherence_rate"] or 0.0),
            row["rule_id"],
        ),
    )
    violated_share = 1.0 - worst["adherence_rate"]
    return Finding(
        key="rule",
        title="Rule broken most",
        sentence=(
            f"The rule “{worst['rule_name']}” ({worst['severity']} severity) is "
            f"broken most: {worst['cases_violating']:,} of "
            f"{worst['cases_checked']:,} checked cases ({violated_share:.1%})."
        ),
        action=(
            f"Review the violating cases of “{worst['rule_name']}” in "
            "fct_conformance_violations and fix the step that lets them through."
        ),
        figure=float(worst["cases_violating"]),
    )


def find_late_payment_cost(
    dso_rows: list[dict[str, Any]], scope: str
) -> Finding | None:
    """Report the days of DSO due to late payment: average days delinquent."""
    rows = [
        row
        for row in dso_rows
        if row["region"] == scope and row["average_days_delinquent"] is not None
    ]
    if not rows:
        return None
    latest = max(rows, key=lambda row: row["month_start_on"])
    add = latest["average_days_delinquent"]
    return Finding(
        key="late_payment",
        title="Cost of late payment",
        sentence=(
            f"Late payment adds {add:.1f} days to DSO in "
            f"{month_text(latest['month_start_on'])} ({scope}): DSO "
            f"{latest['dso_days']:.1f} days against a best possible DSO of "
            f"{latest['best_possible_dso_days']:.1f} days."
        ),
        action=(
            "Chase the invoices in the oldest aging buckets first; section 6 shows "
            "how many invoices each reminder level gets paid."
        ),
        figure=add,
    )
