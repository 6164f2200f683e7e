#!/usr/bin/env bash
# Check what the dbt target `spark` needs: Java 17 or later, and pyspark in .venv.
#
# Installs Debian's openjdk-17-jre-headless when no java is on the PATH and the script
# runs as root; otherwise fails with the package to install. pyspark comes from
# requirements-engines.txt. The local Spark itself needs no setup: dbt starts it.
set -euo pipefail

repo_dir="$(cd "$(dirname "$0")/../.." && pwd)"
python="${PYTHON:-$repo_dir/.venv/bin/python}"

log() { echo "setup_spark: $*" >&2; }
fail() { echo "setup_spark: error: $*" >&2; exit 1; }

if ! command -v java >/dev/null 2>&1; then
    if [[ "$(id -u)" -ne 0 ]]; then
        fail "java not found. Install Java 17 or later, for example Debian's package" \
            "openjdk-17-jre-headless (sudo apt-get install -y openjdk-17-jre-headless)."
    fi
    log "installing Debian's openjdk-17-jre-headless"
    if ! { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends openjdk-17-jre-headless >&2; }; then
        fail "apt-get install openjdk-17-jre-headless failed. Install Java 17 or later" \
            "by hand and run this script again."
    fi
fi

# java -version prints to stderr, for example: openjdk version "17.0.15" 2025-04-15
java_version="$(java -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1)"
if [[ -z "$java_version" || "$java_version" -lt 17 ]]; then
    fail "Spark 4 needs Java 17 or later, but java -version reports" \
        "'${java_version:-unknown}'. Install Debian's package openjdk-17-jre-headless" \
        "and put it first on the PATH (update-alternatives --config java)."
fi

if ! "$python" -c "import pyspark, dbt.adapters.spark" >/dev/null 2>&1; then
    fail "pyspark or dbt-spark is missing from $python. Install them with" \
        "$python -m pip install -r requirements-engines.txt"
fi

log "Java $java_version and pyspark $("$python" -c 'import pyspark; print(pyspark.__version__)') are ready"
