"""Queries that select the report's figures from the marts.

Every function reads mart rows as they are: it filters by month and region and picks
the latest month, but computes no measure that a mart already defines. The few
aggregations here (sums of open balances by aging bucket, the share of conformant
invoices, counts of audit rows and of cases per activity) add up rows of one mart
where no mart contains the total.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .model import ALL_REGIONS, ReportFilters, Tile
from .warehouse import Warehouse

DSO = "marts.mart_dso_monthly"
KPI_SUMMARY = "marts.mart_kpi_summary"
APPROVAL_SUMMARY = "marts.mart_approval_rework_summary"
THROUGHPUT = "marts.mart_throughput_monthly"
RECONCILIATION_SUMMARY = "marts.mart_payment_reconciliation_summary"
CONFORMANCE = "marts.mart_conformance"
CONFORMANCE_CASES = "marts.mart_conformance_cases"
INVOICES = "marts.dim_invoices"
DUNNING = "marts.mart_dunning_effectiveness"
AR_AGING = "marts.mart_ar_aging"
DELIVERY_SUMMARY = "marts.mart_invoice_delivery_summary"
VARIANTS = "marts.mart_variants"
TRANSITIONS = "marts.mart_transitions"
PROCESS_EVENTS = "marts.fct_process_events"
ACTIVITY_STATS = "marts.mart_activity_stats"
EVENT_LOG_QUALITY = "marts.mart_event_log_quality"
ROW_COUNTS = "staging.stg_salesforce__row_counts"
AUDIT_ROWS = "staging.stg_salesforce__audit_rows"
EXPORT_AS_OF = "intermediate.int_export_as_of"
IMPORT_SUMMARY = "raw_event_log.import_summary"
IMPORTED_EVENTS = "raw_event_log.events"


def month_condition(column: str, filters: ReportFilters) -> tuple[str, list[Any]]:
    """Return a SQL condition keeping months that start on or before the as-of date."""
    if filters.as_of_month is None:
        return "true", []
    return f"{column} <= ?", [filters.as_of_month]


def list_regions(warehouse: Warehouse) -> list[str]:
    """Return the regions of the invoices, sorted."""
    if not warehouse.has(INVOICES):
        return []
    rows = warehouse.rows(
        f"select distinct region from {INVOICES} where region is not null order by 1"
    )
    return [row["region"] for row in rows]


def query_currency(warehouse: Warehouse) -> str:
    """Return the corporate currency code that amounts are shown in."""
    if warehouse.has(KPI_SUMMARY):
        row = warehouse.row(
            f"select unit from {KPI_SUMMARY} where kpi_code = 'open_ar' limit 1"
        )
        if row:
            return row["unit"]
    return ""


def query_as_of_at(warehouse: Warehouse) -> str | None:
    """Return the moment the marts were built as of, from the export's extraction."""
    if not warehouse.has(EXPORT_AS_OF):
        return None
    row = warehouse.row(f"select as_of_at from {EXPORT_AS_OF}")
    return None if row is None or row["as_of_at"] is None else str(row["as_of_at"])


def latest_value(
    warehouse: Warehouse,
    relation: str,
    value_column: str,
    month_column: str,
    condition: str,
    params: list[Any],
    filters: ReportFilters,
) -> tuple[Any, date | None]:
    """Return the value of the latest month at or before the as-of date, and the month.

    Months whose value is null (a month without sales, for example) are skipped.
    """
    if not warehouse.has(relation):
        return None, None
    as_of_sql, as_of_params = month_condition(month_column, filters)
    row = warehouse.row(
        f"select {value_column} as value, {month_column} as month from {relation} "
        f"where {condition} and {value_column} is not null and {as_of_sql} "
        f"order by {month_column} desc limit 1",
        [*params, *as_of_params],
    )
    if row is None:
        return None, None
    return row["value"], row["month"]


def query_tiles(warehouse: Warehouse, filters: ReportFilters) -> list[Tile]:
    """Select the headline figures: the latest month of each at or before the as-of."""
    scope = filters.region_scope
    region_note = "" if filters.region is None else f"region {filters.region}"
    tiles: list[Tile] = []

    dso, dso_month = latest_value(
        warehouse, DSO, "dso_days", "month_start_on", "region = ?", [scope], filters
    )
    change = None
    if dso_month is not None:
        previous = warehouse.row(
            f"select dso_days from {DSO} where region = ? "
            "and month_start_on = ? - interval 1 month",
            [scope, dso_month],
        )
        if previous and previous["dso_days"] is not None:
            change = float(dso) - float(previous["dso_days"])
    tiles.append(
        Tile("dso", "DSO", dso, "days", dso_month, DSO, change, note=region_note)
    )

    if filters.region is None:
        approval_condition, approval_params = "dimension_name = 'all'", []
    else:
        approval_condition = "dimension_name = 'region' and dimension_value = ?"
        approval_params = [filters.region]
    for key, label, column, kind in (
        ("first_pass_rate", "First-pass approval rate", "first_pass_approval_rate",
         "ratio"),
        ("median_approval", "Median approval time", "median_approval_cycle_hours",
         "hours"),
    ):  # fmt: skip
        value, month = latest_value(
            warehouse,
            APPROVAL_SUMMARY,
            column,
            "submitted_month_on",
            approval_condition,
            approval_params,
            filters,
        )
        tiles.append(
            Tile(key, label, value, kind, month, APPROVAL_SUMMARY, note=region_note)
        )

    cycle, cycle_month = latest_value(
        warehouse,
        THROUGHPUT,
        "median_closed_cycle_time_hours",
        "month_start_on",
        "true",
        [],
        filters,
    )
    cycle_note = "invoices closed in the month"
    if filters.region is not None:
        cycle_note += ", all regions"
    tiles.append(
        Tile(
            "median_cycle_time",
            "Median invoice cycle time",
            cycle,
            "hours_as_days",
            cycle_month,
            THROUGHPUT,
            note=cycle_note,
        )
    )

    apply_hours, apply_month = latest_value(
        warehouse,
        RECONCILIATION_SUMMARY,
        "median_hours_to_apply",
        "received_month_on",
        "region = ?",
        [scope],
        filters,
    )
    tiles.append(
        Tile(
            "median_apply_cash",
            "Median time to apply cash",
            apply_hours,
            "hours",
            apply_month,
            RECONCILIATION_SUMMARY,
            note=region_note,
        )
    )

    tiles.append(query_conformance_tile(warehouse, filters))

    open_ar, open_ar_month = latest_value(
        warehouse,
        DSO,
        "ending_ar_amount",
        "month_start_on",
        "region = ?",
        [scope],
        filters,
    )
    tiles.append(
        Tile(
            "open_ar",
            "Open AR",
            open_ar,
            "amount",
            open_ar_month,
            DSO,
            note=", ".join(filter(None, ["at month end", region_note])),
        )
    )
    return tiles


def query_conformance_tile(warehouse: Warehouse, filters: ReportFilters) -> Tile:
    """Select the share of invoices that break no conformance rule."""
    label = "Conformance rate"
    if not warehouse.has(CONFORMANCE_CASES, INVOICES):
        return Tile("conformance_rate", label, None, "ratio", None, CONFORMANCE_CASES)
    row = warehouse.row(
        f"""
        select
            count(*) as invoice_count,
            avg(case when cases.is_conformant then 1.0 else 0.0 end) as rate
        from {CONFORMANCE_CASES} as cases
        left join {INVOICES} as invoices
            on cases.invoice_number = invoices.invoice_number
        where ? is null or invoices.region = ?
        """,
        [filters.region, filters.region],
    )
    count = row["invoice_count"] if row else 0
    return Tile(
        "conformance_rate",
        label,
        row["rate"] if row else None,
        "ratio",
        None,
        CONFORMANCE_CASES,
        note=f"of {count:,} invoices, all months",
    )


def query_dso_months(warehouse: Warehouse, filters: ReportFilters) -> list[dict]:
    """Select DSO rows per month for all regions and each region, oldest first."""
    as_of_sql, params = month_condition("month_start_on", filters)
    region_sql = "true" if filters.region is None else "region in (?, ?)"
    region_params = [] if filters.region is None else [ALL_REGIONS, filters.region]
    return warehouse.rows(
        f"select * from {DSO} where {as_of_sql} and {region_sql} "
        "order by month_start_on, region",
        [*params, *region_params],
    )


def query_approval_months(warehouse: Warehouse, filters: ReportFilters) -> list[dict]:
    """Select approval rows per month by region and billing department."""
    as_of_sql, params = month_condition("submitted_month_on", filters)
    return warehouse.rows(
        f"select * from {APPROVAL_SUMMARY} where {as_of_sql} "
        "and dimension_name in ('all', 'region', 'billing_department') "
        "and (? is null or dimension_name <> 'region' or dimension_value = ?) "
        "order by submitted_month_on, dimension_name, dimension_value",
        [*params, filters.region, filters.region],
    )


def query_dunning(warehouse: Warehouse) -> list[dict]:
    """Select payment after each reminder level."""
    return warehouse.rows(f"select * from {DUNNING} order by reminder_level")


def query_aging(warehouse: Warehouse, filters: ReportFilters) -> list[dict]:
    """Sum the open balances of mart_ar_aging by aging bucket."""
    return warehouse.rows(
        f"""
        select
            aging_bucket,
            aging_bucket_order,
            max(as_of_on) as as_of_on,
            count(*) as open_invoice_count,
            sum(open_balance_amount_corporate) as open_balance_amount_corporate
        from {AR_AGING}
        where ? is null or region = ?
        group by aging_bucket, aging_bucket_order
        order by aging_bucket_order
        """,
        [filters.region, filters.region],
    )


def query_reconciliation(warehouse: Warehouse, filters: ReportFilters) -> list[dict]:
    """Select cash application per month of receipt, for the scope and each region."""
    as_of_sql, params = month_condition("received_month_on", filters)
    region_sql = "true" if filters.region is None else "region = ?"
    region_params = [] if filters.region is None else [filters.region]
    return warehouse.rows(
        f"select * from {RECONCILIATION_SUMMARY} where {as_of_sql} and {region_sql} "
        "order by received_month_on, region",
        [*params, *region_params],
    )


def query_delivery(warehouse: Warehouse, filters: ReportFilters) -> list[dict]:
    """Select invoice delivery by region and billing department."""
    return warehouse.rows(
        f"select * from {DELIVERY_SUMMARY} where ? is null or region = ? "
        # Totals first: all regions, then each region's all-departments row.
        "order by region <> 'All regions', region, "
        "billing_department <> 'All departments', billing_department",
        [filters.region, filters.region],
    )


def query_conformance_rules(warehouse: Warehouse, filters: ReportFilters) -> list[dict]:
    """Select adherence per rule, over all invoices or in the selected region."""
    if filters.region is None:
        condition, params = "segment_type = 'overall'", []
    else:
        condition = "segment_type = 'region' and segment_value = ?"
        params = [filters.region]
    return warehouse.rows(
        f"select * from {CONFORMANCE} where {condition} "
        "order by cases_violating desc, adherence_rate, rule_id",
        params,
    )


def query_conformance_segments(
    warehouse: Warehouse, filters: ReportFilters, min_cases: int, limit: int
) -> list[dict]:
    """Select the region and department segments with the lowest adherence."""
    return warehouse.rows(
        f"""
        select * from {CONFORMANCE}
        where segment_type in ('region', 'billing_department')
            and cases_checked >= ?
            and cases_violating > 0
            and (? is null or segment_type <> 'region' or segment_value = ?)
        order by adherence_rate, cases_violating desc, rule_id, segment_type,
            segment_value
        limit ?
        """,
        [min_cases, filters.region, filters.region, limit],
    )


def query_variants(warehouse: Warehouse, limit: int) -> list[dict]:
    """Select the most frequent variants."""
    return warehouse.rows(
        f"select * from {VARIANTS} order by variant_rank limit ?", [limit]
    )


def query_variant_count(warehouse: Warehouse) -> int:
    row = warehouse.row(f"select count(*) as variant_count from {VARIANTS}")
    return int(row["variant_count"]) if row else 0


def query_transitions(warehouse: Warehouse) -> list[dict]:
    """Select the directly-follows transitions, most frequent first."""
    return warehouse.rows(
        f"select * from {TRANSITIONS} "
        "order by transition_count desc, from_activity, to_activity"
    )


def query_activity_cases(warehouse: Warehouse) -> dict[str, int]:
    """Return the number of cases that contain each activity.

    Reads mart_activity_stats where it exists, otherwise counts the cases of each
    activity in fct_process_events.
    """
    if warehouse.has(ACTIVITY_STATS):
        columns = {
            row["column_name"]
            for row in warehouse.rows(
                "select column_name from information_schema.columns "
                "where table_schema = 'marts' and table_name = 'mart_activity_stats'"
            )
        }
        if {"activity", "case_count"} <= columns:
            rows = warehouse.rows(f"select activity, case_count from {ACTIVITY_STATS}")
            return {row["activity"]: int(row["case_count"]) for row in rows}
    if not warehouse.has(PROCESS_EVENTS):
        return {}
    rows = warehouse.rows(
        f"select activity, count(distinct case_id) as case_count "
        f"from {PROCESS_EVENTS} group by activity"
    )
    return {row["activity"]: int(row["case_count"]) for row in rows}


def query_case_count(warehouse: Warehouse) -> int:
    """Return the number of cases in the event log."""
    if not warehouse.has(PROCESS_EVENTS):
        return 0
    row = warehouse.row(
        f"select count(distinct case_id) as case_count from {PROCESS_EVENTS}"
    )
    return int(row["case_count"]) if row else 0


def query_event_log_quality(warehouse: Warehouse) -> list[dict]:
    return warehouse.rows(f"select * from {EVENT_LOG_QUALITY}")


def query_row_counts(warehouse: Warehouse) -> list[dict]:
    return warehouse.rows(f"select * from {ROW_COUNTS}")


def query_audit_summary(warehouse: Warehouse) -> list[dict]:
    """Count the raw rows that staging set aside, by object and reason."""
    return warehouse.rows(
        f"""
        select
            object_name,
            audit_reason,
            count(*) as audited_rows,
            min(audit_description) as audit_description,
            min(audit_action) as audit_action
        from {AUDIT_ROWS}
        group by object_name, audit_reason
        order by audited_rows desc, object_name, audit_reason
        """
    )


def query_imported_source(warehouse: Warehouse) -> dict | None:
    """Return the import summary when the event log of the marts was imported.

    The marts read an imported log when every event of fct_process_events is an
    event of raw_event_log.events, which is how the var event_log_source shows in
    the built tables.
    """
    if not warehouse.has(IMPORT_SUMMARY, IMPORTED_EVENTS, PROCESS_EVENTS):
        return None
    row = warehouse.row(
        f"""
        select
            count(*) as event_count,
            count(imported.event_id) as imported_event_count
        from {PROCESS_EVENTS} as events
        left join {IMPORTED_EVENTS} as imported
            on events.event_id = imported.event_id
        """
    )
    if row is None or row["event_count"] == 0:
        return None
    if row["imported_event_count"] != row["event_count"]:
        return None
    return warehouse.row(f"select * from {IMPORT_SUMMARY}")
