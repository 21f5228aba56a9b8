#!/usr/bin/env bash
# The browser test: a page of another origin reads aid-api from script in
# Debian's Chromium, as a frontend would.
#   1. installs what is missing: Debian's chromium (scripts/install-deps.sh
#      browser) and the npm packages of package-lock.json (npm ci), among
#      them playwright-core, which drives /usr/bin/chromium and downloads
#      no browser of its own;
#   2. starts a tiny static server (tests/browser/static-server.mjs) on a
#      free port of 127.0.0.1, serving the page of tests/browser/page/;
#   3. starts the real server (build/aid-api on another free port) with
#      --cors-origin set to the static server's origin;
#   4. runs tests/browser/browser-test.mjs: headless Chromium opens the page,
#      whose script fetches JSON, the exposed headers, a 304, a projection,
#      CSV, a 400 problem and a 404 from the API, and the test judges each
#      and the console;
#   5. stops both servers (by pid) and prints a summary line.
# Exits non-zero when anything fails. Needs a built server: it runs make
# when build/aid-api is missing (or set AID_API and AID_DB).
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${AID_API:-build/aid-api}
db=${AID_DB:-build/aid.db}
chromium=${CHROMIUM:-/usr/bin/chromium}
export NO_UPDATE_NOTIFIER=1 NPM_CONFIG_UPDATE_NOTIFIER=false
# playwright-core never downloads a browser; say so anyway.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

step() { printf '== %s\n' "$*"; }
die() { echo "check-browser: $*" >&2; exit 1; }

step "install what is missing (chromium; npm ci)"
bash scripts/install-deps.sh browser
[ -x "$chromium" ] || die "no $chromium (Debian: apt-get install chromium)"
if grep -q '"resolved"' package-lock.json; then
  die 'package-lock.json has "resolved" addresses (see .npmrc)'
fi
npm ci --no-audit --no-fund --loglevel=error
if [ -z "${AID_API:-}" ] && [ ! -x "$bin" ]; then
  make -s -j2 # install-deps.sh browser installed the build packages too
fi
[ -x "$bin" ] || die "no $bin: run make first"
echo "$("$chromium" --version 2>/dev/null || echo "$chromium"), playwright-core $(node -p 'require("playwright-core/package.json").version')"

tmp=$(mktemp -d)
static_pid=
api_pid=
# shellcheck disable=SC2317 # run by the trap
cleanup() {
  for p in "$api_pid" "$static_pid"; do
    if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
      kill -TERM "$p" 2>/dev/null || true
      wait "$p" 2>/dev/null || true
    fi
  done
  rm -rf "$tmp"
}
trap cleanup EXIT


# shellcheck source=scripts/lib/stack.sh
. scripts/lib/stack.sh # port_of

step "start the page's static server and the API"
node tests/browser/static-server.mjs --port 0 >"$tmp/static.out" 2>&1 &
static_pid=$!
static_port=$(port_of "$static_pid" "$tmp/static.out") || die "the static server did not start"
origin="http://127.0.0.1:$static_port"
"$bin" --port 0 --bind 127.0.0.1 --access-log off --db "$db" --cors-origin "$origin" >"$tmp/api.out" 2>&1 &
api_pid=$!
api_port=$(port_of "$api_pid" "$tmp/api.out") || die "$bin did not start"
echo "page: $origin/; API: http://127.0.0.1:$api_port (--cors-origin $origin)"

step "Chromium reads the API from the page"
status=0
node tests/browser/browser-test.mjs --page "$origin/" --api "http://127.0.0.1:$api_port" \
  --chromium "$chromium" | tee "$tmp/test.out" || status=$?

stop_all api static || status=1

summary=$(grep -E '^browser: ' "$tmp/test.out" | tail -n1 || true)
[ -n "$summary" ] || { echo "browser: no check ran" >&2; status=1; }
exit "$status"
