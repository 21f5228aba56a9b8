#!/usr/bin/env bash
# Sets everything up and serves the API on http://localhost:8080/api/v1
# (PORT, BIND and the other variables of `build/aid-api --help` apply).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh build
make -s
exec build/aid-api "$@"
