#!/usr/bin/env bash
# Checks the Frictionless Data Package aid-api serves, with the pinned
# Frictionless Data libraries of package.json (tests/datapackage/check.mjs):
# the descriptor against the Data Package and Table Schema specifications,
# every CSV file parsed with its declared schema, every foreign key
# resolved, the rows against the database and the collections, the ZIP
# archive against the files, and broken copies refused. Starts the real
# server (build/aid-api on a free port; AID_API and AID_DB choose others),
# installs what it lacks (npm ci; the sqlite3 shell from Debian), and
# prints a summary line. Needs a built server: `make` first.
#   scripts/check-datapackage.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/port.sh
. scripts/lib/port.sh # port_of

bin=${AID_API:-build/aid-api}
db=${AID_DB:-build/aid.db}
export NO_UPDATE_NOTIFIER=1 NPM_CONFIG_UPDATE_NOTIFIER=false

[ -x "$bin" ] || { echo "check-datapackage: no $bin: run make first" >&2; exit 1; }
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "check-datapackage: node and npm are needed (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
if ! command -v sqlite3 >/dev/null; then
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "check-datapackage: installing sqlite3" >&2
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends sqlite3 >/dev/null
fi
[ -d node_modules/datapackage ] && [ -d node_modules/tableschema ] ||
  npm ci --no-audit --no-fund --loglevel=error

out=$(mktemp)
log=$(mktemp)
pid=
# shellcheck disable=SC2317 # run by the trap
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -f "$out" "$log"
}
trap cleanup EXIT

"$bin" --port 0 --bind 127.0.0.1 --access-log off --db "$db" >"$out" 2>&1 &
pid=$!
port=$(port_of "$pid" "$out") || { echo "check-datapackage: $bin did not start" >&2; exit 1; }

status=0
node tests/datapackage/check.mjs --base "http://127.0.0.1:$port" | tee "$log" || status=$?
summary=$(grep '^datapackage: [0-9]* passed' "$log" || true)
if [ "$status" -eq 0 ] && [ -n "$summary" ]; then
  echo "check-datapackage: the data package is valid; ${summary#datapackage: }"
else
  echo "check-datapackage: FAILED (${summary#datapackage: })" >&2
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
