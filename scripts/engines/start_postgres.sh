#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for the dbt target `postgres`, on 127.0.0.1 only.
#
# Installs Debian's postgresql package when initdb is missing, creates the cluster in
# warehouse/postgres/ (git-ignored) as the postgres system user (initdb rejects root),
# starts it on a free port, and creates the role and database that profiles.yml names.
# Running it again reuses the cluster and, while it runs, the port.
#
# Prints the settings as `export` lines on stdout, so a shell can take them with
#   eval "$(scripts/engines/start_postgres.sh)"
# Progress goes to stderr. Environment:
#   O2C_PG_DIR     cluster folder (default: warehouse/postgres in the repository)
#   O2C_PG_PORT    port to listen on (default: the port of the last start, else the
#                  first free port from 55432)
#   O2C_PG_USER    role to create (default: o2c_billing)
#   O2C_PG_DBNAME  database to create (default: o2c_billing)
# The cluster trusts connections from 127.0.0.1 without a password: it holds only test
# data and listens on loopback alone. Stop it with scripts/engines/stop_postgres.sh.
set -euo pipefail

repo_dir="$(cd "$(dirname "$0")/../.." && pwd)"
cluster_root="${O2C_PG_DIR:-$repo_dir/warehouse/postgres}"
data_dir="$cluster_root/data"
socket_dir="$cluster_root/run"
port_file="$cluster_root/port"
log_file="$cluster_root/postgres.log"
pg_user="${O2C_PG_USER:-o2c_billing}"
pg_dbname="${O2C_PG_DBNAME:-o2c_billing}"
system_user=postgres

log() { echo "start_postgres: $*" >&2; }
fail() { echo "start_postgres: error: $*" >&2; exit 1; }

find_bin_dir() {
    # Debian puts the server binaries in /usr/lib/postgresql/<major>/bin, off the PATH.
    local candidate
    candidate="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [[ -n "$candidate" && -x "$candidate/initdb" ]]; then
        echo "$candidate"
    elif command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
    fi
}

as_system_user() {
    runuser -u "$system_user" -- "$@"
}

port_is_free() {
    ! (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

bin_dir="$(find_bin_dir)"
if [[ -z "$bin_dir" ]]; then
    if [[ "$(id -u)" -ne 0 ]]; then
        fail "PostgreSQL server binaries (initdb) not found. Install Debian's package" \
            "postgresql (sudo apt-get install -y postgresql) and run this script again."
    fi
    log "installing Debian's postgresql package"
    if ! { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends postgresql >&2; }; then
        fail "apt-get install postgresql failed. Install Debian's package postgresql" \
            "by hand and run this script again."
    fi
    bin_dir="$(find_bin_dir)"
    [[ -n "$bin_dir" ]] || fail "postgresql is installed but initdb was not found" \
        "under /usr/lib/postgresql/*/bin. Check the package postgresql."
fi

if [[ "$(id -u)" -eq 0 ]]; then
    id "$system_user" >/dev/null 2>&1 || fail "system user '$system_user' not found." \
        "Installing Debian's package postgresql creates it."
else
    # Not root: run the cluster as the current user instead.
    system_user="$(id -un)"
    as_system_user() { "$@"; }
fi

mkdir -p "$cluster_root"
chown "$system_user" "$cluster_root"
if ! as_system_user test -w "$cluster_root"; then
    fail "user '$system_user' cannot write to $cluster_root: every parent folder must" \
        "be searchable by that user. Set O2C_PG_DIR to a folder it can use, such as" \
        "/tmp/o2c_postgres."
fi

if [[ ! -f "$data_dir/PG_VERSION" ]]; then
    log "creating a cluster in $data_dir"
    as_system_user "$bin_dir/initdb" --pgdata="$data_dir" --username=postgres \
        --auth-local=trust --auth-host=trust --encoding=UTF8 --locale=C.UTF-8 >&2
    # Test settings: UTC session timezone, loopback only, and no fsync because the
    # cluster holds only data that the next build recreates.
    cat >>"$data_dir/postgresql.conf" <<CONF

# Set by scripts/engines/start_postgres.sh
listen_addresses = '127.0.0.1'
unix_socket_directories = '$socket_dir'
timezone = 'UTC'
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
fi
as_system_user mkdir -p "$socket_dir"

if as_system_user "$bin_dir/pg_ctl" --pgdata="$data_dir" status >/dev/null 2>&1; then
    port="$(cat "$port_file")"
    if [[ -n "${O2C_PG_PORT:-}" && "$O2C_PG_PORT" != "$port" ]]; then
        fail "the cluster in $data_dir already runs on port $port, not O2C_PG_PORT" \
            "$O2C_PG_PORT. Stop it with scripts/engines/stop_postgres.sh or unset O2C_PG_PORT."
    fi
    log "cluster already running on 127.0.0.1:$port"
else
    port="${O2C_PG_PORT:-}"
    if [[ -z "$port" && -f "$port_file" ]] && port_is_free "$(cat "$port_file")"; then
        port="$(cat "$port_file")"
    fi
    if [[ -z "$port" ]]; then
        for candidate in $(seq 55432 55531); do
            if port_is_free "$candidate"; then
                port="$candidate"
                break
            fi
        done
        [[ -n "$port" ]] || fail "no free port in 55432-55531 on 127.0.0.1. Set O2C_PG_PORT."
    fi
    port_is_free "$port" || fail "port $port on 127.0.0.1 is in use. Set O2C_PG_PORT" \
        "to a free port."
    log "starting the cluster on 127.0.0.1:$port (log: $log_file)"
    touch "$log_file"
    chown "$system_user" "$log_file"
    if ! as_system_user "$bin_dir/pg_ctl" --pgdata="$data_dir" --log="$log_file" \
        --options="-p $port" --wait --timeout=60 start >&2; then
        tail -n 20 "$log_file" >&2 || true
        fail "PostgreSQL did not start; its log is above and in $log_file."
    fi
    echo "$port" >"$port_file"
fi

run_psql() {
    as_system_user "$bin_dir/psql" --host="$socket_dir" --port="$port" --username=postgres \
        --dbname=postgres --no-psqlrc --quiet --tuples-only --set=ON_ERROR_STOP=1 "$@"
}

# psql's :'name' quotes a variable as a literal and :"name" as an identifier.
role_exists="$(run_psql --set=role_name="$pg_user" \
    <<<"select 1 from pg_roles where rolname = :'role_name';")"
if [[ -z "${role_exists// /}" ]]; then
    log "creating role $pg_user"
    run_psql --set=role_name="$pg_user" <<<'create role :"role_name" login createdb;'
fi
database_exists="$(run_psql --set=database_name="$pg_dbname" \
    <<<"select 1 from pg_database where datname = :'database_name';")"
if [[ -z "${database_exists// /}" ]]; then
    log "creating database $pg_dbname owned by $pg_user"
    run_psql --set=database_name="$pg_dbname" --set=role_name="$pg_user" \
        <<<'create database :"database_name" owner :"role_name";'
fi

cat <<ENV
export O2C_PG_HOST=127.0.0.1
export O2C_PG_PORT=$port
export O2C_PG_USER=$pg_user
export O2C_PG_DBNAME=$pg_dbname
ENV
