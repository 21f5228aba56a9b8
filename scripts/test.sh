#!/usr/bin/env bash
# Sets everything up and runs the whole test suite: unit, HTTP, data and
# start-up tests. Each test program prints its own cmocka summary.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
make -s test
