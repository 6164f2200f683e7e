"""Tests of the process-mining marts against pm4py, the reference process-mining tool.

A session fixture builds the marts once from the bundled sample into its own DuckDB
file. pm4py then mines the same event log, read from fct_process_events in
(case_id, event_sequence) order. The marts must agree with it: the same variants with
the same case counts, the same directly-follows counts, start and end activities, and
the same mean, median, minimum, maximum and total duration of every arc. pm4py's
median is pandas' median, which interpolates like our continuous median. Figures that
pm4py does not give (90th percentiles, resource waits, monthly throughput, milestone
durations) are recomputed here in pandas and by hand.

The last test loads a real public log through scripts/import_event_log.py and checks
how the marts treat a log without case status or automation flags. test_real_logs.py
compares the marts with pm4py on the real logs.
"""

from __future__ import annotations

import hashlib
import math
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import pm4py
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_EXPORT = REPO_ROOT / "data" / "sample"
# Models and seeds only: `make dbt-test` runs the data and unit tests of these models.
BUILD_ARGS = [
    "build",
    "--select",
    "+path:models/marts/process_mining",
    "--resource-type",
    "model",
    "--resource-type",
    "seed",
]
SECONDS_PER_HOUR = 3600.0
RELATIVE_TOLERANCE = 1e-6
# Durations below this many seconds count as equal to zero.
ABSOLUTE_TOLERANCE_SECONDS = 1e-6
START_NODE = "▶ start"
END_NODE = "■ end"
# The milestones of mart_case_durations and their activities, as in dbt_project.yml.
MILESTONES = {
    "generated": "Invoice Generated",
    "approved": "Invoice Approved",
    "sent": "Invoice Sent to Customer",
    "paid": "Customer Payment Received",
    "reconciled": "Cash Applied/Reconciled",
    "closed": "Invoice Closed",
}
MILESTONE_INTERVALS = [
    ("generated", "approved"),
    ("approved", "sent"),
    ("sent", "paid"),
    ("paid", "reconciled"),
    ("generated", "closed"),
]


def query(database_path: Path, sql: str) -> pd.DataFrame:
    """Run a query on a DuckDB file opened read-only and return the result."""
    with duckdb.connect(str(database_path), read_only=True) as connection:
        return connection.execute(sql).df()


def interpolated_percentile(values: list[float], fraction: float) -> float:
    """Compute PERCENTILE_CONT: interpolate linearly between the two nearest ranks."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    lower = math.floor(position)
    upper = math.ceil(position)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def variant_id(activities: tuple[str, ...]) -> str:
    """Compute the variant id: MD5 of the concatenated MD5 hex digests of the names."""
    digests = "".join(hashlib.md5(name.encode()).hexdigest() for name in activities)
    return hashlib.md5(digests.encode()).hexdigest()


def relative_difference(ours: float, reference: float) -> float:
    """Return |ours - reference| relative to the reference; 0 when both are near 0."""
    if abs(ours - reference) <= ABSOLUTE_TOLERANCE_SECONDS:
        return 0.0
    return abs(ours - reference) / abs(reference)


def to_pm4py_log(events: pd.DataFrame) -> pd.DataFrame:
    """Format an event log for pm4py, keeping the given order of events in a case.

    format_dataframe numbers the rows in their given order and sorts by case,
    timestamp and that number, so events with equal timestamps keep their order.
    """
    return pm4py.format_dataframe(
        events.copy(),
        case_id="case_id",
        activity_key="activity",
        timestamp_key="event_at",
    )


def arcs_by_kind(transitions: pd.DataFrame) -> tuple[dict, dict, dict]:
    """Split mart_transitions rows into arc, start-activity and end-activity counts."""
    arcs = transitions[~transitions.is_process_start & ~transitions.is_process_end]
    starts = transitions[transitions.is_process_start]
    ends = transitions[transitions.is_process_end]
    return (
        {
            (row.from_activity, row.to_activity): int(row.transition_count)
            for row in arcs.itertuples()
        },
        {row.to_activity: int(row.transition_count) for row in starts.itertuples()},
        {row.from_activity: int(row.transition_count) for row in ends.itertuples()},
    )


def consecutive_pairs(events: pd.DataFrame) -> pd.DataFrame:
    """Pair each event with the next one of its case, in the given order of events."""
    columns = ["activity", "event_at"]
    following = events.groupby("case_id", sort=False)[columns].shift(-1)
    pairs = pd.DataFrame(
        {
            "case_id": events["case_id"],
            "from_activity": events["activity"],
            "to_activity": following["activity"],
            "seconds": (following["event_at"] - events["event_at"]).dt.total_seconds(),
        }
    )
    return pairs.dropna(subset=["to_activity"])


@pytest.fixture(scope="session")
def sample_warehouse(
    tmp_path_factory: pytest.TempPathFactory,
    run_dbt: Callable[..., subprocess.CompletedProcess[str]],
) -> Path:
    """Build the process-mining marts and their parents from the bundled sample."""
    database_path = tmp_path_factory.mktemp("process_mining") / "sample.duckdb"
    run_dbt(BUILD_ARGS, SAMPLE_EXPORT, database_path)
    return database_path


@pytest.fixture(scope="session")
def event_log(sample_warehouse: Path) -> pd.DataFrame:
    """Read fct_process_events sorted by case_id, then event_sequence."""
    return query(
        sample_warehouse,
        """
        select case_id, activity, event_at, resource, event_sequence
        from marts.fct_process_events
        order by case_id, event_sequence
        """,
    )


@pytest.fixture(scope="session")
def pm4py_log(event_log: pd.DataFrame) -> pd.DataFrame:
    """Format the sample's event log for pm4py."""
    return to_pm4py_log(event_log)


@pytest.fixture(scope="session")
def transitions(sample_warehouse: Path) -> pd.DataFrame:
    """Read mart_transitions."""
    return query(sample_warehouse, "select * from marts.mart_transitions")


def test_pm4py_keeps_tied_event_order(
    event_log: pd.DataFrame, pm4py_log: pd.DataFrame
) -> None:
    tie_keys = ["case_id", "event_at"]
    tied = event_log[event_log.duplicated(tie_keys, keep=False)]
    assert tied.groupby(tie_keys)["activity"].nunique().max() > 1, (
        "the sample should have events of different activities at the same instant, "
        "or this comparison would not cover ties"
    )

    steps = pm4py_log.groupby("case_id", sort=False)["event_sequence"].diff().dropna()
    assert (steps > 0).all(), "pm4py reordered events within a case"
    assert len(pm4py_log) == len(event_log)


def test_variants_match_pm4py(
    sample_warehouse: Path, event_log: pd.DataFrame, pm4py_log: pd.DataFrame
) -> None:
    reference = pm4py.get_variants(pm4py_log)
    sequences = event_log.groupby("case_id", sort=False)["activity"].agg(tuple)
    case_variants = query(
        sample_warehouse, "select case_id, variant_id from marts.mart_case_variants"
    )
    case_variants["sequence"] = case_variants["case_id"].map(sequences)
    variants = query(
        sample_warehouse, "select variant_id, case_count from marts.mart_variants"
    )

    sequences_per_variant = case_variants.groupby("variant_id")["sequence"].nunique()
    assert sequences_per_variant.max() == 1, "a variant id covers several sequences"
    sequence_of_variant = case_variants.groupby("variant_id")["sequence"].first()
    ours = {
        sequence_of_variant[row.variant_id]: int(row.case_count)
        for row in variants.itertuples()
    }

    assert len(variants) == len(reference)
    assert ours == {tuple(sequence): count for sequence, count in reference.items()}
    for identifier, sequence in sequence_of_variant.items():
        assert identifier == variant_id(sequence), sequence


def test_variant_ranks_order_case_counts(sample_warehouse: Path) -> None:
    variants = query(
        sample_warehouse,
        "select variant_id, variant_rank, case_count, cumulative_case_share "
        "from marts.mart_variants order by variant_rank",
    )
    expected = variants.sort_values(
        ["case_count", "variant_id"], ascending=[False, True]
    )

    assert list(variants["variant_rank"]) == list(range(1, len(variants) + 1))
    assert list(variants["variant_id"]) == list(expected["variant_id"])
    assert variants["cumulative_case_share"].iloc[-1] == pytest.approx(1.0)


def test_directly_follows_counts_match_pm4py(
    transitions: pd.DataFrame, pm4py_log: pd.DataFrame
) -> None:
    reference_arcs, reference_starts, reference_ends = pm4py.discover_dfg(pm4py_log)
    arcs, starts, ends = arcs_by_kind(transitions)

    assert arcs == {pair: int(count) for pair, count in reference_arcs.items()}
    assert starts == {name: int(count) for name, count in reference_starts.items()}
    assert ends == {name: int(count) for name, count in reference_ends.items()}
    self_loops = transitions[transitions.is_self_loop]
    assert len(self_loops) > 0, "the sample should have self-loops"
    assert (self_loops.from_activity == self_loops.to_activity).all()


def test_arc_durations_match_pm4py(
    transitions: pd.DataFrame, pm4py_log: pd.DataFrame
) -> None:
    reference, _, _ = pm4py.discover_performance_dfg(pm4py_log)
    arcs = transitions[~transitions.is_process_start & ~transitions.is_process_end]
    assert len(arcs) == len(reference)

    measures = {
        "mean": "mean_duration_hours",
        "median": "median_duration_hours",
        "min": "min_duration_hours",
        "max": "max_duration_hours",
        "sum": "total_duration_hours",
    }
    for row in arcs.itertuples():
        expected = reference[(row.from_activity, row.to_activity)]
        for measure, column in measures.items():
            ours = getattr(row, column) * SECONDS_PER_HOUR
            difference = relative_difference(ours, float(expected[measure]))
            assert difference <= RELATIVE_TOLERANCE, (
                f"{measure} of {row.from_activity} -> {row.to_activity}: "
                f"{ours} s here, {expected[measure]} s in pm4py"
            )


def test_start_and_end_arcs_have_no_duration(transitions: pd.DataFrame) -> None:
    artificial = transitions[transitions.is_process_start | transitions.is_process_end]
    starts = transitions[transitions.is_process_start]
    ends = transitions[transitions.is_process_end]

    assert (starts.from_activity == START_NODE).all()
    assert (ends.to_activity == END_NODE).all()
    assert artificial["mean_duration_hours"].isna().all()
    assert artificial["total_duration_hours"].isna().all()


def test_arc_percentiles_by_hand(
    event_log: pd.DataFrame, transitions: pd.DataFrame
) -> None:
    pairs = consecutive_pairs(event_log)
    hours_by_arc = pairs.groupby(["from_activity", "to_activity"])["seconds"].agg(list)
    arcs = transitions[~transitions.is_process_start & ~transitions.is_process_end]

    for row in arcs.itertuples():
        hours = [
            s / SECONDS_PER_HOUR
            for s in hours_by_arc[(row.from_activity, row.to_activity)]
        ]
        assert row.median_duration_hours == pytest.approx(
            interpolated_percentile(hours, 0.5), rel=RELATIVE_TOLERANCE, abs=1e-9
        ), (row.from_activity, row.to_activity)
        assert row.p90_duration_hours == pytest.approx(
            interpolated_percentile(hours, 0.9), rel=RELATIVE_TOLERANCE, abs=1e-9
        ), (row.from_activity, row.to_activity)


def test_segment_arcs_add_up(sample_warehouse: Path, transitions: pd.DataFrame) -> None:
    segments = query(
        sample_warehouse, "select * from marts.mart_transitions_by_segment"
    )
    keys = ["from_activity", "to_activity"]
    rolled_up = segments.groupby(keys)[
        ["transition_count", "case_count", "total_duration_hours"]
    ].sum(min_count=1)
    overall = transitions.set_index(keys).loc[rolled_up.index]

    assert len(rolled_up) == len(transitions)
    assert list(rolled_up["transition_count"]) == list(overall["transition_count"])
    assert list(rolled_up["case_count"]) == list(overall["case_count"])
    assert rolled_up["total_duration_hours"].fillna(0).to_numpy() == pytest.approx(
        overall["total_duration_hours"].fillna(0).to_numpy(), rel=RELATIVE_TOLERANCE
    )


def test_region_graphs_match_pm4py(
    sample_warehouse: Path, event_log: pd.DataFrame
) -> None:
    segments = query(
        sample_warehouse, "select * from marts.mart_transitions_by_segment"
    )
    cases = query(
        sample_warehouse, "select case_id, region from marts.dim_process_cases"
    )
    events = event_log.merge(cases, on="case_id", how="left")
    assert events["region"].notna().all()

    for region, region_events in events.groupby("region"):
        reference_arcs, reference_starts, reference_ends = pm4py.discover_dfg(
            to_pm4py_log(region_events.drop(columns="region"))
        )
        region_rows = segments[segments.region == region]
        totals = region_rows.groupby(
            ["from_activity", "to_activity", "is_process_start", "is_process_end"],
            as_index=False,
        )["transition_count"].sum()
        arcs, starts, ends = arcs_by_kind(totals)

        assert arcs == {pair: int(n) for pair, n in reference_arcs.items()}, region
        assert starts == {name: int(n) for name, n in reference_starts.items()}, region
        assert ends == {name: int(n) for name, n in reference_ends.items()}, region


def test_case_durations_match_pm4py(
    sample_warehouse: Path, pm4py_log: pd.DataFrame
) -> None:
    reference = sorted(pm4py.get_all_case_durations(pm4py_log))
    ours = query(
        sample_warehouse,
        "select case_duration_hours from marts.mart_case_variants "
        "order by case_duration_hours",
    )["case_duration_hours"]

    assert len(ours) == len(reference)
    differences = [
        relative_difference(hours * SECONDS_PER_HOUR, float(seconds))
        for hours, seconds in zip(ours, reference, strict=True)
    ]
    assert max(differences) <= RELATIVE_TOLERANCE


def test_resource_workload_by_hand(
    sample_warehouse: Path, event_log: pd.DataFrame
) -> None:
    events = event_log.copy()
    previous = events.groupby("case_id", sort=False)["event_at"].shift(1)
    events["wait_hours"] = (events["event_at"] - previous).dt.total_seconds() / 3600
    # Monday of the ISO week.
    events["week_start_on"] = (
        events["event_at"]
        - pd.to_timedelta(events["event_at"].dt.day_of_week, unit="D")
    ).dt.normalize()
    expected = (
        events.groupby(["resource", "week_start_on"], dropna=False)
        .agg(
            event_count=("case_id", "size"),
            case_count=("case_id", "nunique"),
            waited_event_count=("wait_hours", "count"),
            waits=("wait_hours", lambda hours: [h for h in hours if pd.notna(h)]),
        )
        .reset_index()
    )
    ours = query(sample_warehouse, "select * from marts.mart_resource_workload")
    ours["week_start_on"] = pd.to_datetime(ours["week_start_on"])
    merged = expected.merge(
        ours, on=["resource", "week_start_on"], how="outer", indicator=True
    )

    assert (merged["_merge"] == "both").all(), "resource weeks differ"
    assert (ours["week_start_on"].dt.day_of_week == 0).all()
    assert list(merged["event_count_x"]) == list(merged["event_count_y"])
    assert list(merged["case_count_x"]) == list(merged["case_count_y"])
    assert list(merged["waited_event_count_x"]) == list(merged["waited_event_count_y"])
    for row in merged.itertuples():
        if not row.waits:
            assert pd.isna(row.median_wait_hours)
            continue
        assert row.median_wait_hours == pytest.approx(
            interpolated_percentile(row.waits, 0.5), rel=RELATIVE_TOLERANCE, abs=1e-9
        ), (row.resource, row.week_start_on)
        assert row.p90_wait_hours == pytest.approx(
            interpolated_percentile(row.waits, 0.9), rel=RELATIVE_TOLERANCE, abs=1e-9
        ), (row.resource, row.week_start_on)


def test_throughput_by_hand(sample_warehouse: Path, event_log: pd.DataFrame) -> None:
    cases = query(
        sample_warehouse, "select case_id, is_open from marts.dim_process_cases"
    )
    spans = event_log.groupby("case_id")["event_at"].agg(["min", "max"]).reset_index()
    spans = spans.merge(cases, on="case_id", how="left")
    spans["started"] = spans["min"].dt.to_period("M")
    spans["closed"] = (
        spans["max"].dt.to_period("M").where(~spans["is_open"].fillna(False))
    )
    event_months = event_log["event_at"].dt.to_period("M")
    months = pd.period_range(event_months.min(), event_months.max(), freq="M")
    started = spans["started"].value_counts().reindex(months, fill_value=0)
    closed = spans["closed"].value_counts().reindex(months, fill_value=0)

    ours = query(
        sample_warehouse, "select * from marts.mart_throughput_monthly order by 1"
    )

    assert list(pd.to_datetime(ours["month_start_on"]).dt.to_period("M")) == list(
        months
    )
    assert list(ours["started_case_count"]) == list(started)
    assert list(ours["closed_case_count"]) == list(closed)
    assert list(ours["event_count"]) == list(
        event_months.value_counts().reindex(months, fill_value=0)
    )
    assert list(ours["open_case_count"]) == list((started - closed).cumsum())
    assert ours["open_case_count"].iloc[-1] == int(cases["is_open"].sum())


def test_case_durations_by_hand(
    sample_warehouse: Path, event_log: pd.DataFrame
) -> None:
    expected = pd.DataFrame(
        {
            milestone: event_log[event_log.activity == activity]
            .groupby("case_id")["event_at"]
            .min()
            for milestone, activity in MILESTONES.items()
        }
    )
    ours = query(sample_warehouse, "select * from marts.mart_case_durations")
    ours = ours.set_index("case_id")
    cases = query(sample_warehouse, "select case_id from marts.dim_process_cases")

    assert sorted(ours.index) == sorted(cases["case_id"])
    expected = expected.reindex(ours.index)
    for start, end in MILESTONE_INTERVALS:
        hours = (expected[end] - expected[start]).dt.total_seconds() / 3600
        column = ours[f"{start}_to_{end}_hours"]
        assert (hours.isna() == column.isna()).all(), f"{start} to {end}"
        assert column.dropna().to_numpy() == pytest.approx(
            hours.dropna().to_numpy(), rel=RELATIVE_TOLERANCE, abs=1e-9
        ), f"{start} to {end}"
    assert (ours["approved_to_sent_hours"] < 0).any(), (
        "the sample's invoices sent before approval should give negative durations"
    )


def test_imported_log_without_status(
    tmp_path: Path,
    run_dbt: Callable[..., subprocess.CompletedProcess[str]],
    shared_data_dir: Callable[[str], Path],
) -> None:
    log_path = shared_data_dir("real_logs") / "running-example.xes"
    database_path = tmp_path / "imported.duckdb"
    imported = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "scripts" / "import_event_log.py"),
            "--database",
            str(database_path),
            "--strict",
            str(log_path),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert imported.returncode == 0, imported.stdout + imported.stderr
    # The build runs the marts' data tests too. With event_log_source = imported the
    # loader ignores the export and creates the raw Salesforce tables empty.
    run_dbt(
        [
            "build",
            "--select",
            "+path:models/marts/process_mining",
            "path:tests/process_mining",
            "--exclude",
            "test_type:unit",
            "--indirect-selection",
            "cautious",
        ],
        SAMPLE_EXPORT,
        database_path,
        {"event_log_source": "imported"},
    )

    throughput = query(database_path, "select * from marts.mart_throughput_monthly")
    workload = query(database_path, "select * from marts.mart_resource_workload")
    durations = query(database_path, "select * from marts.mart_case_durations")
    variants = query(database_path, "select * from marts.mart_variants")

    # The log has no case status, so every case closes at its last event.
    assert throughput["started_case_count"].sum() == 6
    assert throughput["closed_case_count"].sum() == 6
    assert throughput["open_case_count"].iloc[-1] == 0
    assert workload["is_automated"].isna().all()
    # No activity of this log is a billing milestone: one row per case, all null.
    assert len(durations) == 6
    assert durations.drop(columns="case_id").isna().all().all()
    assert variants["case_count"].sum() == 6


def test_activity_stats_match_pm4py(
    sample_warehouse: Path, event_log: pd.DataFrame, pm4py_log: pd.DataFrame
) -> None:
    """Event counts per activity equal pm4py's; case and rework counts equal pandas'."""
    stats = query(
        sample_warehouse,
        "select activity, event_count, case_count, rework_case_count, "
        "repetition_count from marts.mart_activity_stats",
    ).set_index("activity")
    reference_counts = pm4py.get_event_attribute_values(pm4py_log, "concept:name")
    assert stats["event_count"].to_dict() == reference_counts

    per_case = event_log.groupby(["activity", "case_id"]).size()
    assert stats["case_count"].to_dict() == per_case.groupby(level=0).size().to_dict()
    rework = (per_case > 1).groupby(level=0).sum()
    assert stats["rework_case_count"].to_dict() == rework.to_dict()
    repetitions = (per_case - 1).groupby(level=0).sum()
    assert stats["repetition_count"].to_dict() == repetitions.to_dict()
