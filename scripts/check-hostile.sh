#!/usr/bin/env bash
# The hostile-client check (issue 12), all on loopback, in about two
# minutes once built:
#   1. build/hostile against build/aid-api with its defaults (and a short
#      --cache-bytes, so that the soak starts on a full cache), beside a
#      second server with --max-connections 1: every repro and variant
#      answered or closed in time, nothing left in flight, RSS flat over
#      100,000 hostile requests;
#   2. Debian's slowhttptest, slowloris (-H) and slow read (-X) with 1,100
#      connections against a server whose default --max-connections is
#      1,024 (run under ulimit -n 1600), while a client from 127.0.0.2
#      must get every answer with a p99 under 50 ms; then what the same
#      slowloris does with --connections-per-address 0;
#   3. the same two attacks in front of nginx with deploy/'s configuration
#      (scripts/lib/stack.sh) and two replicas.
# Each part prints its summary line; exits non-zero when one fails. Run as
# root on a fresh Debian machine, or as a user with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "hostile: $*"; }
scripts/install-deps.sh test >&2 || { say "FAIL: install-deps.sh test" >&2; exit 1; }
scripts/install-deps.sh proxy >&2 || { say "FAIL: install-deps.sh proxy" >&2; exit 1; }
make -s all hostile || { say "FAIL: make" >&2; exit 1; }

# nginx, slowhttptest and the clients hold some 2,500 sockets at once
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"

tmp=$(mktemp -d)
chmod 0755 "$tmp" # nginx's workers run as nobody when started as root
pids=()           # everything started here, stopped on exit
nginx_pid=
failed=()
started=$(date +%s)

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in $nginx_pid "${pids[@]}"; do wait "$p" 2>/dev/null; done
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# fail MESSAGE: a part that cannot go on (also what stack.sh calls)
fail() {
  say "FAIL: $*" >&2
  for f in "$tmp"/*.err "$tmp"/api*.log "$tmp"/error.log; do
    [ -s "$f" ] || continue
    echo "--- last lines of $(basename "$f"):" >&2
    grep -v '^{' "$f" | sort | uniq -c | sort -rn | head -n 5 >&2
  done
  exit 1
}

# record PART: a check that failed; the others still run
record() { failed+=("$1"); }

# start NAME FILES [flags]: build/aid-api on a free port with the open-file
# limit FILES (soft and hard; "-" leaves it); sets api_pid and api_port
start() {
  local name=$1 files=$2
  shift 2
  (
    [ "$files" = - ] || ulimit -n "$files"
    exec build/aid-api --port 0 --access-log off "$@"
  ) >"$tmp/$name.out" 2>"$tmp/$name.err" &
  api_pid=$!
  pids+=("$api_pid")
  for _ in $(seq 50); do
    grep -q listening "$tmp/$name.out" && break
    kill -0 "$api_pid" 2>/dev/null || fail "$name exited at start-up"
    sleep 0.1
  done
  api_port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$tmp/$name.out")
  [ -n "$api_port" ] || fail "$name printed no port"
}

# stop PID NAME: SIGTERM, and the server must exit 0 having drained
stop() {
  local rc=0
  kill -TERM "$1"
  wait "$1" || rc=$?
  [ "$rc" = 0 ] || { say "FAIL: $2 exited $rc on SIGTERM"; record "$2 stop"; }
  ! grep -q 'still in flight' "$tmp/$2.err" ||
    { say "FAIL: $2: $(grep 'still in flight' "$tmp/$2.err")"; record "$2 drain"; }
}

# open_connections PORT: "N open" by the server's gauge, asked from
# 127.0.0.2 (the scrape's own connection not counted)
open_connections() {
  local n
  n=$(curl --noproxy '*' -sS --max-time 2 --interface 127.0.0.2 \
    "http://127.0.0.1:$1/metrics" 2>/dev/null |
    sed -n 's/^aid_http_connections_open \([0-9]*\)$/\1/p')
  if [ -n "$n" ]; then echo "$((n - 1)) open"; else echo "every place taken (/metrics refused)"; fi
}

# attack NAME URL MODE...: slowhttptest with 1,100 connections in the
# background for 10 s (MODE: its options); sets slow_pid
attack() {
  local name=$1 url=$2
  shift 2
  slowhttptest "$@" -c 1100 -r 1000 -l 10 -p 3 -g -o "$tmp/$name" -u "$url" \
    >"$tmp/$name.slow" 2>&1 &
  slow_pid=$!
  pids+=("$slow_pid")
}

# held NAME: "most connections slowhttptest held, and how many it lost"
held() {
  awk -F, 'NR > 1 && $4 + 0 > m { m = $4 + 0 } NR > 1 { c = $2 + 0 }
    END { printf "%d held at most, %d closed by the server", m, c }' \
    "$tmp/$1.csv" 2>/dev/null || echo "no statistics"
}

# answered FROM: the statuses nginx logged since line FROM of its access
# log for requests from 127.0.0.1 (the attacker; the client is 127.0.0.2)
answered() {
  local counts
  counts=$(tail -n +"$(($1 + 1))" "$tmp/access.log" |
    sed -n 's/^127\.0\.0\.1 "[^"]*" \([0-9]*\) .*/\1/p' | sort | uniq -c |
    awk '{ printf "%s%d %s", (NR > 1 ? ", " : ""), $1, $2 }')
  echo "${counts:-nothing}"
}

# tcp_memory: the kernel's memory for TCP buffers, all sockets (MB)
tcp_memory() {
  awk -v page="$(getconf PAGESIZE)" '/^TCP:/ {
    for (i = 1; i < NF; i++) if ($i == "mem") printf "%.0f", $(i + 1) * page / 1048576
  }' /proc/net/sockstat
}

# slow_run NAME URL HOST:PORT WHERE MODE...: the attack, and meanwhile
# (from half a second in, for 8 s) the well-behaved client from
# 127.0.0.2, which must get every answer with a p99 under 50 ms. WHERE:
# direct (the server's gauge is read) or nginx (its log is)
slow_run() {
  local name=$1 url=$2 target=$3 where=$4 server='' from=0 mem
  shift 4
  [ "$where" = nginx ] && from=$(wc -l <"$tmp/access.log")
  attack "$name" "$url" "$@"
  sleep 0.5
  build/hostile client "$target" --interface 127.0.0.2 --seconds 8 \
    --min-requests 300 >"$tmp/$name.client" &
  local client_pid=$!
  pids+=("$client_pid")
  sleep 2.5 # the attack under way: what it holds
  mem=$(tcp_memory)
  [ "$where" = direct ] && server="; the server had $(open_connections "${target#*:}")"
  wait "$client_pid" || record "$name"
  wait "$slow_pid" ||:
  [ "$where" = nginx ] && server="; nginx answered the attacker $(answered "$from")"
  say "$name: slowhttptest $(held "$name")$server; kernel TCP memory ${mem} MB at 3 s"
  sed 's/^/  /' "$tmp/$name.client"
}

# --- 1. the hostile client -------------------------------------------------
# --cache-bytes 2M: a budget the warm-up fills in a few thousand requests
start api -  --cache-bytes 2M
main_pid=$api_pid main_port=$api_port
start limited - --max-connections 1
limited_pid=$api_pid limited_port=$api_port
if timeout 150 build/hostile cases "127.0.0.1:$main_port" "$main_pid" \
  --limited "127.0.0.1:$limited_port" --header-timeout 10 >"$tmp/cases.log"; then
  :
else
  record cases
  grep '^FAIL' "$tmp/cases.log" | sed 's/^/  /'
fi
tail -n 1 "$tmp/cases.log"
stop "$main_pid" api
stop "$limited_pid" limited

# --- 2. slowhttptest against the server itself -----------------------------
# ulimit -n 1600: the default --max-connections is 1600 - 576 = 1024
start direct 1600
direct_pid=$api_pid
base=127.0.0.1:$api_port
slow_run "slowloris direct" "http://$base/api/v1/events" "$base" direct \
  -H -i 2 -x 24
slow_run "slow read direct" "http://$base/openapi.json" "$base" direct \
  -X -w 1 -y 8 -n 2 -z 8 -k 4
stop "$direct_pid" direct

# what the per-address limit does: without it one address takes every
# place; the others are refused at once (never queued) until the header
# deadline frees them, then served
start open 1600 --connections-per-address 0
open_pid=$api_pid
base=127.0.0.1:$api_port
attack "slowloris, no per-address limit" "http://$base/api/v1/events" -H -i 2 -x 24
sleep 1.5
during=$(open_connections "$api_port")
build/hostile client "$base" --interface 127.0.0.2 --seconds 5 --allow-refused \
  >"$tmp/open.client" || record "slowloris, no per-address limit: refusals"
wait "$slow_pid" ||:
sleep 1
build/hostile client "$base" --interface 127.0.0.2 --seconds 2 --min-requests 50 \
  --target-ms 1000 \
  >"$tmp/open.after" || record "slowloris, no per-address limit: served after"
say "slowloris, no per-address limit: slowhttptest $(held "slowloris, no per-address limit"); the server had $during"
sed 's/^/  during: /' "$tmp/open.client"
sed 's/^/  after:  /' "$tmp/open.after"
stop "$open_pid" open

# --- 3. the same in front of nginx (deploy/aid-api.conf.template) -----------
nport= # set by stack_nginx
# shellcheck source=scripts/lib/stack.sh disable=SC1091
. scripts/lib/stack.sh
stack_replicas 2
stack_nginx
nbase=127.0.0.1:$nport
slow_run "slowloris through nginx" "http://$nbase/api/v1/events" "$nbase" nginx \
  -H -i 2 -x 24
slow_run "slow read through nginx" "http://$nbase/openapi.json" "$nbase" nginx \
  -X -w 1 -y 8 -n 2 -z 8 -k 4

took=$(($(date +%s) - started))
if [ ${#failed[@]} -gt 0 ]; then
  say "FAIL (${took} s): $(IFS=,; echo "${failed[*]}")"
  exit 1
fi
say "OK in ${took} s"
