# Sourced by the scripts that start build/aid-api with --port 0.
#
#   port_of PID FILE   waits (5 s at most) for the server PID to print its
#                      address (http://host:port) in FILE, and prints the
#                      port; fails, showing FILE, when it exits or never does
# shellcheck shell=bash

port_of() {
  local p=
  for _ in $(seq 1 100); do
    p=$(grep -Eo 'https?://[^ /]+:[0-9]+' "$2" | head -n1 | grep -Eo '[0-9]+$' || true)
    [ -n "$p" ] && break
    kill -0 "$1" 2>/dev/null || break
    sleep 0.05
  done
  [ -n "$p" ] || { cat "$2" >&2; return 1; }
  echo "$p"
}
