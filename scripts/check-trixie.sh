#!/usr/bin/env bash
# The whole test suite (make test) against Debian 13 (trixie) and its
# libmicrohttpd 1.0, on a Debian 12 machine: builds the image's build stage
# (the Dockerfile's FROM debian:trixie AS build, which builds and runs
# `make test`) with podman, offline from the machine's Debian mirror.
# Prints each test program's summary, and the failures in full.
#
#   bash scripts/check-trixie.sh
#
# Runs as root (podman here runs rootful). AID_PODMAN_DIR (default
# /tmp/aid-podman) holds podman's state, shared with check-container.sh:
# the image's build reuses these layers.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=${AID_PODMAN_DIR:-/tmp/aid-podman}
fail() {
  echo "trixie: FAILED: $*" >&2
  exit 1
}
[ "$(id -u)" -eq 0 ] || fail "run as root (podman here runs rootful)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=scripts/lib/podman.sh
. scripts/lib/podman.sh
podman_setup "$DIR"
BASE=$(dockerfile_base)
case $BASE in
  *:trixie) ;;
  *) fail "the Dockerfile's build stage is FROM $BASE, not Debian 13 (trixie)" ;;
esac
podman_base "$BASE"

started=$(date +%s)
log=$DIR/trixie.log
if ! podman build --network=host --format docker --pull=never "$(build_args)" \
  --target build -t aid-api:trixie-build . \
  >"$log" 2>&1; then
  suite_summary "$log" || true
  echo "--- the last lines of $log:" >&2
  tail -n 60 "$log" >&2
  fail "the build stage failed on Debian 13"
fi
suite_summary "$log" || fail "the build log shows no test run"
version=$(podman run --rm --network=host aid-api:trixie-build build/aid-api --version)
echo "trixie: OK, make test passed on Debian 13 ($version) in $(($(date +%s) - started)) s"
