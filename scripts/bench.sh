#!/usr/bin/env bash
# Throughput, latency and memory of aid-api beside a reference, in one run,
# reported as ratios. The reference is a Node.js server answering the same
# URLs with the same bytes from memory (scripts/bench-reference.mjs). Both
# get the same wrk load on loopback, one after the other; aid-api runs with
# as many threads as cores, and once more with its response cache off
# (every request then reads SQLite and serializes).
#   bash scripts/bench.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-5}
conns=${2:-32}
scripts/install-deps.sh build
command -v wrk >/dev/null || scripts/install-deps.sh proxy
command -v node >/dev/null || { echo "bench: needs node" >&2; exit 1; }
make -s

tmp=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT

# The port a server printed in its "listening on http://127.0.0.1:PORT/".
port_of() { # FILE
  for _ in $(seq 100); do
    sed -n 's/.*127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$1" | grep . && return
    sleep 0.05
  done
  echo "bench: no port in $1" >&2; exit 1
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

paths=(/api/v1/events /api/v1/events?limit=1\&fields=id,title
       /api/v1/entities/minghang-district /api/v1/funding/totals?group_by=recipient)

start_aid() { # NAME EXTRA-FLAGS...
  build/aid-api --port 0 --access-log off "${@:2}" >"$tmp/$1.out" 2>&1 &
  pids+=($!); eval "$1_pid=$!"
  eval "$1_port=$(port_of "$tmp/$1.out")"
}
start_aid aid
start_aid cold --cache-entries 0
node scripts/bench-reference.mjs "http://127.0.0.1:$aid_port" 0 "${paths[@]}" >"$tmp/ref.out" &
ref_pid=$!; pids+=($ref_pid); ref_port=$(port_of "$tmp/ref.out")

# wrk's requests per second and 99th percentile latency (ms) for one URL.
load() { # PORT PATH
  wrk -t2 -c"$conns" -d"${secs}s" --latency "http://127.0.0.1:$1$2" >"$tmp/wrk" 2>&1
  local rps p99
  rps=$(awk '/^Requests\/sec/ {print $2}' "$tmp/wrk")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) sub(/ms/,"",v); else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' "$tmp/wrk")
  grep -q 'Non-2xx' "$tmp/wrk" && { echo "bench: errors on $2" >&2; cat "$tmp/wrk" >&2; exit 1; }
  echo "$rps $p99"
}

printf '%-46s %12s %12s %12s %8s %8s\n' url aid_rps node_rps cold_rps ratio cold/node
for p in "${paths[@]}"; do
  read -r a_rps a_p99 < <(load "$aid_port" "$p")
  read -r n_rps n_p99 < <(load "$ref_port" "$p")
  read -r c_rps c_p99 < <(load "$cold_port" "$p")
  printf '%-46s %12.0f %12.0f %12.0f %7sx %7sx   p99 ms: aid %s node %s cold %s\n' \
    "$p" "$a_rps" "$n_rps" "$c_rps" "$(ratio "$a_rps" "$n_rps")" \
    "$(ratio "$c_rps" "$n_rps")" "$a_p99" "$n_p99" "$c_p99"
done
a_rss=$(rss_kb "$aid_pid"); n_rss=$(rss_kb "$ref_pid"); c_rss=$(rss_kb "$cold_pid")
printf 'resident memory after the load: aid-api %d KiB, cold %d KiB, node %d KiB: %sx of node\n' \
  "$a_rss" "$c_rss" "$n_rss" "$(ratio "$a_rss" "$n_rss")"
