#!/usr/bin/env bash
# The connection sweep of scripts/bench.sh: GET /api/v1/events (aid-api's
# own bytes, 36 KB) with 16, 256, 2,048, 4,096 and 10,000 connections at
# once, aid-api (cache on) beside nginx serving the very same bytes from a
# file, both fresh for each point; for each point, ROUNDS rounds of each in
# turn, each figure the median. Reports req/s, p50 and p99 latency, wrk's
# timeouts and socket errors, and the peak RSS of each (VmHWM, nginx's
# processes summed), as a Markdown table on stdout, with the ratios and
# the goals of the issue: at least 0.9 of nginx's req/s, a p99 at most 1.5
# times nginx's, no timeouts, and a peak RSS within the cache's budget,
# 16 MiB and 16 KiB for each connection.
#
#   bash scripts/bench/sweep.sh [SECONDS] [POINTS...]
#   AID_API=... AID_DB=... ROUNDS=3 bash scripts/bench/sweep.sh 4 16 10000
#
# Every connection comes from 127.0.0.1, so aid-api runs with
# --connections-per-address 0 (its default of 64 would refuse the rest);
# everything else is its default, --max-connections included (what the
# open-file limit and the memory allow). The open-file limit of this shell
# is raised to its hard limit; a point that needs more files than that
# allows (wrk and the server under load each hold one per connection) is
# left out and said.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/port.sh
. scripts/lib/port.sh

secs=${1:-4}
shift || true
points=("$@")
[ ${#points[@]} -gt 0 ] || points=(16 256 2048 4096 10000)
rounds=${ROUNDS:-3}
aid_api=${AID_API:-build/aid-api}
aid_db=${AID_DB:-$(dirname "$aid_api")/aid.db}
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
say() { echo "sweep: $*" >&2; }
die() {
  say "$*"
  exit 1
}
[ -x "$aid_api" ] && [ -r "$aid_db" ] || die "no $aid_api or $aid_db (make first)"
command -v wrk >/dev/null || die "needs wrk (scripts/install-deps.sh proxy)"

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
nofile=$(ulimit -n)
say "open files: $nofile (the hard limit)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/aid-sweep.XXXXXX")
chmod 755 "$tmp" # nginx's workers, as nobody, read the body
pids=()
cleanup() {
  local rc=$? p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT

start_aid() {
  "$aid_api" --db "$aid_db" --bind 127.0.0.1 --port 0 --access-log off \
    --connections-per-address 0 >"$tmp/aid.log" 2>&1 &
  aid_pid=$!
  pids+=("$aid_pid")
  aid_port=$(port_of "$aid_pid" "$tmp/aid.log") || die "aid-api did not start"
}

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1",
    () => { console.log(s.address().port); s.close(); })'
}

start_nginx() { # CONNECTIONS
  mkdir -p "$tmp/nginx-tmp" "$tmp/bodies"
  nginx_port=$(free_port)
  # shellcheck disable=SC2016 # the names, for envsubst to replace
  BENCH_DIR=$tmp BENCH_PORT=$nginx_port BENCH_WORKERS=$(nproc) \
    BENCH_WORKER_CONNECTIONS=$(($1 + 64)) BENCH_NOFILE=$nofile \
    envsubst '$BENCH_DIR $BENCH_PORT $BENCH_WORKERS $BENCH_WORKER_CONNECTIONS $BENCH_NOFILE' \
    <scripts/bench/nginx.conf.template >"$tmp/nginx.conf"
  "$nginx_bin" -p "$tmp" -c "$tmp/nginx.conf" -e "$tmp/nginx-error.log" \
    >"$tmp/nginx.log" 2>&1 &
  nginx_pid=$!
  pids+=("$nginx_pid")
  for _ in $(seq 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$nginx_port/api/v1/events" && return
    sleep 0.05
  done
  cat "$tmp/nginx-error.log" >&2 2>/dev/null || true
  die "nginx did not start"
}

stop() { # PID
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

peak_kb() { # PID and its children
  local total=0 p
  for p in "$1" $(ps -o pid= --ppid "$1"); do
    total=$((total + $(awk '/^VmHWM:/ { print $2 }' "/proc/$p/status")))
  done
  echo "$total"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ms() { # wrk's 1.23ms, 456.00us, 1.20s in ms
  awk -v v="$1" 'BEGIN { m = 1; if (v ~ /us$/) m = 0.001; else if (v ~ /ms$/) m = 1;
    else if (v ~ /s$/) m = 1000; sub(/[a-z]+$/, "", v); printf "%.2f", v * m }'
}

run() { # PORT CONNECTIONS OUT
  wrk -t2 -c"$2" -d"$secs"s --timeout 2s --latency \
    "http://127.0.0.1:$1/api/v1/events" >"$3" 2>&1 || true
}
rps_of() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$1"; }
lat_of() { ms "$(awk -v q="$2" '$1 == q { print $2 }' "$1")"; }
timeouts_of() { sed -n 's/.*timeout \([0-9]*\).*/\1/p' "$1" | head -n 1 | grep . || echo 0; }
errors_of() { # connect + read + write errors, and non-2xx answers
  local e n
  e=$(sed -n 's/.*Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\).*/\1 \2 \3/p' "$1" |
    awk '{ print $1 + $2 + $3 }' | grep . || echo 0)
  n=$(sed -n 's/.*Non-2xx or 3xx responses: \([0-9]*\).*/\1/p' "$1" | grep . || echo 0)
  echo $((e + n))
}

budget_kb=$(("$("$aid_api" --help | grep -A1 -- '--cache-bytes' | grep -o 'default [0-9]*M' | grep -o '[0-9]*')" * 1024))
start_aid
curl -sSf -o "$tmp/events.json" "http://127.0.0.1:$aid_port/api/v1/events" ||
  die "aid-api did not answer /api/v1/events"
max_conns=$(curl -sSf "http://127.0.0.1:$aid_port/metrics" |
  awk '$1 == "aid_http_connections_max" { print $2 }')
stop "$aid_pid"
mkdir -p "$tmp/bodies"
cp "$tmp/events.json" "$tmp/bodies/events.json"
printf '"/api/v1/events" "/events.json";\n' >"$tmp/bodies.map"
say "$("$aid_api" --version): --max-connections $max_conns by default here;" \
  "body $(wc -c <"$tmp/events.json") bytes"

declare -A rps p50 p99 tmo err peak
done_points=()
for c in "${points[@]}"; do
  if [ $((c + 256)) -gt "$nofile" ]; then
    say "$c connections: left out (each process needs about $((c + 256)) open files, the limit is $nofile)"
    continue
  fi
  say "$c connections: $rounds rounds of $secs s each, aid-api and nginx in turn"
  start_aid
  start_nginx "$c"
  for s in aid nginx; do
    declare -a "r_$s=()" "a_$s=()" "b_$s=()" "t_$s=()" "e_$s=()"
  done
  for ((r = 0; r < rounds; r++)); do
    for s in aid nginx; do
      port=$([ "$s" = aid ] && echo "$aid_port" || echo "$nginx_port")
      run "$port" "$c" "$tmp/wrk.out"
      eval "r_$s+=(\"$(rps_of "$tmp/wrk.out")\")"
      eval "a_$s+=(\"$(lat_of "$tmp/wrk.out" 50%)\")"
      eval "b_$s+=(\"$(lat_of "$tmp/wrk.out" 99%)\")"
      eval "t_$s+=(\"$(timeouts_of "$tmp/wrk.out")\")"
      eval "e_$s+=(\"$(errors_of "$tmp/wrk.out")\")"
    done
  done
  for s in aid nginx; do
    eval "rps[\$s,\$c]=\$(printf '%s\n' \"\${r_$s[@]}\" | median)"
    eval "p50[\$s,\$c]=\$(printf '%s\n' \"\${a_$s[@]}\" | median)"
    eval "p99[\$s,\$c]=\$(printf '%s\n' \"\${b_$s[@]}\" | median)"
    eval "tmo[\$s,\$c]=\$(printf '%s\n' \"\${t_$s[@]}\" | awk '{ s += \$1 } END { print s }')"
    eval "err[\$s,\$c]=\$(printf '%s\n' \"\${e_$s[@]}\" | awk '{ s += \$1 } END { print s }')"
  done
  peak[aid,$c]=$(peak_kb "$aid_pid")
  peak[nginx,$c]=$(peak_kb "$nginx_pid")
  stop "$aid_pid"
  stop "$nginx_pid"
  say "  aid-api ${rps[aid,$c]} req/s, p99 ${p99[aid,$c]} ms, ${peak[aid,$c]} kB;" \
    "nginx ${rps[nginx,$c]} req/s, p99 ${p99[nginx,$c]} ms, ${peak[nginx,$c]} kB"
  done_points+=("$c")
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
echo
echo "### Connection sweep, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "- wrk -t2 -cN -d${secs}s --timeout 2s on loopback, GET /api/v1/events; $rounds rounds of each server in turn per point, medians (timeouts and errors summed); $(nproc) cores shared with wrk; open files $nofile"
echo "- $("$aid_api" --version): its defaults (cache on, --max-connections $max_conns) but --connections-per-address 0, --access-log off"
echo "- nginx $("$nginx_bin" -v 2>&1 | sed 's|.*nginx/||'): $(nproc) workers, sendfile, the same bytes from a file"
echo "- goals: req/s at least 0.9 of nginx's, p99 at most 1.5 of nginx's, no timeouts, peak RSS at most the cache budget ($((budget_kb / 1024)) MiB) + 16 MiB + 16 KiB per connection"
echo
echo "| connections | aid req/s | nginx req/s | ratio | p50 ms aid / nginx | p99 ms aid / nginx | p99 ratio | timeouts aid / nginx | errors aid / nginx | peak RSS MiB aid / nginx | RSS bound MiB |"
echo "|---:|---:|---:|---:|---|---|---:|---|---|---|---:|"
for c in "${done_points[@]}"; do
  bound=$((budget_kb + 16 * 1024 + 16 * c))
  printf '| %s | %s | %s | %s | %s / %s | %s / %s | %s | %s / %s | %s / %s | %s / %s | %s |\n' \
    "$c" "${rps[aid,$c]}" "${rps[nginx,$c]}" "$(ratio "${rps[aid,$c]}" "${rps[nginx,$c]}")" \
    "${p50[aid,$c]}" "${p50[nginx,$c]}" "${p99[aid,$c]}" "${p99[nginx,$c]}" \
    "$(ratio "${p99[aid,$c]}" "${p99[nginx,$c]}")" "${tmo[aid,$c]}" "${tmo[nginx,$c]}" \
    "${err[aid,$c]}" "${err[nginx,$c]}" "$(mib "${peak[aid,$c]}")" "$(mib "${peak[nginx,$c]}")" \
    "$(mib "$bound")"
done
