# Sourced by the scripts that test aid-api behind nginx: starts replicas of
# build/aid-api and the real nginx with deploy/aid-api.conf.template
# (rendered with envsubst as a deployment would), all on loopback.
#
# The caller provides: $tmp (a directory, mode 0755: nginx's workers run
# as nobody when started as root), fail (prints and exits), the array pids
# (every replica started is appended, for the caller to kill) and
# nginx_pid (set here, for the caller to kill).
#
#   stack_replicas N [flags]  N replicas with --trust-proxy, 32 KiB for each
#                             connection (as deploy/ gives them) and the flags:
#                             ports in port[1..N], pids in pid[1..N], logs
#                             appended to $tmp/apiI.log; on the ports of the
#                             array stack_port[1..N] where it is set (to
#                             start them again where nginx expects them)
#   stack_nginx               nginx in front of them on a free port: $nport
#                             and $base; logs in $tmp/access.log, error.log.
#                             STACK_CACHE=1 adds deploy/'s cache tier (in
#                             $AID_CACHE_PATH ...), STACK_FAIL_TIMEOUT (10s)
#                             is how long a failed replica is left alone,
#                             STACK_DEBUG_FROM an address whose requests
#                             nginx logs in debug
#   port_of PID FILE          (scripts/lib/port.sh)
#   stop_all NAME...          stops the servers whose pids are in the
#                             variables NAME_pid with SIGTERM, empties those
#                             variables, and fails (returns 1, a line on
#                             stderr each) unless every one exits 0
# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154 # port, pid, nport, base: for the caller;
# tmp, pids, nginx_pid: the caller's

# shellcheck source=scripts/lib/port.sh
. scripts/lib/port.sh

declare -A port pid stack_port
stack_c=(curl --noproxy '*' -sS --max-time 5)

stop_all() {
  local name var p rc ok=0
  for name in "$@"; do
    var=${name}_pid
    p=${!var}
    rc=0
    kill -TERM "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || rc=$?
    printf -v "$var" '%s' ''
    [ "$rc" -eq 0 ] || { echo "$name exited $rc on SIGTERM, not 0" >&2; ok=1; }
  done
  return "$ok"
}

stack_replicas() {
  local n=$1 i
  shift
  for i in $(seq "$n"); do
    build/aid-api --port "${stack_port[$i]:-0}" --trust-proxy --access-log json \
      --drain-seconds 10 --connection-memory 32K "$@" \
      >"$tmp/api$i.out" 2>>"$tmp/api$i.log" &
    pid[$i]=$!
    pids+=("${pid[$i]}")
  done
  for i in $(seq "$n"); do
    port[$i]=$(port_of "${pid[$i]}" "$tmp/api$i.out") ||
      fail "replica $i printed no port (exited at start-up?)"
    for _ in $(seq 50); do
      [ "$("${stack_c[@]}" -o /dev/null -w '%{http_code}' \
        "http://127.0.0.1:${port[$i]}/readyz" 2>/dev/null)" = 200 ] && break
      sleep 0.1
    done ||:
    [ "$("${stack_c[@]}" -o /dev/null -w '%{http_code}' \
      "http://127.0.0.1:${port[$i]}/readyz")" = 200 ] ||
      fail "replica $i (port ${port[$i]}) is not ready"
  done
}

stack_nginx() {
  local health="max_fails=3 fail_timeout=${STACK_FAIL_TIMEOUT:-10s}" servers="" i
  local debug="" cache=""
  [ -n "${STACK_DEBUG_FROM:-}" ] && debug="debug_connection $STACK_DEBUG_FROM;"
  if [ -n "${STACK_CACHE:-}" ]; then
    cache="include $tmp/aid-api-cache.conf;"
    # shellcheck disable=SC2016 # the names, for envsubst to replace
    envsubst '${AID_CACHE_PATH} ${AID_CACHE_MAX_SIZE} ${AID_CACHE_INACTIVE}' \
      <deploy/aid-api-cache.conf.template >"$tmp/aid-api-cache.conf"
    ! grep -n '[$]{*AID_' "$tmp/aid-api-cache.conf" ||
      fail "the cache template has a variable envsubst was not told of"
  fi
  cat >"$tmp/nginx.conf" <<NGINX
worker_processes 2;
pid $tmp/nginx.pid;
error_log $tmp/error.log notice;
events { worker_connections 4096; $debug }
http {
    log_format aid '\$remote_addr "\$request" \$status cache=\$upstream_cache_status '
                   'upstream=\$upstream_addr upstream_status=\$upstream_status';
    access_log $tmp/access.log aid;
    client_body_temp_path $tmp/client_body;
    proxy_temp_path $tmp/proxy;
    fastcgi_temp_path $tmp/fastcgi;
    uwsgi_temp_path $tmp/uwsgi;
    scgi_temp_path $tmp/scgi;
    include $tmp/aid-api.conf;
    $cache
}
NGINX
  ngx=(nginx -p "$tmp" -c "$tmp/nginx.conf")
  # -e (nginx 1.19.5 and later): the log of start-up, before nginx.conf is read
  nginx -h 2>&1 | grep -q -- '-e filename' && ngx+=(-e "$tmp/error.log")
  for i in $(printf '%s\n' "${!port[@]}" | sort -n); do
    servers+="server 127.0.0.1:${port[$i]} $health; "
  done
  export AID_UPSTREAM_SERVERS=$servers
  for _ in 1 2 3 4 5; do
    nport=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$nport") 2>/dev/null && continue # taken
    export AID_LISTEN="127.0.0.1:$nport"
    # shellcheck disable=SC2016 # the names, for envsubst to replace
    envsubst '${AID_LISTEN} ${AID_UPSTREAM_SERVERS}' \
      <deploy/aid-api.conf.template >"$tmp/aid-api.conf"
    ! grep -n '[$]{*AID_' "$tmp/aid-api.conf" ||
      fail "the template has a variable envsubst was not told of"
    "${ngx[@]}" -q -t || fail "nginx -t rejects the configuration"
    "${ngx[@]}" -g 'daemon off;' &
    nginx_pid=$!
    for _ in $(seq 50); do
      kill -0 "$nginx_pid" 2>/dev/null || break
      [ "$("${stack_c[@]}" -o /dev/null -w '%{http_code}' \
        "http://127.0.0.1:$nport/healthz" 2>/dev/null)" = 200 ] && break 2
      sleep 0.1
    done
    kill "$nginx_pid" 2>/dev/null ||:
    wait "$nginx_pid" 2>/dev/null ||:
    nginx_pid=
    grep -q 'Address already in use' "$tmp/error.log" ||
      fail "nginx did not start"
  done
  [ -n "$nginx_pid" ] || fail "found no free port for nginx"
  base="http://127.0.0.1:$nport"
}
