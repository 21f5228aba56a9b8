#!/usr/bin/env bash
# Checks CITATION.cff as Citation File Format 1.2.0 against the format's
# JSON Schema (tests/citation/check-cff.mjs, with the pinned npm packages
# of package.json), and prints a summary line.
#   scripts/check-cff.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_UPDATE_NOTIFIER=1 NPM_CONFIG_UPDATE_NOTIFIER=false
command -v node >/dev/null && command -v npm >/dev/null || {
  echo "check-cff: node and npm are needed (Debian: apt-get install nodejs npm)" >&2
  exit 1
}
[ -d node_modules/cffjs ] && [ -d node_modules/yaml ] ||
  npm ci --no-audit --no-fund --loglevel=error
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
node tests/citation/check-cff.mjs CITATION.cff | tee "$log" || status=$?
summary=$(grep '^cff: [0-9]* passed' "$log" || true)
if [ "$status" -eq 0 ] && [ -n "$summary" ]; then
  echo "check-cff: CITATION.cff is valid CFF 1.2.0; ${summary#cff: }"
else
  echo "check-cff: FAILED (${summary#cff: })" >&2
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
