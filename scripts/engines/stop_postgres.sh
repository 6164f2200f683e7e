#!/usr/bin/env bash
# Stop the PostgreSQL cluster that scripts/engines/start_postgres.sh started. Its data
# stays in O2C_PG_DIR (default warehouse/postgres) for the next start; delete that
# folder to start from an empty cluster.
set -euo pipefail

repo_dir="$(cd "$(dirname "$0")/../.." && pwd)"
data_dir="${O2C_PG_DIR:-$repo_dir/warehouse/postgres}/data"

if [[ ! -f "$data_dir/PG_VERSION" ]]; then
    echo "stop_postgres: no cluster in $data_dir; nothing to stop" >&2
    exit 0
fi

owner="$(stat -c %U "$data_dir")"
pg_ctl="$(ls -d /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1 || true)"
pg_ctl="${pg_ctl:-$(command -v pg_ctl || true)}"
if [[ -z "$pg_ctl" ]]; then
    echo "stop_postgres: error: pg_ctl not found; install Debian's package postgresql" >&2
    exit 1
fi

run() {
    if [[ "$(id -u)" -eq 0 && "$owner" != root ]]; then
        runuser -u "$owner" -- "$@"
    else
        "$@"
    fi
}

if run "$pg_ctl" --pgdata="$data_dir" status >/dev/null 2>&1; then
    run "$pg_ctl" --pgdata="$data_dir" --mode=fast --wait stop >&2
else
    echo "stop_postgres: the cluster in $data_dir is not running" >&2
fi
