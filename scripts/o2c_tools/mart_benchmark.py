"""Measure how long dbt takes to build the process-mining marts and how much memory.

The build runs as a child process, and os.wait4 returns the peak resident memory of
that child alone. dbt runs DuckDB inside its own process, so that peak covers the
engine too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

REPO_ROOT = Path(__file__).resolve().parents[2]
PROCESS_MINING_PATH = "models/marts/process_mining/"
# Everything the process-mining marts need, from the raw load to the marts; data tests
# are left out because they measure the tests, not the marts.
BUILD_ARGS = [
    "build",
    "--select",
    "+path:models/marts/process_mining",
    "--resource-type",
    "model",
    "--resource-type",
    "seed",
]
COUNTED_TABLES = [
    "fct_process_events",
    "dim_process_cases",
    "fct_process_transitions",
    "mart_transitions",
    "mart_transitions_by_segment",
    "mart_variants",
    "mart_case_variants",
    "mart_resource_workload",
    "mart_throughput_monthly",
    "mart_case_durations",
]


@dataclass(frozen=True)
class BuildMeasurement:
    """Wall-clock time and peak resident memory of one dbt build.

    load_average is the machine's 1-minute load average when the build ended: other
    work running at the same time lengthens the wall-clock time.
    """

    seconds: float
    peak_memory_mb: float
    exit_code: int
    log_path: Path
    load_average: float


@dataclass(frozen=True)
class BenchmarkResult:
    """A measured build with the time of each process-mining model and row counts."""

    build: BuildMeasurement
    marts_only: BuildMeasurement
    model_seconds: dict[str, float]
    row_counts: dict[str, int]


def run_measured(
    command: list[str], environment: dict[str, str], log_path: Path
) -> BuildMeasurement:
    """Run a command as a child process and measure its time and peak memory."""
    started = time.perf_counter()
    with log_path.open("w", encoding="utf-8") as log_file:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=environment, stdout=log_file, stderr=log_file
        )
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    # Linux reports ru_maxrss in kilobytes.
    return BuildMeasurement(
        seconds=seconds,
        peak_memory_mb=usage.ru_maxrss / 1024,
        exit_code=os.waitstatus_to_exitcode(status),
        log_path=log_path,
        load_average=os.getloadavg()[0],
    )


def run_dbt_build(
    export_path: Path, database_path: Path, work_dir: Path
) -> BuildMeasurement:
    """Run the dbt build of the process-mining marts and measure it."""
    work_dir.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "dbt.cli.main",
        *BUILD_ARGS,
        "--vars",
        json.dumps({"salesforce_export_path": str(export_path)}),
        "--target-path",
        str(work_dir / "target"),
        "--log-path",
        str(work_dir / "logs"),
        "--no-use-colors",
    ]
    environment = {
        **os.environ,
        "DBT_PROFILES_DIR": str(REPO_ROOT),
        "O2C_DUCKDB_PATH": str(database_path),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    return run_measured(command, environment, work_dir / "dbt_output.log")


def compiled_process_mining_models(target_path: Path) -> list[tuple[str, str]]:
    """Return (name, compiled SQL) of each process-mining model, parents first."""
    manifest = json.loads((target_path / "manifest.json").read_text(encoding="utf-8"))
    models = {
        unique_id: node
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model"
        and node["original_file_path"].startswith(PROCESS_MINING_PATH)
    }
    ordered: list[str] = []

    def visit(unique_id: str) -> None:
        if unique_id in ordered:
            return
        for parent in models[unique_id]["depends_on"]["nodes"]:
            if parent in models:
                visit(parent)
        ordered.append(unique_id)

    for unique_id in sorted(models):
        visit(unique_id)
    return [(models[uid]["name"], models[uid]["compiled_code"]) for uid in ordered]


# Run by a child process, so its peak memory is that of DuckDB building the marts alone.
REBUILD_SCRIPT = """
import json, sys
import duckdb
database_path, models_path = sys.argv[1], sys.argv[2]
with duckdb.connect(database_path) as connection:
    for name, sql in json.load(open(models_path, encoding="utf-8")):
        connection.execute(f"create or replace table marts.{name} as {sql}")
"""


def rebuild_marts(database_path: Path, work_dir: Path) -> BuildMeasurement:
    """Rebuild only the process-mining marts from their compiled SQL and measure it.

    The event log and case table stay as the dbt build left them, so this measures the
    marts without the load, staging and event-log models, and without dbt itself.
    """
    models_path = work_dir / "process_mining_models.json"
    models = compiled_process_mining_models(work_dir / "target")
    models_path.write_text(json.dumps(models), encoding="utf-8")
    command = [
        sys.executable,
        "-c",
        REBUILD_SCRIPT,
        str(database_path),
        str(models_path),
    ]
    return run_measured(command, dict(os.environ), work_dir / "rebuild_output.log")


def process_mining_model_seconds(target_path: Path) -> dict[str, float]:
    """Read the execution time of each process-mining model from dbt's run results."""
    manifest = json.loads((target_path / "manifest.json").read_text(encoding="utf-8"))
    results = json.loads((target_path / "run_results.json").read_text(encoding="utf-8"))
    seconds = {}
    for result in results["results"]:
        node = manifest["nodes"].get(result["unique_id"], {})
        if node.get("original_file_path", "").startswith(PROCESS_MINING_PATH):
            seconds[node["name"]] = float(result["execution_time"])
    return dict(sorted(seconds.items()))


def count_rows(database_path: Path) -> dict[str, int]:
    """Count the rows of the event log and of each process-mining mart."""
    with duckdb.connect(str(database_path), read_only=True) as connection:
        return {
            table: connection.execute(f"select count(*) from marts.{table}").fetchall()[
                0
            ][0]
            for table in COUNTED_TABLES
        }


def run_benchmark(
    export_path: Path, database_path: Path, work_dir: Path
) -> BenchmarkResult:
    """Build the marts from an export into a fresh DuckDB file and measure the build.

    Then rebuild the process-mining marts alone from their compiled SQL and measure
    that too. Raises RuntimeError, naming the log, when either step fails.
    """
    database_path.unlink(missing_ok=True)
    build = run_dbt_build(export_path, database_path, work_dir)
    if build.exit_code != 0:
        raise RuntimeError(
            f"dbt build failed with exit code {build.exit_code}; see {build.log_path}"
        )
    marts_only = rebuild_marts(database_path, work_dir)
    if marts_only.exit_code != 0:
        raise RuntimeError(
            f"rebuilding the marts failed with exit code {marts_only.exit_code}; "
            f"see {marts_only.log_path}"
        )
    return BenchmarkResult(
        build=build,
        marts_only=marts_only,
        model_seconds=process_mining_model_seconds(work_dir / "target"),
        row_counts=count_rows(database_path),
    )


def render_markdown(result: BenchmarkResult, export_path: Path) -> str:
    """Render a benchmark result as Markdown tables."""
    lines = [
        f"Export: `{export_path}`",
        "",
        "| Measure | Value |",
        "|---|---:|",
        f"| dbt build, wall-clock | {result.build.seconds:,.1f} s |",
        f"| dbt build, peak memory | {result.build.peak_memory_mb:,.0f} MB |",
        f"| 1-minute load average at the end | {result.build.load_average:.1f} |",
        f"| process-mining models, sum of model times in that build | "
        f"{sum(result.model_seconds.values()):,.1f} s |",
        f"| process-mining marts rebuilt alone, wall-clock | "
        f"{result.marts_only.seconds:,.1f} s |",
        f"| process-mining marts rebuilt alone, peak memory | "
        f"{result.marts_only.peak_memory_mb:,.0f} MB |",
        f"| 1-minute load average after the rebuild | "
        f"{result.marts_only.load_average:.1f} |",
        "",
        "| Model | Rows | Build time |",
        "|---|---:|---:|",
    ]
    for table, rows in result.row_counts.items():
        seconds = result.model_seconds.get(table)
        shown = f"{seconds:,.2f} s" if seconds is not None else "(upstream)"
        lines.append(f"| {table} | {rows:,} | {shown} |")
    return "\n".join(lines)
