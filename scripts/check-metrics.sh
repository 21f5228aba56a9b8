#!/usr/bin/env bash
# Serves the API on a free port, sends a few requests (a hit, a 304, a 400,
# a 404), and checks /metrics with promtool (Debian package prometheus).
set -euo pipefail
cd "$(dirname "$0")/.."
make -s
out=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$out"' EXIT
build/aid-api --port 0 --access-log off >"$out/stdout" &
pid=$!
for _ in $(seq 50); do grep -q listening "$out/stdout" && break; sleep 0.1; done
port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$out/stdout")
base="http://127.0.0.1:$port"
c=(curl --noproxy '*' -s -o /dev/null)
"${c[@]}" "$base/api/v1/events"
etag=$(curl --noproxy '*' -s -D - -o /dev/null "$base/api/v1/events" |
  sed -n 's/^[Ee][Tt]ag: *\(.*\)\r$/\1/p')
"${c[@]}" -H "If-None-Match: $etag" "$base/api/v1/events"
"${c[@]}" "$base/api/v1/events?limit=0"
"${c[@]}" "$base/nope"
curl --noproxy '*' -sf "$base/metrics" >"$out/metrics"
promtool check metrics <"$out/metrics"
grep -q 'aid_http_requests_total{route="events",status="304"} 1' "$out/metrics"
echo "metrics: promtool check passed ($(grep -vc '^#' "$out/metrics") samples)"
