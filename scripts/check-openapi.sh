#!/usr/bin/env bash
# Checks handlers/openapi.json, the OpenAPI 3.1 document of aid-api:
#   1. installs the npm packages of package-lock.json (npm ci);
#   2. validates the document against the OpenAPI 3.1 schema
#      (@seriousme/openapi-schema-validator);
#   3. lints it with Redocly's recommended rules, strict (redocly.yaml);
#   4. starts the real server (build/aid-api on a free port) and checks its
#      answers against the document (tests/openapi/check-responses.mjs),
#      and that the schemas reject real bodies broken on purpose;
#   5. stops the server and prints a summary line.
# Exits non-zero when any step fails. Needs Node.js >= 20.19 and npm, and a
# built server: `make` first (or set AID_API to another binary; AID_DB to
# another database).
#   scripts/check-openapi.sh [--verbose]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/port.sh
. scripts/lib/port.sh # port_of

doc=handlers/openapi.json
bin=${AID_API:-build/aid-api}
db=${AID_DB:-build/aid.db}
verbose=()
[ "${1:-}" = --verbose ] && verbose=(--verbose)

# No telemetry or update checks from the linter: only the npm registry is
# reachable, and the check must not wait on anything else.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
export NO_UPDATE_NOTIFIER=1 NPM_CONFIG_UPDATE_NOTIFIER=false

step() { printf '== %s\n' "$*"; }

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "check-openapi: node and npm are needed (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi

node -e 'const [a, b] = process.versions.node.split(".").map(Number);
  process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' || {
  echo "check-openapi: Node.js $(node --version) is too old: @redocly/cli needs >= 20.19" >&2
  exit 1
}

# .npmrc keeps download addresses out of the lock file; keep it so.
if grep -q '"resolved"' package-lock.json; then
  echo "check-openapi: package-lock.json has \"resolved\" addresses (see .npmrc)" >&2
  exit 1
fi

step "npm ci"
npm ci --no-audit --no-fund --loglevel=error

step "validate $doc (OpenAPI 3.1 schema)"
# shellcheck disable=SC2016 # JavaScript, not shell
node --input-type=module -e '
import { Validator } from "@seriousme/openapi-schema-validator";
const v = new Validator();
const r = await v.validate(process.argv[1]);
if (v.version !== "3.1") { console.error(`openapi: ${process.argv[1]} is OpenAPI ${v.version}, not 3.1`); process.exit(1); }
if (!r.valid) { console.error(JSON.stringify(r.errors, null, 2)); process.exit(1); }
console.log(`openapi: ${process.argv[1]} is a valid OpenAPI ${v.version} document`);
' "$doc"

step "lint $doc (redocly recommended-strict, redocly.yaml)"
# Without the banner (Node 20's end of support) and blank lines.
lint_status=0
lint=$(npx --no-install redocly lint --config redocly.yaml --format=stylish 2>&1) ||
  lint_status=$?
grep -v '[║╔╚]' <<<"$lint" | sed '/^ *$/d'
[ "$lint_status" -eq 0 ] || { echo "check-openapi: the lint failed" >&2; exit 1; }

step "check the responses of $bin"
[ -x "$bin" ] || { echo "check-openapi: no $bin: run make first" >&2; exit 1; }
args=(--port 0 --bind 127.0.0.1 --access-log off --db "$db")
checker=()
help=$("$bin" --help 2>&1 || true)
# Features the checker expects; passed when this server has them.
if grep -q -- '--cors-origin' <<<"$help"; then
  args+=(--cors-origin http://cors.example)
  checker+=(--cors-origin http://cors.example)
fi
if grep -Eq -- '--trust-proxy([^ -]|$| [^A-Z])' <<<"$help"; then
  args+=(--trust-proxy)
  checker+=(--trust-proxy)
fi

out=$(mktemp)
err=$(mktemp)
log=$(mktemp)
pid=
# shellcheck disable=SC2317 # run by the trap
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -f "$out" "$err" "$log"
}
trap cleanup EXIT

"$bin" "${args[@]}" >"$out" 2>"$err" &
pid=$!
if ! port=$(port_of "$pid" "$out"); then
  echo "check-openapi: $bin did not print its port; it said:" >&2
  cat "$err" >&2
  exit 1
fi
echo "server: ${args[*]} on port $port"

status=0
node tests/openapi/check-responses.mjs --base "http://127.0.0.1:$port" \
  --doc "$doc" "${checker[@]}" "${verbose[@]}" | tee "$log" || status=$?

rc=0
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || rc=$?
  [ "$rc" -eq 0 ] || echo "check-openapi: the server exited $rc on SIGTERM, not 0" >&2
else
  wait "$pid" 2>/dev/null || rc=$?
  echo "check-openapi: the server died while being checked (exit status $rc)" >&2
  [ "$rc" -ne 0 ] || rc=1
fi
if [ "$rc" -ne 0 ]; then
  [ -s "$err" ] && { echo "its standard error:" >&2; tail -n 20 "$err" >&2; }
  status=1
fi
pid=
# The summary: what was checked, so that a run that checked nothing shows.
responses=$(sed -n 's/^openapi: \([0-9]*\) responses checked.*/\1/p' "$log")
broken=$(sed -n 's/^openapi: \([0-9]*\) of [0-9]* broken bodies rejected.*/\1/p' "$log")
if [ "$status" -eq 0 ] && [ "${responses:-0}" -gt 0 ] && [ "${broken:-0}" -gt 0 ]; then
  echo "check-openapi: valid, lint-clean; ${responses} responses match the document; ${broken} broken bodies rejected"
else
  [ "$status" -ne 0 ] || status=1
  echo "check-openapi: FAILED (${responses:-no} responses checked; see the lines above)" >&2
fi
exit "$status"
