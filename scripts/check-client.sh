#!/usr/bin/env bash
# Checks that a typed TypeScript client of aid-api compiles against
# handlers/openapi.json, and that it would not if the document changed
# under it:
#   1. installs the npm packages of package-lock.json (npm ci);
#   2. generates the types from the document with openapi-typescript, in a
#      temporary directory (away from redocly.yaml, whose `apis` entry
#      openapi-typescript would take instead of its argument);
#   3. compiles tests/client/client.ts with them, tsc --noEmit, strict
#      (tests/client/tsconfig.json), and requires the client to use no
#      cast, any, non-null assertion or ?. (tests/client/lint-client.mjs);
#   4. proves the check can fail: renames fields the client reads in
#      temporary copies of the document (a date's label, a totals record's
#      amount_yuan), regenerates, and requires tsc to fail on each, naming
#      the field;
#   5. emits the client as JavaScript, starts the real server on a free
#      port and runs the client against it (tests/client/run.mjs), then
#      stops the server.
# Prints a summary line; exits non-zero when any step fails. Needs Node.js
# >= 20.19 and npm; builds the server when build/aid-api is missing (or set
# AID_API and AID_DB).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/port.sh
. scripts/lib/port.sh # port_of

root=$PWD
doc=handlers/openapi.json
bin=${AID_API:-build/aid-api}
db=${AID_DB:-build/aid.db}
export NO_UPDATE_NOTIFIER=1 NPM_CONFIG_UPDATE_NOTIFIER=false

step() { printf '== %s\n' "$*"; }
die() { echo "check-client: $*" >&2; exit 1; }

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  die "node and npm are needed (Debian: apt-get install nodejs npm)"
fi
if grep -q '"resolved"' package-lock.json; then
  die 'package-lock.json has "resolved" addresses (see .npmrc)'
fi

tmp=$(mktemp -d)
pid=
# shellcheck disable=SC2317 # run by the trap
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

step "npm ci"
npm ci --no-audit --no-fund --loglevel=error

# A directory to compile in: the client, its tsconfig, the types generated
# from the document given, and the repository's node_modules.
tsc=(node "$root/node_modules/typescript/bin/tsc")
prepare() { # DIR DOCUMENT
  mkdir -p "$1"
  cp tests/client/client.ts tests/client/tsconfig.json "$1/"
  echo '{"type": "module"}' >"$1/package.json"
  ln -s "$root/node_modules" "$1/node_modules"
  (cd "$1" && node "$root/node_modules/openapi-typescript/bin/cli.js" "$2" -o api.d.ts >/dev/null) ||
    die "openapi-typescript could not read $2"
}

step "generate types from $doc (openapi-typescript) and compile tests/client/client.ts (tsc --noEmit, strict)"
prepare "$tmp/ok" "$root/$doc"
node tests/client/lint-client.mjs tests/client/client.ts ||
  die "client.ts must be typed by the document alone (no cast, any, ! or ?.)"
(cd "$tmp/ok" && "${tsc[@]}" -p . --noEmit) || die "the client does not compile against $doc"
echo "client.ts compiles against the types of $doc"

step "the check fails when the document changes under the client"
# A copy of the document with one property renamed: in its schema, its
# required list, and every $ref to it.
rename() { # SCHEMA OLD NEW OUT
  # shellcheck disable=SC2016 # JavaScript, not shell
  node --input-type=module -e '
import { readFileSync, writeFileSync } from "node:fs";
const [file, schema, from, to, out] = process.argv.slice(1);
const doc = JSON.parse(readFileSync(file, "utf8"));
const s = doc.components.schemas[schema];
if (!s || !s.properties || !(from in s.properties)) { console.error(`no ${schema}.${from}`); process.exit(1); }
s.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k === from ? to : k, v]));
if (s.required) s.required = s.required.map((k) => (k === from ? to : k));
const old = `#/components/schemas/${schema}/properties/${from}`;
const text = JSON.stringify(doc).split(JSON.stringify(old)).join(JSON.stringify(`#/components/schemas/${schema}/properties/${to}`));
writeFileSync(out, text);
' "$doc" "$1" "$2" "$3" "$4"
}
mutants=("Date label text" "FundingAmountRef amount_yuan amount")
for m in "${mutants[@]}"; do
  read -r schema from to <<<"$m"
  dir="$tmp/$schema-$from"
  mkdir -p "$dir"
  rename "$schema" "$from" "$to" "$dir/openapi.json"
  prepare "$dir" "$dir/openapi.json"
done
# Both compilations at once (2 cores).
tpids=()
for m in "${mutants[@]}"; do
  read -r schema from _ <<<"$m"
  (
    cd "$tmp/$schema-$from"
    if "${tsc[@]}" -p . --noEmit >tsc.out 2>&1; then echo 0 >tsc.rc; else echo 1 >tsc.rc; fi
  ) &
  tpids+=($!)
done
for p in "${tpids[@]}"; do wait "$p" || true; done
rejected=0
for m in "${mutants[@]}"; do
  read -r schema from to <<<"$m"
  dir="$tmp/$schema-$from"
  if [ "$(cat "$dir/tsc.rc")" -eq 0 ]; then
    die "renaming $schema.$from to $to in the document did not make tsc fail: the client does not check it"
  fi
  grep -q "'$from'" "$dir/tsc.out" || {
    cat "$dir/tsc.out" >&2
    die "renaming $schema.$from made tsc fail, but not on $from"
  }
  echo "renamed $schema.$from to $to: tsc fails: $(grep -m1 "'$from'" "$dir/tsc.out")"
  rejected=$((rejected + 1))
done

step "run the compiled client against the server"
if [ -z "${AID_API:-}" ] && [ ! -x "$bin" ]; then
  bash scripts/install-deps.sh && make -s -j2
fi
[ -x "$bin" ] || die "no $bin: run make first"
(cd "$tmp/ok" && "${tsc[@]}" -p . --noCheck --outDir out) || die "tsc could not emit the client"
out="$tmp/server.out"
"$bin" --port 0 --bind 127.0.0.1 --access-log off --db "$db" >"$out" 2>&1 &
pid=$!
port=$(port_of "$pid" "$out") || die "$bin did not print its port"
ran=$(node tests/client/run.mjs "$tmp/ok/out" "http://127.0.0.1:$port") || die "the client failed against the server"
echo "$ran"
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
pid=
[ "$rc" -eq 0 ] || die "the server exited $rc on SIGTERM"

echo "client: typed client compiled (strict, no casts); $rejected renamed fields rejected by tsc; ran against the server"
