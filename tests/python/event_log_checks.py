"""Process-mining figures of an event log, from our warehouse and from pm4py.

The interchange tests compare the two: variants, directly-follows counts, the mean
time of each directly-follows pair and the mean case duration. pm4py (AGPL) is the
independent reference and is imported only here, in tests.
"""

from __future__ import annotations

import os
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
from o2c_tools.event_log_import import ImportSummary, import_event_log

# Relative tolerance of float comparisons with pm4py.
RELATIVE_TOLERANCE = 1e-6
# What an imported-mode build needs: the generic event log and the marts on it.
# Cautious indirect selection skips tests that also read models left unbuilt.
PROCESS_MINING_SELECTION = [
    "--indirect-selection",
    "cautious",
    "--select",
    "fct_process_events",
    "dim_process_cases",
    "path:models/marts/process_mining",
]
REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class ProcessFigures:
    """Figures that any process-mining tool computes the same way."""

    variants: Counter  # tuple of activities -> number of cases
    transition_counts: dict[tuple[str, str], int]
    transition_mean_seconds: dict[tuple[str, str], float]
    mean_case_seconds: float


def build_imported_warehouse(
    run_dbt: Callable, log_path: Path, database_path: Path
) -> ImportSummary:
    """Import a log into a fresh DuckDB file and build the process-mining marts."""
    summary = import_event_log(log_path, database_path)
    run_dbt(
        ["build", *PROCESS_MINING_SELECTION],
        REPO_ROOT / "data" / "sample",
        database_path,
        {"event_log_source": "imported"},
    )
    return summary


def figures_from_warehouse(database_path: Path) -> ProcessFigures:
    """Compute the figures in SQL from marts.fct_process_events."""
    with duckdb.connect(str(database_path), read_only=True) as connection:
        variant_rows = connection.execute(
            """
            select list(activity order by event_sequence) as activities
            from marts.fct_process_events
            group by case_id
            """
        ).fetchall()
        transition_rows = connection.execute(
            """
            select
                events.activity,
                next_events.activity,
                count(*),
                avg(epoch(next_events.event_at) - epoch(events.event_at))
            from marts.fct_process_events as events
            inner join marts.fct_process_events as next_events
                on events.case_id = next_events.case_id
                and next_events.event_sequence = events.event_sequence + 1
            group by 1, 2
            """
        ).fetchall()
        mean_case_seconds = connection.execute(
            """
            select avg(epoch(last_at) - epoch(first_at))
            from (
                select min(event_at) as first_at, max(event_at) as last_at
                from marts.fct_process_events
                group by case_id
            )
            """
        ).fetchone()[0]
    return ProcessFigures(
        Counter(tuple(row[0]) for row in variant_rows),
        {(a, b): count for a, b, count, _ in transition_rows},
        {(a, b): float(mean) for a, b, _, mean in transition_rows},
        float(mean_case_seconds),
    )


def _quiet_pm4py():
    os.environ.setdefault("TQDM_DISABLE", "1")
    warnings.filterwarnings("ignore", module="pm4py")
    import pm4py

    return pm4py


def read_xes_with_pm4py(path: Path):
    """Read an XES file into a pm4py dataframe, in file order."""
    pm4py = _quiet_pm4py()
    return pm4py.read_xes(str(path), show_progress_bar=False)


def figures_from_pm4py(dataframe) -> ProcessFigures:
    """Compute the figures with pm4py on a dataframe of its standard columns."""
    pm4py = _quiet_pm4py()
    variants = pm4py.get_variants(dataframe)
    dfg, _, _ = pm4py.discover_dfg(dataframe)
    performance, _, _ = pm4py.discover_performance_dfg(dataframe)
    durations = pm4py.get_all_case_durations(dataframe)
    return ProcessFigures(
        Counter({tuple(k): int(v) for k, v in variants.items()}),
        {pair: int(count) for pair, count in dfg.items()},
        {pair: float(stats["mean"]) for pair, stats in performance.items()},
        float(sum(durations) / len(durations)),
    )


def relative_differences(
    ours: dict[tuple[str, str], float], reference: dict[tuple[str, str], float]
) -> dict[tuple[str, str], float]:
    """Return the pairs whose values differ by more than RELATIVE_TOLERANCE."""
    differences = {}
    for pair in set(ours) | set(reference):
        mine, theirs = ours.get(pair), reference.get(pair)
        if mine is None or theirs is None:
            differences[pair] = float("inf")
            continue
        scale = max(abs(mine), abs(theirs), 1e-9)
        if abs(mine - theirs) / scale > RELATIVE_TOLERANCE:
            differences[pair] = abs(mine - theirs) / scale
    return differences


def mart_table_names(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Return the tables the process-mining folder builds, as found in marts."""
    models = sorted(
        path.stem for path in (REPO_ROOT / "models/marts/process_mining").glob("*.sql")
    )
    present = {
        row[0]
        for row in connection.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'marts'"
        ).fetchall()
    }
    return [name for name in models if name in present]
