#!/usr/bin/env bash
# Throughput, latency, CPU time and memory of aid-api beside three other servers over
# the same data, in one run, reported as ratios:
#   aid-api with its response cache on (its defaults, --access-log off);
#   aid-api with its response cache off (every answer assembled anew from
#   the documents rendered once, in memory);
#   nginx serving, from files, the very bytes aid-api answered (a ceiling);
#   a peer written the way a competent Node.js developer would write this
#   API: fastify 5 and better-sqlite3 over the same aid.db, one worker per
#   core with node:cluster (scripts/bench/peer.mjs).
# Each listens on its own loopback port and gets the same wrk load, one after
# the other: for each URL, ROUNDS rounds of every server in turn, each
# reported by the median of its rounds (a machine that shares its cores
# moves a single run by a fifth either way). Before any number is trusted,
# every server must answer every URL with 200 and the same ids
# (scripts/bench/check.mjs).
#
#   bash scripts/bench.sh [--no-check] [--no-sweep] [SECONDS] [CONNECTIONS]
#   SECONDS=8 CONNECTIONS=64 ROUNDS=5 bash scripts/bench.sh
#   AID_API=path/to/aid-api AID_DB=path/to/aid.db bash scripts/bench.sh
# Without AID_API it builds with make -s and runs build/aid-api on build/aid.db.
# Then, unless --no-sweep, the connection sweep (scripts/bench/sweep.sh):
# /api/v1/events with 16 to 10,000 connections, aid-api beside nginx.
# The report ends with Markdown tables on stdout; progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/port.sh
. scripts/lib/port.sh # port_of

# ---- The URL mix: the fixed URLs, then the never-repeated stream ----
fixed_urls=(
  /api/v1/events
  /api/v1/entities
  /api/v1/funding
  /api/v1/partnerships
  '/api/v1/partnerships?entity=wenshan'
  '/api/v1/entities?kind=prefecture&side=yunnan'
  '/api/v1/funding?recipient=yunnan'
  '/api/v1/events?q=cadre'
  '/api/v1/entities?q=minghang'
  /api/v1/events/1997-07-first-batch-of-cadres
  /api/v1/entities/minghang-district
  /api/v1/funding/totals
  '/api/v1/funding/totals?group_by=recipient'
)
# Every request of the stream is a URL not sent before: pages of /entities
# and /events over limit, offset, sort and fields (scripts/bench/stream.lua).
stream_label='never-repeated /entities, /events'
stream_checked=50 # its first URLs, asked of every server by the check

usage() {
  sed -n 's/^#   \(.*bench\.sh.*\)/\1/p' "$0" >&2
  exit 2
}

# ---- Settings ----
# bash's own SECONDS counts the seconds since the shell started, even when
# the caller set it, so read the caller's value from our environment.
env_seconds=$(tr '\0' '\n' </proc/$$/environ | sed -n 's/^SECONDS=//p')
check=1
sweep=1
args=()
for arg in "$@"; do
  case $arg in
    --no-check) check=0 ;;
    --no-sweep) sweep=0 ;;
    -h | --help) usage ;;
    -*) usage ;;
    *) args+=("$arg") ;;
  esac
done
[ ${#args[@]} -le 2 ] || usage
secs=${args[0]:-${env_seconds:-2}}
conns=${args[1]:-${CONNECTIONS:-16}}
rounds=${ROUNDS:-3}
threads=2 # wrk -t2, the same for every server
warmup=1     # seconds of the same load before a server's first round (caches)
warmup_all=3 # seconds of the stream on each server before the first
cores=$(nproc)
case $secs$conns$rounds in *[!0-9]*) usage ;; esac
[ "$secs" -ge 1 ] && [ "$conns" -ge "$threads" ] && [ "$rounds" -ge 1 ] || usage

die() {
  echo "bench: $*" >&2
  exit 1
}
say() { echo "bench: $*" >&2; }

# ---- What the run needs ----
have() { command -v "$1" >/dev/null || [ -x "/usr/sbin/$1" ]; }
have wrk && have nginx && have envsubst && have curl || scripts/install-deps.sh proxy
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
command -v node >/dev/null && command -v npm >/dev/null ||
  die "needs Node.js 20 or later and npm (the fastify peer)"
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] ||
  die "needs Node.js 20 or later, not $(node --version)"

if [ -n "${AID_API:-}" ]; then
  aid_api=$AID_API
  aid_db=${AID_DB:-$(dirname "$AID_API")/aid.db}
else
  scripts/install-deps.sh build
  make -s
  aid_api=build/aid-api
  aid_db=build/aid.db
fi
[ -x "$aid_api" ] || die "no binary at $aid_api"
[ -r "$aid_db" ] || die "no database at $aid_db"

# npm ci rebuilds better-sqlite3 from source (a minute): skip it when
# node_modules already holds this lockfile, built by this Node.js.
peer_dir=scripts/bench
stamp() { cat "$peer_dir/package.json" "$peer_dir/package-lock.json"; node --version; }
if ! stamp | cmp -s - "$peer_dir/node_modules/.bench-stamp"; then
  say "npm ci in $peer_dir (builds better-sqlite3)"
  (cd "$peer_dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
  stamp >"$peer_dir/node_modules/.bench-stamp"
fi

# The response cache is switched off with --cache-bytes 0 where the binary
# has that flag, else with the older --cache-entries 0; the budget is the
# --cache-bytes default its --help gives.
help=$("$aid_api" --help)
if grep -q -- '--cache-bytes' <<<"$help"; then
  cache_off=(--cache-bytes 0)
  budget=$(grep -A1 -- '--cache-bytes' <<<"$help" |
    grep -o 'default:\? *[0-9][0-9.]* *[KMGkmg]\?i\?[Bb]\?' | head -1 |
    sed 's/^default:\? *//')
else
  cache_off=(--cache-entries 0)
  budget=
fi

# ---- Servers: started here, stopped by pid on exit ----
tmp=$(mktemp -d "${TMPDIR:-/tmp}/aid-bench.XXXXXX")
pids=()
cleanup() {
  local rc=$?
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT

servers=(on off nginx fastify)
declare -A label=([on]='aid-api (cache on)' [off]='aid-api (cache off)' [nginx]=nginx [fastify]=fastify)
declare -A pid port

start_aid() { # NAME FLAGS...
  "$aid_api" --db "$aid_db" --bind 127.0.0.1 --port 0 --access-log off "${@:2}" \
    >"$tmp/$1.log" 2>&1 &
  pids+=($!)
  pid[$1]=$!
  port[$1]=$(port_of "${pid[$1]}" "$tmp/$1.log") || die "$1 did not say where it listens"
}

start_fastify() {
  node "$peer_dir/peer.mjs" "$aid_db" 0 >"$tmp/fastify.log" 2>&1 &
  pids+=($!)
  pid[fastify]=$!
  port[fastify]=$(port_of "${pid[fastify]}" "$tmp/fastify.log") || die "fastify did not say where it listens"
}

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1",
    () => { console.log(s.address().port); s.close(); })'
}

# nginx answers each fixed URL with the body aid-api gave for it, from a file.
start_nginx() {
  local i=0 url
  mkdir -p "$tmp/bodies" "$tmp/nginx-tmp"
  : >"$tmp/bodies.map"
  for url in "${fixed_urls[@]}"; do
    curl -sSf -o "$tmp/bodies/$i.json" "http://127.0.0.1:${port[on]}$url" ||
      die "aid-api did not answer $url"
    printf '"%s" "/%d.json";\n' "$url" "$i" >>"$tmp/bodies.map"
    i=$((i + 1))
  done
  port[nginx]=$(free_port)
  BENCH_DIR=$tmp BENCH_PORT=${port[nginx]} BENCH_WORKERS=$cores \
    BENCH_WORKER_CONNECTIONS=1024 BENCH_NOFILE=$(ulimit -n) \
    envsubst '$BENCH_DIR $BENCH_PORT $BENCH_WORKERS $BENCH_WORKER_CONNECTIONS $BENCH_NOFILE' \
    <"$peer_dir/nginx.conf.template" >"$tmp/nginx.conf"
  # run as root, nginx's workers are nobody: they must read the bodies
  chmod 755 "$tmp"
  "$nginx_bin" -p "$tmp" -c "$tmp/nginx.conf" -e "$tmp/nginx-error.log" \
    >"$tmp/nginx.log" 2>&1 &
  pids+=($!)
  pid[nginx]=$!
  for _ in $(seq 100); do
    curl -sf -o /dev/null "http://127.0.0.1:${port[nginx]}${fixed_urls[0]}" && return
    kill -0 "${pid[nginx]}" 2>/dev/null || break
    sleep 0.05
  done
  cat "$tmp/nginx.log" "$tmp/nginx-error.log" >&2 2>/dev/null || true
  die "nginx did not start"
}

start_aid on
start_aid off "${cache_off[@]}"
start_fastify
start_nginx
say "$("$aid_api" --version | head -1) on ${port[on]} (cache on) and ${port[off]} (${cache_off[*]});" \
  "nginx on ${port[nginx]}; $(sed -n 's/.*(\(.*\)).*/\1/p' "$tmp/fastify.log" | head -1) on ${port[fastify]}"

# How many pages the stream may skip: offsets stay below each collection's size.
total_of() { # PATH
  curl -sSf -D - -o /dev/null "http://127.0.0.1:${port[on]}$1?limit=1" |
    tr -d '\r' | awk 'tolower($1) == "x-total-count:" { print $2 + 0 }'
}
offsets() { local n; n=$(total_of "$1"); [ "${n:-0}" -ge 1 ] || die "$1 is empty"; echo $((n < 60 ? n : 60)); }
entity_offsets=$(offsets /api/v1/entities)
event_offsets=$(offsets /api/v1/events)
stream=("$peer_dir/stream.lua" "$entity_offsets" "$event_offsets")

# ---- The check: the same status and ids everywhere ----
if [ "$check" = 1 ]; then
  printf '%s\n' "${fixed_urls[@]}" >"$tmp/fixed-urls"
  # the generator itself lists its first URLs (wrk runs its Lua and exits)
  wrk -t1 -c1 -d1s -s "${stream[0]}" "http://127.0.0.1:${port[on]}" -- \
    dump "$stream_checked" "${stream[@]:1}" >"$tmp/stream-urls"
  node "$peer_dir/check.mjs" "$tmp/fixed-urls" "$tmp/stream-urls" \
    "${label[on]}=http://127.0.0.1:${port[on]}" \
    "${label[off]}=http://127.0.0.1:${port[off]}" \
    "${label[fastify]}=http://127.0.0.1:${port[fastify]}" \
    --fixed-only "${label[nginx]}=http://127.0.0.1:${port[nginx]}" >&2
else
  say "--no-check: the answers are not compared"
fi

# ---- The load ----
declare -A rps p99 cpu_user cpu_sys

# One wrk run; any non-2xx answer or socket error fails the whole benchmark.
wrk_run() { # OUT SECONDS SERVER URL-INDEX STREAM-BLOCK
  local base="http://127.0.0.1:${port[$3]}" target=()
  if [ "$4" = stream ]; then
    target=(-s "${stream[0]}" "$base" -- run "$5" "${stream[@]:1}")
  else
    target=("$base${fixed_urls[$4]}")
  fi
  wrk -t"$threads" -c"$conns" -d"$2"s --latency "${target[@]}" >"$1" 2>&1 ||
    { cat "$1" >&2; die "wrk failed on ${label[$3]}"; }
  if grep -qE 'Non-2xx|Socket errors' "$1"; then
    cat "$1" >&2
    die "${label[$3]} answered with errors on $(url_of "$4") (above)"
  fi
}

# The stream's URL blocks (stream.lua): 0 for the check, then one set of
# $threads blocks for the first warm-up, the warm-up before the first round
# and each round, never the same; the fresh server's memory run has the
# set after them.
block_start=1 block_warmup=$((1 + threads))
block_round() { echo $((1 + (2 + $1) * threads)); } # ROUND (0-based)
block_fresh=$(block_round "$rounds")

median() { sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# The CPU time a server has used (its processes and their children: nginx's
# workers, the peer's cluster), in clock ticks: user, then system.
ticks=$(getconf CLK_TCK)
cpu_of() { # PID
  local p u=0 s=0 a b
  for p in "$1" $(ps -o pid= --ppid "$1"); do
    read -r a b < <(sed 's/.*) //' "/proc/$p/stat" | awk '{ print $12, $13 }')
    u=$((u + a)) s=$((s + b))
  done
  echo "$u $s"
}

declare -A runs_rps runs_p99 runs_user runs_sys
load() { # SERVER URL-INDEX|stream ROUND
  local out="$tmp/wrk.out" r p n u0 s0 u1 s1 cu cs
  [ "$3" = 0 ] && wrk_run "$out" "$warmup" "$1" "$2" "$block_warmup"
  read -r u0 s0 < <(cpu_of "${pid[$1]}")
  wrk_run "$out" "$secs" "$1" "$2" "$(block_round "$3")"
  read -r u1 s1 < <(cpu_of "${pid[$1]}")
  r=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
  p=$(awk '$1 == "99%" { v = $2; m = 1
      if (v ~ /us$/) m = 0.001; else if (v ~ /ms$/) m = 1; else if (v ~ /s$/) m = 1000
      sub(/[a-z]+$/, "", v); printf "%.2f", v * m }' "$out")
  n=$(awk '/ requests in / { print $1 }' "$out")
  # microseconds of CPU per request, user and system
  cu=$(awk -v t=$((u1 - u0)) -v n="$n" -v hz="$ticks" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
  cs=$(awk -v t=$((s1 - s0)) -v n="$n" -v hz="$ticks" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
  runs_rps[$1,$2]+="$r " runs_p99[$1,$2]+="$p " runs_user[$1,$2]+="$cu " runs_sys[$1,$2]+="$cs "
  say "  ${label[$1]}, round $(($3 + 1)): $r req/s, p99 $p ms, CPU $cu + $cs µs a request"
}

mix=("${!fixed_urls[@]}" stream)
url_of() { [ "$1" = stream ] && echo "$stream_label" || echo "${fixed_urls[$1]}"; }
# Node.js compiles its hot code only after a few seconds of load, and the
# first URL measured should not pay for that: every server that has the
# stream first gets $warmup_all s of it.
say "warm-up: ${warmup_all} s of the stream on each server"
for s in on off fastify; do wrk_run "$tmp/wrk.out" "$warmup_all" "$s" stream "$block_start"; done
for u in "${mix[@]}"; do
  say "$(url_of "$u")"
  for ((r = 0; r < rounds; r++)); do
    for s in "${servers[@]}"; do
      [ "$s" = nginx ] && [ "$u" = stream ] && continue # nginx has no row for it
      load "$s" "$u" "$r"
    done
  done
  for s in "${servers[@]}"; do
    [ -n "${runs_rps[$s,$u]:-}" ] || continue
    rps[$s,$u]=$(printf '%s\n' ${runs_rps[$s,$u]} | median | awk '{ printf "%.0f", $1 }')
    p99[$s,$u]=$(printf '%s\n' ${runs_p99[$s,$u]} | median | awk '{ printf "%.2f", $1 }')
    cpu_user[$s,$u]=$(printf '%s\n' ${runs_user[$s,$u]} | median | awk '{ printf "%.1f", $1 }')
    cpu_sys[$s,$u]=$(printf '%s\n' ${runs_sys[$s,$u]} | median | awk '{ printf "%.1f", $1 }')
  done
done

# ---- Memory: peak resident set (VmHWM), over all of a server's processes ----
peak_kb() { # PID: it and its children (nginx's workers, the peer's cluster)
  local total=0 p
  for p in "$1" $(ps -o pid= --ppid "$1"); do
    total=$((total + $(awk '/^VmHWM:/ { print $2 }' "/proc/$p/status")))
  done
  echo "$total"
}
declare -A peak
for s in "${servers[@]}"; do peak[$s]=$(peak_kb "${pid[$s]}"); done
procs_of() { echo $((1 + $(ps -o pid= --ppid "$1" | wc -l))); }

# The cache's bound: a fresh aid-api with its cache on, under nothing but
# the never-repeated stream (every answer new, the cache evicting all the
# time), for twice the measuring time.
stream_secs=$((secs * 2 > 10 ? secs * 2 : 10))
say "memory: a fresh aid-api (cache on), $stream_secs s of the stream alone"
start_aid fresh
label[fresh]='aid-api (cache on, fresh)'
wrk_run "$tmp/wrk.out" "$stream_secs" fresh stream "$block_fresh"
stream_rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$tmp/wrk.out")
peak[fresh]=$(peak_kb "${pid[fresh]}")

# ---- The report ----
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
to_bytes() { # 64MiB, 64 M, 67108864 -> bytes
  awk -v s="$1" 'BEGIN { n = s + 0; u = toupper(s); sub(/^[0-9. ]+/, "", u)
    m = u ~ /^K/ ? 1024 : u ~ /^M/ ? 1048576 : u ~ /^G/ ? 1073741824 : 1
    printf "%.0f", n * m }'
}
# geometric mean of the ratios a/b over the URLs that have both
geomean() { # A B
  local u
  for u in "${mix[@]}"; do
    [ -n "${rps[$1,$u]:-}" ] && [ -n "${rps[$2,$u]:-}" ] && echo "${rps[$1,$u]} ${rps[$2,$u]}"
  done | awk '$2 > 0 { s += log($1 / $2); n++ } END { if (n) printf "%.2f", exp(s / n); else print "-" }'
}

fastify_info=$(sed -n 's/.*(\(.*\)).*/\1/p' "$tmp/fastify.log" | head -1)
nginx_version=$("$nginx_bin" -v 2>&1 | sed 's|.*nginx/||')
if [ "$check" = 1 ]; then
  checked="passed: every server answered each fixed URL and the first $stream_checked of the stream with 200 and the same ids"
else
  checked="skipped (\`--no-check\`): the answers were not compared"
fi
{
  echo
  echo "### aid-api benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- load: wrk -t$threads -c$conns on loopback; for each URL, $rounds rounds of $secs s on every server in turn" \
    "(the first after $warmup s of the same load, and $warmup_all s of the stream before the first URL), each figure the median of the rounds; $cores cores"
  echo "- $("$aid_api" --version | head -1): one thread per core, \`--access-log off\`; cache off is \`${cache_off[*]}\`"
  echo "- nginx $nginx_version: $cores workers, sendfile, the bytes aid-api answered for each fixed URL, from files"
  echo "- $fastify_info, over the same aid.db (scripts/bench/peer.mjs)"
  echo "- check: $checked"
  echo "- ratios are of req/s: above 1, aid-api answers more; p99 latency in ms"
  echo
  echo "| URL | aid on req/s | aid off req/s | nginx req/s | fastify req/s | p99 ms: on / off / nginx / fastify | off/fastify | on/nginx | off/on |"
  echo "|---|---:|---:|---:|---:|---|---:|---:|---:|"
  for u in "${mix[@]}"; do
    n_rps=${rps[nginx,$u]:--} n_p99=${p99[nginx,$u]:--}
    printf '| `%s` | %s | %s | %s | %s | %s / %s / %s / %s | %s | %s | %s |\n' \
      "$(url_of "$u")" "${rps[on,$u]}" "${rps[off,$u]}" "$n_rps" "${rps[fastify,$u]}" \
      "${p99[on,$u]}" "${p99[off,$u]}" "$n_p99" "${p99[fastify,$u]}" \
      "$(ratio "${rps[off,$u]}" "${rps[fastify,$u]}")" \
      "$([ "$n_rps" = - ] && echo - || ratio "${rps[on,$u]}" "$n_rps")" \
      "$(ratio "${rps[off,$u]}" "${rps[on,$u]}")"
  done
  printf '| **geometric mean** | | | | | | **%s** | %s | %s |\n' \
    "$(geomean off fastify)" "$(geomean on nginx)" "$(geomean off on)"
  echo
  echo "CPU time per request (µs, user + system, of all the server's processes; wrk's own is not counted):"
  echo
  echo "| URL | aid on | aid off | nginx | fastify |"
  echo "|---|---:|---:|---:|---:|"
  cpu_cell() { [ -n "${cpu_user[$1,$2]:-}" ] && echo "${cpu_user[$1,$2]} + ${cpu_sys[$1,$2]}" || echo -; }
  for u in "${mix[@]}"; do
    printf '| `%s` | %s | %s | %s | %s |\n' "$(url_of "$u")" "$(cpu_cell on "$u")" \
      "$(cpu_cell off "$u")" "$(cpu_cell nginx "$u")" "$(cpu_cell fastify "$u")"
  done
  echo
  echo "| server | processes | peak RSS (VmHWM, summed) |"
  echo "|---|---:|---:|"
  for s in "${servers[@]}"; do
    extra=
    if [ "$s" = on ] && [ -n "$budget" ]; then
      extra=" (cache budget $(mib $(($(to_bytes "$budget") / 1024))), the \`--cache-bytes\` default)"
    fi
    printf '| %s | %s | %s%s |\n' "${label[$s]}" "$(procs_of "${pid[$s]}")" "$(mib "${peak[$s]}")" "$extra"
  done
  echo
  if [ -n "$budget" ]; then
    bound=$(($(to_bytes "$budget") / 1024 + 16 * 1024))
    echo "Under the never-repeated stream alone ($stream_secs s, $stream_rps req/s), a fresh aid-api with its cache on" \
      "peaked at **$(mib "${peak[fresh]}")**: the budget plus 16 MiB is $(mib "$bound")" \
      "($(awk -v a="${peak[fresh]}" -v b="$bound" 'BEGIN { print (a < b ? "below" : "ABOVE") }'))."
    echo
  fi
  echo "Geometric mean of aid-api (cache off) / fastify over the ${#mix[@]} URLs of the mix: **$(geomean off fastify)**."
}

# ---- The connection sweep ----
if [ "$sweep" = 1 ]; then
  say "the connection sweep (scripts/bench/sweep.sh)"
  AID_API=$aid_api AID_DB=$aid_db ROUNDS=$rounds bash scripts/bench/sweep.sh "$((secs > 4 ? secs : 4))"
fi
