#!/usr/bin/env bash
# The coverage of what the suite ran (make coverage builds it with gcc's
# --coverage and runs it): a table of the lines and branches of each file
# of server/, handlers/ and db/ and their total (gcovr; the generated
# files of build/ aside), then one summary line. Fails when the total is
# under LINES % of the lines or BRANCHES % of the branches.
#
#   scripts/coverage.sh BUILD [LINES BRANCHES]
#
# A line no test can reach (a defensive check) is excluded where it is,
# with GCOVR_EXCL_LINE (or _START/_STOP) and a comment saying why.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:?usage: $0 BUILD [LINES BRANCHES]}
lines=${2:-95}
branches=${3:-90}
json=$build/coverage.json

gcovr --root . --object-directory "$build/obj" \
  --filter 'server/' --filter 'handlers/' --filter 'db/' \
  --exclude-unreachable-branches \
  --json-summary-pretty --output "$json" "$build/obj"

python3 - "$json" "$lines" "$branches" <<'EOF'
import json, sys

d = json.load(open(sys.argv[1]))
floor_l, floor_b = float(sys.argv[2]), float(sys.argv[3])


def pct(hit, total):
    return 100.0 * hit / total if total else 100.0


print("%-24s %15s %8s %15s %8s" % ("file", "lines", "%", "branches", "%"))
for f in sorted(d["files"], key=lambda f: f["filename"]):
    print("%-24s %7d/%7d %7.1f%% %7d/%7d %7.1f%%" % (
        f["filename"], f["line_covered"], f["line_total"],
        pct(f["line_covered"], f["line_total"]),
        f["branch_covered"], f["branch_total"],
        pct(f["branch_covered"], f["branch_total"])))
l = pct(d["line_covered"], d["line_total"])
b = pct(d["branch_covered"], d["branch_total"])
print("%-24s %7d/%7d %7.1f%% %7d/%7d %7.1f%%" % (
    "total", d["line_covered"], d["line_total"], l,
    d["branch_covered"], d["branch_total"], b))
ok = l >= floor_l and b >= floor_b
print("coverage: server/, handlers/ and db/: %.1f %% of lines (floor %g), "
      "%.1f %% of branches (floor %g): %s" % (
          l, floor_l, b, floor_b, "ok" if ok else "UNDER THE FLOOR"))
sys.exit(0 if ok else 1)
EOF
