#!/usr/bin/env bash
# The reverse-proxy test: two replicas of build/aid-api behind the real
# nginx, configured with deploy/aid-api.conf.template (rendered with
# envsubst as a deployment would). Checks the /aid/ and root mounts, the
# X-Forwarded-* headers, the answers of tests/malformed/corpus.txt's nginx
# column (build/tests/test_malformed on raw sockets), then drains one
# replica with SIGTERM under wrk load: not one request may fail. Run as
# root on a fresh Debian machine, or as a user with sudo; takes about 12 s
# once built.
# shellcheck disable=SC2015 # "a && b || fail": fail unless both hold
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh proxy && scripts/install-deps.sh test ||
  { echo "proxy: FAIL: install-deps.sh proxy, test" >&2; exit 1; }
make -s all build/tests/test_malformed || { echo "proxy: FAIL: make" >&2; exit 1; }

tmp=$(mktemp -d)
chmod 0755 "$tmp" # nginx's workers run as nobody when started as root
pids=()           # everything started here, killed on exit
wrk_pid=
nginx_pid=

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  [ -n "$wrk_pid" ] && kill "$wrk_pid" 2>/dev/null
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in $wrk_pid $nginx_pid "${pids[@]}"; do wait "$p" 2>/dev/null; done
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  echo "proxy: FAIL: $*" >&2
  for f in "$tmp"/api1.log "$tmp"/api2.log "$tmp"/error.log "$tmp"/wrk.out; do
    [ -s "$f" ] || continue
    echo "--- last lines of $(basename "$f"):" >&2
    tail -n 8 "$f" >&2
  done
  exit 1
}

c=(curl --noproxy '*' -sS --max-time 5)

# --- two replicas on free loopback ports, nginx in front ------------------
# shellcheck source=scripts/lib/stack.sh
. scripts/lib/stack.sh
stack_replicas 2
stack_nginx

# --- the mounts and the forwarded headers ----------------------------------
# get PATH [curl options]: headers in $tmp/h, body in $tmp/b, status echoed
get() {
  local path=$1
  shift
  "${c[@]}" -D "$tmp/h" -o "$tmp/b" -w '%{http_code}' "$@" "$base$path"
}
header() { sed -n "s/^$1: *\\(.*\\)\\r\$/\\1/Ip" "$tmp/h"; }
want() { grep -qF -- "$1" "$tmp/b" || fail "$2: no $1 in $(head -c 400 "$tmp/b")"; }

st=$(get '/aid/api/v1/events?limit=1')
[ "$st" = 200 ] || fail "/aid/api/v1/events?limit=1 answered $st"
want '"self":"/aid/api/v1/events?limit=1"' "prefix mount"
want '"next":"/aid/api/v1/events?limit=1&offset=1"' "prefix mount"
case $(header Link) in
  '</aid/api/v1/'*) ;;
  *) fail "prefix mount: Link is '$(header Link)'" ;;
esac

# root mount; a client's own X-Forwarded-Prefix must not get through
st=$(get '/api/v1/events?limit=1' -H 'X-Forwarded-Prefix: /evil')
[ "$st" = 200 ] || fail "/api/v1/events?limit=1 answered $st"
want '"self":"/api/v1/events?limit=1"' "root mount"
want '"next":"/api/v1/events?limit=1&offset=1"' "root mount"
case $(header Link) in
  '</api/v1/'*) ;;
  *) fail "root mount: Link is '$(header Link)'" ;;
esac

st=$(get /aid/api/v1/entities/minghang-district)
[ "$st" = 200 ] || fail "/aid/api/v1/entities/minghang-district answered $st"
[ "$(header Content-Location)" = /aid/api/v1/entities/minhang-district ] ||
  fail "Content-Location is '$(header Content-Location)'"
st=$(get '/aid/api/v1/entities/Minghang%20District')
[ "$(header Content-Location)" = /aid/api/v1/entities/minhang-district ] ||
  fail "/aid/api/v1/entities/Minghang%20District: $st, Content-Location '$(header Content-Location)'"

# X-Forwarded-Proto and -Host make /openapi.json's server address
st=$(get /aid/openapi.json)
[ "$st" = 200 ] || fail "/aid/openapi.json answered $st"
want "\"url\":\"http://127.0.0.1:$nport/aid\"" "openapi servers"

# nginx's own errors are problem documents; /metrics is not public
st=$(get /metrics)
[ "$st" = 404 ] && [ "$(header Content-Type)" = application/problem+json ] ||
  fail "/metrics through nginx answered $st $(header Content-Type)"

# the client address: from 127.0.0.2 (the replicas' peer is nginx on
# 127.0.0.1), with a forged X-Forwarded-For that must not win
rid="proxy-check-$$-$RANDOM"
st=$(get /api/v1 --interface 127.0.0.2 -H "X-Request-Id: $rid" \
  -H 'X-Forwarded-For: 203.0.113.9')
[ "$st" = 200 ] || fail "/api/v1 from 127.0.0.2 answered $st"
[ "$(header X-Request-Id)" = "$rid" ] ||
  fail "X-Request-Id came back as '$(header X-Request-Id)'"
line=$(grep -h "\"request_id\":\"$rid\"" "$tmp/api1.log" "$tmp/api2.log" ||:)
[ -n "$line" ] || fail "no access log line with request_id $rid"
case $line in
  *'"client":"127.0.0.2"'*) ;;
  *) fail "the replica logged another client: $line" ;;
esac
echo "proxy: mounts, links, forwarded headers and client address OK"

# --- malformed requests ------------------------------------------------------
# Every case of tests/malformed/corpus.txt on its own connection to nginx:
# the answers of its nginx column (docs/framing.md explains them).
AID_MALFORMED_PROXY="127.0.0.1:$nport" build/tests/test_malformed \
  >"$tmp/malformed.out" 2>&1 || {
  grep -E '^(ERROR|\[  FAILED)' "$tmp/malformed.out" >&2
  fail "malformed requests through nginx: not answered as tests/malformed/corpus.txt says"
}
echo "proxy: $(grep -c '^\[       OK \]' "$tmp/malformed.out") malformed requests answered as the corpus says"

# --- drain: SIGTERM one replica under load -------------------------------
cat >"$tmp/count.lua" <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d connect=%d read=%d write=%d " ..
    "timeout=%d status=%d\n", summary.requests, e.connect, e.read, e.write,
    e.timeout, e.status))
end
EOF
before1=$(grep -c '"query":"limit=5"' "$tmp/api1.log" ||:)
wrk -t2 -c16 -d8s --latency -s "$tmp/count.lua" \
  "$base/api/v1/events?limit=5" >"$tmp/wrk.out" 2>&1 &
wrk_pid=$!
sleep 2
t0=$(date +%s%N)
kill -TERM "${pid[1]}"
rc=0
wait "${pid[1]}" || rc=$?
t1=$(date +%s%N)
pids=("${pid[2]}")
stop=$(printf '%d.%03d' $(((t1 - t0) / 1000000000)) $((((t1 - t0) / 1000000) % 1000)))
[ "$rc" = 0 ] || fail "the stopped replica exited $rc (after $stop s)"
grep -q 'still in flight' "$tmp/api1.log" &&
  fail "the stopped replica gave up on requests in flight"
kill -0 "$wrk_pid" 2>/dev/null ||
  fail "wrk ended before the replica stopped"
rc=0
wait "$wrk_pid" || rc=$?
wrk_pid=
[ "$rc" = 0 ] || fail "wrk exited $rc"
cat "$tmp/wrk.out"

result=$(grep '^RESULT ' "$tmp/wrk.out") || fail "wrk printed no result"
n() { sed -n "s/.* $1=\\([0-9]*\\).*/\\1/p" <<<"$result"; }
requests=$(n requests)
failed=$(($(n connect) + $(n read) + $(n write) + $(n timeout) + $(n status)))
grep -q 'Socket errors\|Non-2xx or 3xx' "$tmp/wrk.out" && failed=$((failed > 0 ? failed : 1))
[ "$failed" = 0 ] || fail "$failed of $requests requests failed during the drain: $result"
[ "$requests" -ge 2000 ] || fail "only $requests requests were sent"
served1=$(($(grep -c '"query":"limit=5"' "$tmp/api1.log" ||:) - before1))
served2=$(grep -c '"query":"limit=5"' "$tmp/api2.log" ||:)
[ "$served1" -gt 0 ] && [ "$served2" -gt 0 ] ||
  fail "the load did not reach both replicas ($served1 and $served2 requests)"
# nginx's view: every answer 2xx, but for the requests wrk abandons when
# its time is up (499, client closed, at most one per connection)
bad=$(grep 'limit=5 HTTP/1.1" [^2]' "$tmp/access.log" ||:)
cut=$(grep -c '" 499 ' <<<"$bad" ||:)
other=$(grep -vc -e '" 499 ' -e '^$' <<<"$bad" ||:)
[ "$cut" -le 16 ] && [ "$other" = 0 ] ||
  fail "nginx logged answers other than 2xx: $(head -n 5 <<<"$bad")"
retried=$(grep -c 'limit=5 HTTP.*upstream=[^ ]*, ' "$tmp/access.log" ||:)
drained=$(sed -n '/draining and stopping/,$p' "$tmp/api1.log" | grep -c '"query":"limit=5"' ||:)
refused=$(grep -c 'connect() failed' "$tmp/error.log" ||:)
closed=$(grep -c 'upstream prematurely closed' "$tmp/error.log" ||:)
echo "proxy: replica 1 served $served1 ($drained while draining), replica 2" \
  "served $served2; nginx moved $retried requests to the other replica" \
  "($refused refused connections, $closed kept-alive connections closed" \
  "under a request)"

# --- every replica down: nginx's own 503 problem document ----------------
kill -TERM "${pid[2]}"
wait "${pid[2]}" || fail "replica 2 exited $? on SIGTERM"
pids=()
rid="proxy-down-$$"
st=$(get /api/v1/events -H "X-Request-Id: $rid")
[ "$st" = 503 ] && [ "$(header Content-Type)" = application/problem+json ] ||
  fail "with every replica down, nginx answered $st $(header Content-Type)"
want '"title":"Service Unavailable","status":503' "every replica down"
[ "$(header X-Request-Id)" = "$rid" ] ||
  fail "nginx's problem document has X-Request-Id '$(header X-Request-Id)'"
echo "proxy: every replica down: 503 problem document"
echo "proxy: OK, $requests requests, 0 failed, replica stopped in $stop s"
