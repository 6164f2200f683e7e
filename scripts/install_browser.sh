#!/usr/bin/env bash
# Install Debian's headless-capable Chromium for the report's browser test.
#
# Does nothing when /usr/bin/chromium exists. Otherwise runs apt-get update and
# apt-get install chromium, which needs root (CI and the project's machines run as
# root) and access to Debian's package mirror.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    echo "Chromium found: $CHROMIUM"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "error: $CHROMIUM not found, and installing it needs root." >&2
    echo "Run: sudo apt-get update && sudo apt-get install -y chromium" >&2
    exit 1
fi

echo "Installing Debian's chromium package (not found at $CHROMIUM)"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends chromium fonts-dejavu-core

if [ ! -x "$CHROMIUM" ]; then
    echo "error: apt-get install chromium finished, but $CHROMIUM is still missing." >&2
    exit 1
fi
echo "Chromium installed: $CHROMIUM"
