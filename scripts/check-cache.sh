#!/usr/bin/env bash
# The cache tier test: two replicas of build/aid-api behind the real nginx
# configured with deploy/aid-api.conf.template AND
# deploy/aid-api-cache.conf.template (both rendered with envsubst as a
# deployment would), all on loopback. The replicas run with small
# max-age values (2 s) so that every phase is short. It shows:
#   1. a second request is a HIT, with the same bytes;
#   2. Vary: gzip and identity, JSON and CSV, two CORS origins and none are
#      kept apart (each its own entry, each answer right for its request);
#      spellings of Accept-Encoding that mean gzip share one;
#   3. many requests at once for an answer not kept reach a replica once;
#   4. an expired answer is revalidated: nginx sends If-None-Match (its
#      debug log of that request) and a replica answers 304 (its access log);
#   5. every replica stopped: every URL fetched before answers 200 from the
#      cache (STALE), also under load; a URL never fetched answers a 503
#      problem document, never nginx's HTML;
#   6. the replicas back with another dataset (a database built by
#      build/aid-mkdb from the data and one more table): every URL answers
#      the new version's bytes as soon as its copy has expired and been
#      asked for once (within max-age, then: at most two old answers).
# Prints the figures: hits, revalidations, stale answers, requests failed
# during the outage. Run as root on a fresh Debian machine, or as a user
# with sudo; takes about 30 s once built.
# shellcheck disable=SC2015 # "a && b || fail": fail unless both hold
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh proxy ||
  { echo "cache: FAIL: install-deps.sh proxy" >&2; exit 1; }
make -s all || { echo "cache: FAIL: make" >&2; exit 1; }

# nginx's debug log shows the If-None-Match it sends (Debian's nginx has it)
nginx -V 2>&1 | grep -q -- --with-debug ||
  { echo "cache: FAIL: this nginx is built without --with-debug" >&2; exit 1; }

MAX_AGE=2 # the replicas' --cache-max-age: short, so that answers expire
tmp=$(mktemp -d)
chmod 0755 "$tmp" # nginx's workers run as nobody when started as root
pids=() # every replica started (stack.sh), stopped on exit
nginx_pid=
herd_pid=

cleanup() {
  local rc=$? p
  set +e
  trap - EXIT INT TERM
  for p in $herd_pid $nginx_pid "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do kill -CONT "$p" 2>/dev/null; done # (the herd's)
  for p in $herd_pid $nginx_pid "${pids[@]}"; do wait "$p" 2>/dev/null; done
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  echo "cache: FAIL: $*" >&2
  for f in "$tmp"/api1.log "$tmp"/api2.log "$tmp"/error.log "$tmp"/access.log; do
    [ -s "$f" ] || continue
    echo "--- last lines of $(basename "$f"):" >&2
    tail -n 6 "$f" >&2
  done
  exit 1
}

# deploy/compose.yaml runs the same two templates and sets what they use
for f in aid-api.conf.template aid-api-cache.conf.template; do
  grep -q "\./$f:/etc/nginx/templates/" deploy/compose.yaml ||
    fail "deploy/compose.yaml does not give nginx $f"
  # shellcheck disable=SC2016 # a pattern, not an expansion
  for v in $(grep -o '[$]{AID_[A-Z_]*}' "deploy/$f" | tr -d '${}' | sort -u); do
    grep -q "^      $v: " deploy/compose.yaml ||
      fail "deploy/compose.yaml does not set $v, which $f uses"
  done
done

# shellcheck source=scripts/lib/stack.sh
. scripts/lib/stack.sh
c=(curl --noproxy '*' -sS --max-time 10)

# replicas DB [PORT...]: replicas 1 and 2 on DB, on the ports given (the
# same ones after an outage) or free ones; waits until each is ready.
replicas() {
  local db=$1
  shift
  stack_port=([1]=${1:-0} [2]=${2:-0})
  stack_replicas 2 --db "$db" --threads 2 \
    --cache-max-age "$MAX_AGE" --stale-while-revalidate 1 \
    --stale-if-error 600 --drain-seconds 2 \
    --cors-origin https://a.example,https://b.example
}

stop_replicas() {
  local i rc
  for i in 1 2; do kill -TERM "${pid[$i]}"; done
  for i in 1 2; do
    rc=0
    wait "${pid[$i]}" || rc=$?
    [ "$rc" = 0 ] || fail "replica $i exited $rc on SIGTERM"
    unset "pid[$i]"
  done
}

# --- two replicas, nginx with the proxy and the cache in front --------------
replicas build/aid.db
export AID_CACHE_PATH="$tmp/cache" AID_CACHE_MAX_SIZE=64m AID_CACHE_INACTIVE=1d
# a replica found failed is tried again after 1 s (10 s in compose.yaml);
# the debug log of requests from 127.0.0.3 only: what nginx sends upstream
STACK_CACHE=1 STACK_FAIL_TIMEOUT=1s STACK_DEBUG_FROM=127.0.0.3 stack_nginx

# --- requests ------------------------------------------------------------------
# A case is "TARGET|Header: value|...". get CASE [curl options]: the answer's
# header block in $tmp/h, body in $tmp/b; prints the status.
get() {
  local IFS='|' parts hs=() h
  read -r -a parts <<<"$1"
  shift
  for h in "${parts[@]:1}"; do hs+=(-H "$h"); done
  "${c[@]}" -D "$tmp/h" -o "$tmp/b" -w '%{http_code}' "${hs[@]}" "$@" "$base${parts[0]}"
}
header() { sed -n "s/^$1: *\\(.*\\)\\r\$/\\1/Ip" "$tmp/h" | tail -n 1; }
cache_status() { header X-Cache-Status; }
# the answer came from an entry kept before (fresh, or stale, or revalidated)
kept() { case $(cache_status) in HIT | STALE | UPDATING | REVALIDATED) ;; *) false ;; esac; }
key() { printf '%s' "$1" | md5sum | cut -c1-16; } # a file name for a case

# (asked of a replica directly: nothing is kept before the cases below)
first() { # the id of the first item of a collection
  "${c[@]}" "http://127.0.0.1:${port[1]}/api/v1/$1?fields=id&limit=1" |
    sed -n 's/^{"data":\[{"id":"\([^"]*\)".*/\1/p'
}
html='Accept: text/html,application/xhtml+xml,*/*;q=0.8'
asset=$("${c[@]}" -H "$html" "http://127.0.0.1:${port[1]}/" |
  grep -o 'assets/app\.[0-9a-f]\{16\}\.js' | head -n 1) ||
  fail "the page names no versioned app.VERSION.js"
cases=(
  "/api/v1"
  "/api/v1/events"
  "/api/v1/events?limit=3"
  "/api/v1/events?limit=3|Accept-Encoding: gzip"
  "/api/v1/events?limit=3|Accept: text/csv"
  "/api/v1/events?limit=3|Origin: https://a.example"
  "/api/v1/events?limit=3|Origin: https://b.example"
  "/api/v1/events?q=cadre&fields=id,title"
  "/api/v1/events/$(first events)"
  "/api/v1/entities/$(first entities)"
  "/api/v1/partnerships/$(first partnerships)"
  "/api/v1/funding?format=csv"
  "/api/v1/funding/totals?group_by=recipient|Accept-Encoding: gzip"
  "/aid/api/v1/events?limit=3"
  "/openapi.json|Accept-Encoding: gzip"
  "/|$html"
  "/$asset"
)
mkdir "$tmp/v1"
lines() { cat "$tmp/api1.log" "$tmp/api2.log" | wc -l; }
asked=$(lines)
for cs in "${cases[@]}"; do
  k=$(key "$cs")
  st=$(get "$cs")
  [ "$st" = 200 ] || fail "$cs answered $st"
  [ "$(cache_status)" = MISS ] || fail "$cs: the first answer is $(cache_status), not MISS"
  cp "$tmp/b" "$tmp/v1/$k.b"
  header ETag >"$tmp/v1/$k.etag"
  header Cache-Control >"$tmp/v1/$k.cc"
  st=$(get "$cs")
  [ "$st" = 200 ] && [ "$(cache_status)" = HIT ] ||
    fail "$cs: the second answer is $st $(cache_status), not a 200 HIT"
  cmp -s "$tmp/b" "$tmp/v1/$k.b" || fail "$cs: the HIT's bytes are not the MISS's"
  [ "$(header ETag)" = "$(cat "$tmp/v1/$k.etag")" ] || fail "$cs: the HIT's ETag differs"
done
asked=$(($(lines) - asked))
[ "$asked" = ${#cases[@]} ] ||
  fail "the replicas were asked $asked times for ${#cases[@]} URLs fetched twice"
echo "cache: ${#cases[@]} URLs and variants: each a MISS, then a HIT with the same bytes"

# health, readiness and errors are never kept
for t in /readyz /healthz /api/v1/events/no-such-event /api/v1/events?limit=0; do
  get "$t" >/dev/null
  get "$t" >/dev/null
  kept && fail "$t was answered from the cache ($(cache_status))"
  [ "$(header Cache-Control)" = no-store ] || fail "$t: Cache-Control $(header Cache-Control)"
done
# the request id is each request's own, on a HIT too
get "/api/v1|X-Request-Id: cache-check-$$" >/dev/null
kept && [ "$(header X-Request-Id)" = "cache-check-$$" ] ||
  fail "a HIT answered X-Request-Id '$(header X-Request-Id)' ($(cache_status))"

# --- 2. Vary: what the key keeps apart --------------------------------------
t="/api/v1/events?limit=3"
body() { cat "$tmp/v1/$(key "$1").b"; }
[ "$(get "$t|Accept-Encoding: gzip")" = 200 ] && [ "$(header Content-Encoding)" = gzip ] ||
  fail "gzip: no Content-Encoding: gzip ($(cache_status))"
cmp -s <(gzip -dc "$tmp/b") <(body "$t") || fail "gzip: the body is not the identity one, compressed"
for ae in "gzip, deflate, br, zstd" "deflate, gzip;q=0.5" "GZIP"; do
  [ "$(get "$t|Accept-Encoding: $ae")" = 200 ] && kept &&
    [ "$(header Content-Encoding)" = gzip ] ||
    fail "Accept-Encoding: $ae: $(cache_status), Content-Encoding '$(header Content-Encoding)'"
done
for ae in "gzip;q=0" "identity" "br" "x-gzip;q=0, gzip;q=0"; do
  [ "$(get "$t|Accept-Encoding: $ae")" = 200 ] && [ -z "$(header Content-Encoding)" ] ||
    fail "Accept-Encoding: $ae: Content-Encoding '$(header Content-Encoding)'"
  cmp -s "$tmp/b" <(body "$t") || fail "Accept-Encoding: $ae: not the identity body"
done
get "$t|Accept: text/csv" >/dev/null
case $(header Content-Type) in text/csv*) ;; *) fail "CSV: Content-Type $(header Content-Type)" ;; esac
kept || fail "CSV: $(cache_status)"
get "$t|Accept: application/json" >/dev/null
case $(header Content-Type) in application/json*) ;; *) fail "JSON: Content-Type $(header Content-Type)" ;; esac
for o in a b; do
  get "$t|Origin: https://$o.example" >/dev/null
  kept && [ "$(header Access-Control-Allow-Origin)" = "https://$o.example" ] ||
    fail "Origin $o: $(cache_status), Access-Control-Allow-Origin '$(header Access-Control-Allow-Origin)'"
done
get "$t" >/dev/null
[ -z "$(header Access-Control-Allow-Origin)" ] || fail "no Origin, yet Access-Control-Allow-Origin"
get "$t|Origin: https://evil.example" >/dev/null
[ -z "$(header Access-Control-Allow-Origin)" ] ||
  fail "a denied origin got Access-Control-Allow-Origin $(header Access-Control-Allow-Origin)"
echo "cache: gzip and identity, JSON and CSV, origins a, b, another and none each have their own entry"

# --- 3. a herd for one answer not kept reaches a replica once ---------------
# (the replicas are stopped, SIGSTOP, while the requests arrive: every one
# of them finds the answer missing; then they go on, SIGCONT)
herd="/api/v1/events?limit=7&sort=-start"
kill -STOP "${pid[1]}" "${pid[2]}"
seq 40 | xargs -P 40 -I{} "${c[@]}" -o /dev/null -w '%{http_code}\n' "$base$herd" >"$tmp/herd" &
herd_pid=$!
sleep 1
kill -CONT "${pid[1]}" "${pid[2]}"
wait "$herd_pid" || fail "the herd's requests failed"
herd_pid=
[ "$(grep -c '^200$' "$tmp/herd")" = 40 ] || fail "the herd: $(sort "$tmp/herd" | uniq -c | tr '\n' ' ')"
# (a 304 is no herd: a slow machine may take longer than max-age for them)
reached=$(cat "$tmp/api1.log" "$tmp/api2.log" | grep -c '"query":"limit=7&sort=-start".*"status":200' ||:)
[ "$reached" = 1 ] || fail "40 requests at once for one answer reached the replicas $reached times"
echo "cache: 40 requests at once for one answer: 1 reached a replica"

# --- 4. revalidation --------------------------------------------------------
sleep $((MAX_AGE + 1))
t="/api/v1/events?limit=3"
before=$(cat "$tmp/api1.log" "$tmp/api2.log" | grep -c '"status":304' ||:)
st=$(get "$t" --interface 127.0.0.3)
case "$st $(cache_status)" in "200 STALE" | "200 UPDATING" | "200 REVALIDATED") ;;
  *) fail "$t after max-age: $st $(cache_status)" ;; esac
cmp -s "$tmp/b" <(body "$t") || fail "$t after max-age: other bytes"
for _ in $(seq 30); do
  grep -q '"path":"/api/v1/events","query":"limit=3".*"status":304' "$tmp/api1.log" "$tmp/api2.log" && break
  sleep 0.1
done
grep -q '"path":"/api/v1/events","query":"limit=3".*"status":304' "$tmp/api1.log" "$tmp/api2.log" ||
  fail "no replica answered $t with 304 after it expired"
etag=$(cat "$tmp/v1/$(key "$t").etag")
grep -qF "If-None-Match: $etag" "$tmp/error.log" ||
  fail "nginx did not revalidate $t with If-None-Match: $etag (debug log)"
get "$t" >/dev/null
[ "$(cache_status)" = HIT ] || fail "$t after its revalidation: $(cache_status), not HIT"
echo "cache: expired, $t was answered from the cache while nginx asked a replica" \
  "with If-None-Match: $etag; the replica answered 304; then a HIT"

# --- 5. every replica down --------------------------------------------------
# every answer kept expires first: all the outage's answers are stale ones
for cs in "${cases[@]}"; do get "$cs" >/dev/null; done
sleep $((MAX_AGE + 1))
stop_replicas
stale=0 fresh=0 failed=0
for cs in "${cases[@]}"; do
  k=$(key "$cs")
  st=$(get "$cs") || st=000
  s=$(cache_status)
  if [ "$st" = 200 ] && cmp -s "$tmp/b" "$tmp/v1/$k.b"; then
    # STALE; or HIT for what is still fresh (a page's file, for a year)
    case $s in STALE | UPDATING) stale=$((stale + 1)) ;;
      HIT) fresh=$((fresh + 1)) ;;
      *) fail "$cs during the outage: 200 but $s, not from the cache" ;; esac
  else
    failed=$((failed + 1))
    echo "cache: $cs during the outage: $st $s" >&2
  fi
done
[ "$failed" = 0 ] || fail "$failed URLs fetched before failed with every replica down"
# and under load, for a few seconds
cat >"$tmp/count.lua" <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d failed=%d\n", summary.requests,
    e.connect + e.read + e.write + e.timeout + e.status))
end
EOF
wrk -t2 -c8 -d2s -s "$tmp/count.lua" -H 'Accept-Encoding: gzip' -H 'Accept: */*' \
  "$base/api/v1/funding/totals?group_by=recipient" >"$tmp/wrk.out" 2>&1 ||
  fail "wrk: $(cat "$tmp/wrk.out")"
result=$(grep '^RESULT ' "$tmp/wrk.out") || fail "wrk printed no result"
loaded=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$result")
loadfail=$(sed -n 's/.*failed=\([0-9]*\).*/\1/p' <<<"$result")
[ "$loadfail" = 0 ] && [ "$loaded" -gt 100 ] ||
  fail "under load during the outage: $result"
# a URL never fetched: a problem document, 503
t="/api/v1/events?limit=4"
st=$(get "$t")
[ "$st" = 503 ] || fail "$t (never fetched) during the outage answered $st"
case $(header Content-Type) in application/problem+json*) ;;
  *) fail "$t during the outage: Content-Type $(header Content-Type)" ;; esac
grep -qi '<html' "$tmp/b" && fail "$t during the outage: HTML: $(head -c 200 "$tmp/b")"
grep -q '"status":503' "$tmp/b" && grep -q '"title":"Service Unavailable"' "$tmp/b" ||
  fail "$t during the outage: $(head -c 200 "$tmp/b")"
st=$(get /readyz)
[ "$st" = 503 ] || fail "/readyz during the outage answered $st, not 503"
echo "cache: every replica stopped: ${#cases[@]} of ${#cases[@]} URLs fetched before" \
  "answered 200 from the cache ($stale STALE, $fresh still fresh), and $loaded of" \
  "$loaded under load; one never fetched, 503 problem+json"

# --- 6. back, with another dataset ------------------------------------------
printf "CREATE TABLE cache_check (version TEXT);\nINSERT INTO cache_check VALUES ('2');\n" >"$tmp/v2.sql"
# the data files as the Makefile lists them, the new one before derive.sql
# (the dataset's version is a hash of every file read before the last)
# shellcheck disable=SC2046
SOURCE_DATE_EPOCH=$(make -s source-date-epoch) \
  build/aid-mkdb "$tmp/v2.db" $(make -s data-files | sed "s|db/derive.sql|$tmp/v2.sql &|") \
  >/dev/null || fail "aid-mkdb could not build the second dataset"
old=$(sed -n 's/.*"dataset_version":"\([^"]*\)".*/\1/p' "$tmp/v1/$(key /api/v1).b")
replicas "$tmp/v2.db" "${port[1]}" "${port[2]}"
t0=$(date +%s%N)
new=$("${c[@]}" "http://127.0.0.1:${port[1]}/api/v1" | sed -n 's/.*"dataset_version":"\([^"]*\)".*/\1/p')
[ -n "$new" ] && [ "$new" != "$old" ] || fail "the second dataset has version '$new' (the first: '$old')"
# (a page's file under its version is immutable: the same bytes for good)
pending=() olds=0 immutable=0
for cs in "${cases[@]}"; do
  if grep -q immutable "$tmp/v1/$(key "$cs").cc"; then
    immutable=$((immutable + 1))
  else
    pending+=("$cs")
  fi
done
# nginx tries a replica it found failed again after fail_timeout (1 s);
# from then on, an expired answer's first request gets the kept copy and
# has it updated in the background; the next gets the new bytes
sleep 1.2
declare -A olds_of
deadline=$((t0 + 15000000000)) # far more than it takes, for a busy machine
while [ ${#pending[@]} -gt 0 ] && [ "$(date +%s%N)" -lt "$deadline" ]; do
  left=()
  for cs in "${pending[@]}"; do
    st=$(get "$cs") || st=000
    case $(header ETag) in
      "\"$new-"*) [ "$st" = 200 ] || fail "$cs with the new version: $st" ;;
      *)
        olds=$((olds + 1)) olds_of[$cs]=$((${olds_of[$cs]:-0} + 1))
        [ "${olds_of[$cs]}" -le 2 ] ||
          fail "$cs: the old version ${olds_of[$cs]} times with the replicas back ($st $(cache_status))"
        left+=("$cs")
        ;;
    esac
  done
  pending=("${left[@]}")
  [ ${#pending[@]} -gt 0 ] && sleep 0.1
done
t1=$(date +%s%N)
[ ${#pending[@]} = 0 ] ||
  fail "15 s after the replicas came back, still the old version: ${pending[*]}"
grep -q "\"dataset_version\":\"$new\"" < <(get /api/v1 >/dev/null; cat "$tmp/b") ||
  fail "/api/v1 does not say dataset_version $new"
took=$(printf '%d.%d' $(((t1 - t0) / 1000000000)) $((((t1 - t0) / 100000000) % 10)))
echo "cache: the replicas back with dataset $new (was $old): every URL but the" \
  "$immutable immutable one answered it ${took} s later (max-age $MAX_AGE s," \
  "fail_timeout 1 s), after $olds answers of the old one (at most 2 a URL)"

# --- figures ---------------------------------------------------------------------
count() { awk -v s="cache=$1" '$0 ~ s" " {n++} END {print n + 0}' "$tmp/access.log"; }
reval=$(cat "$tmp/api1.log" "$tmp/api2.log" | grep -c '"status":304' ||:)
echo "cache: figures (nginx's access log, the replicas' logs):" \
  "$(count HIT) hits, $(count MISS) misses, $(count STALE) stale and" \
  "$(count UPDATING) updating answers, $((reval - before)) revalidations" \
  "answered 304 by a replica, $(count EXPIRED) expired answers fetched anew;" \
  "during the outage ${#cases[@]} URLs and $loaded requests under load," \
  "0 failed for cached URLs"
echo "cache: OK"
