"""Shared pytest setup: make the ``o2c_tools`` package in ``scripts/`` importable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

SCRIPTS_DIR = Path(__file__).resolve().parents[2] / "scripts"
if str(SCRIPTS_DIR) not in sys.path:
    sys.path.insert(0, str(SCRIPTS_DIR))


# Running dbt on small exports, and locating the shared real data.

REPO_ROOT = Path(__file__).resolve().parents[2]
# Folders of real data kept beside the repository, never inside it.
SHARED_DIR = REPO_ROOT.parent / "shared"
# With this set to 1 (as .ci/ does), a test whose shared data is absent fails.
REQUIRE_SHARED_DATA_VARIABLE = "O2C_REQUIRE_SHARED_DATA"
# Timeout of one dbt invocation, far above what a build of a tiny export needs.
DBT_TIMEOUT_SECONDS = 300


def run_dbt_command(
    args: list[str],
    export_path: Path,
    database_path: Path,
    vars: dict[str, object] | None = None,
    *,
    env: dict[str, str] | None = None,
    expect_success: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run dbt in the project on one export folder and DuckDB file.

    export_path becomes the var salesforce_export_path, merged with vars. Compile
    output and logs go to a folder beside the database file, so runs never share a
    target folder. When expect_success is true, a non-zero exit fails the calling
    test with dbt's output. Returns the finished process.
    """
    database_path = Path(database_path)
    work_dir = database_path.parent / f"{database_path.stem}_dbt"
    run_vars = {"salesforce_export_path": str(export_path), **(vars or {})}
    command = [
        sys.executable,
        "-m",
        "dbt.cli.main",
        *args,
        "--vars",
        json.dumps(run_vars),
        "--target-path",
        str(work_dir / "target"),
        "--log-path",
        str(work_dir / "logs"),
        "--no-use-colors",
    ]
    process_env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(REPO_ROOT),
        "O2C_DUCKDB_PATH": str(database_path),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **(env or {}),
    }
    completed = subprocess.run(
        command,
        cwd=REPO_ROOT,
        env=process_env,
        capture_output=True,
        text=True,
        timeout=DBT_TIMEOUT_SECONDS,
        check=False,
    )
    if expect_success:
        assert completed.returncode == 0, (
            f"dbt {' '.join(args)} exited with code {completed.returncode} on "
            f"{export_path}:\n{completed.stdout}\n{completed.stderr}"
        )
    return completed


@pytest.fixture(scope="session")
def run_dbt() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Provide run_dbt_command, which runs dbt on an export into a DuckDB file."""
    return run_dbt_command


@pytest.fixture(scope="session")
def shared_data_dir() -> Callable[[str], Path]:
    """Provide a function that returns the folder ../shared/<name> of real data.

    When the folder is absent, the function skips the calling test, or fails it
    when O2C_REQUIRE_SHARED_DATA=1.
    """

    def locate(name: str) -> Path:
        folder = SHARED_DIR / name
        if folder.is_dir():
            return folder
        message = f"Shared data folder {folder} not found"
        if os.environ.get(REQUIRE_SHARED_DATA_VARIABLE) == "1":
            pytest.fail(
                f"{message}, and {REQUIRE_SHARED_DATA_VARIABLE}=1 requires it.",
                pytrace=False,
            )
        pytest.skip(
            f"{message}; place it beside the repository to run this test, or set "
            f"{REQUIRE_SHARED_DATA_VARIABLE}=1 to fail instead of skipping."
        )

    return locate


# The bundled sample, built once per test session.

SAMPLE_DIR = REPO_ROOT / "data" / "sample"


@pytest.fixture(scope="session")
def sample_manifest() -> dict:
    """Return the generator's manifest of the bundled sample: what it injected."""
    return json.loads((SAMPLE_DIR / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build every model of the project on the bundled sample; return the DuckDB file.

    Data tests are left to `make dbt-test`; this build only materialises the models
    and seeds that pytest reads.
    """
    database_path = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    run_dbt_command(
        ["build", "--exclude-resource-type", "test", "unit_test"],
        SAMPLE_DIR,
        database_path,
    )
    return database_path
