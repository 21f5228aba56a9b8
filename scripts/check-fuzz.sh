#!/usr/bin/env bash
# The fuzzers (tests/fuzz/), for CI: each libFuzzer target runs for
# FUZZ_SECONDS (default 60) on a copy of its seed corpus, built by clang
# with its sanitizers; any crash, leak, sanitizer report, timeout or
# out-of-memory fails. Prints one line per target: its executions, the
# corpus it ended with, and the result. The whole logs are
# build/fuzz/<target>.log, what a finding left build/fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh ci

log=$(mktemp)
trap 'rm -f "$log"' EXIT
rc=0
make -s fuzz SECONDS="${FUZZ_SECONDS:-60}" 2>&1 | tee "$log" || rc=$?

echo "== summary"
awk '
  /^== fuzz_/ { t = $2; sub(":", "", t); order[++n] = t; runs[t] = "?"; corp[t] = "?"; res[t] = "no result" }
  /^stat::number_of_executed_units:/ { runs[t] = $2 }
  /^#[0-9]+[ \t]+DONE/ { for (i = 1; i <= NF; i++) if ($i == "corp:") corp[t] = $(i + 1) }
  $1 == t ":" { res[t] = $2 }
  END {
    for (i = 1; i <= n; i++)
      printf "%-14s executions %-10s corpus %-14s %s\n", order[i], runs[order[i]], corp[order[i]], res[order[i]]
  }' "$log"
exit "$rc"
