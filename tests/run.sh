#!/bin/sh
# Runs test programs, JOBS at a time, each through $TEST_WRAP (a command
# and its variables put before the program, e.g. valgrind; none when
# empty). Each program's output is printed whole when it ends, after a
# line "== PROGRAM", so that two at once never interleave; with JOBS 1
# they print as they run, in order. Exits 1 when any program failed.
#
#   TEST_WRAP='...' sh tests/run.sh JOBS PROGRAM...
jobs=${1:?usage: tests/run.sh JOBS PROGRAM...}
shift
if [ "$jobs" -le 1 ]; then
  fail=0
  for t in "$@"; do
    echo "== $t"
    eval "$TEST_WRAP \"\$t\"" || fail=1
  done
  exit $fail
fi
out=$(mktemp -d /tmp/aid-tests-XXXXXX) || exit 1
trap 'rm -rf "$out"' EXIT
export out
for t in "$@"; do printf '%s\n' "$t"; done |
  xargs -P "$jobs" -I{} sh -c '
    log=$out/$(basename "$1").log
    eval "$TEST_WRAP \"\$1\"" >"$log" 2>&1
    rc=$?
    flock "$out/lock" sh -c "echo \"== \$1\"; cat \"\$2\"" sh "$1" "$log"
    [ $rc -eq 0 ] || touch "$out/failed"
  ' sh {}
[ ! -e "$out/failed" ]
