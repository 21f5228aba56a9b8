#!/usr/bin/env bash
# The page's end-to-end test (tests/page/page-test.mjs), run twice in
# Debian's headless Chromium: against build/aid-api directly, and behind the
# real nginx under /aid/ with the deployment's configuration
# (deploy/aid-api.conf.template rendered with envsubst, in front of an
# aid-api started with --trust-proxy).
#   1. installs what is missing: Debian's chromium (install-deps.sh
#      browser), nginx and envsubst (install-deps.sh proxy), and the npm
#      packages of package-lock.json (npm ci: playwright-core, which drives
#      /usr/bin/chromium and downloads no browser, and axe-core);
#   2. builds (make is a no-op when the build is current);
#   3. starts two servers on free ports of 127.0.0.1 and nginx on a third;
#   4. runs the test against each (its groups of checks: every view against
#      the API, the three defects of issue 19, plain words, the headline
#      answer and the rows with nothing counted, the time axis with each
#      end as the API gives it and the filters, quotes' buttons, citing and
#      downloading, names in Chinese and the searches that find them,
#      axe-core at 1280 and 390 px, the keyboard, failures), saving
#      screenshots as build/page-*.png (CI artifacts): the money view, the
#      time axis and an entity with its names in Chinese, each on a desktop
#      and on a phone; with --docs, copies them to docs/ for README.md
#      (only where a font of the machine draws Chinese characters: without
#      one, Chromium draws them as empty boxes, and the run says so);
#   5. stops everything it started (by pid) and prints one summary line.
# Exits non-zero when anything fails. Run as root on a fresh Debian machine
# (nginx's workers then run as nobody), or as a user with sudo.
#   bash scripts/check-page.sh [--docs]
set -euo pipefail
cd "$(dirname "$0")/.."

docs=0
for a in "$@"; do
  case $a in
    --docs) docs=1 ;;
    *) echo "usage: $0 [--docs]" >&2; exit 2 ;;
  esac
done

chromium=${CHROMIUM:-/usr/bin/chromium}
export NO_UPDATE_NOTIFIER=1 NPM_CONFIG_UPDATE_NOTIFIER=false
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 # playwright-core never downloads one; say so anyway
start=$(date +%s)

step() { printf '== %s\n' "$*"; }
die() { echo "page: FAIL: $*" >&2; exit 1; }

step "install what is missing (chromium, nginx, envsubst; npm ci)"
bash scripts/install-deps.sh browser || die "install-deps.sh browser"
bash scripts/install-deps.sh proxy || die "install-deps.sh proxy"
[ -x "$chromium" ] || die "no $chromium (Debian: apt-get install chromium)"
command -v nginx >/dev/null || die "no nginx"
command -v envsubst >/dev/null || die "no envsubst (gettext-base)"
if grep -q '"resolved"' package-lock.json; then
  die 'package-lock.json has "resolved" addresses (see .npmrc)'
fi
npm ci --no-audit --no-fund --loglevel=error || die "npm ci"
make -s -j2 || die "make"
echo "$("$chromium" --version 2>/dev/null | tail -n1), playwright-core $(node -p 'require("playwright-core/package.json").version'), axe-core $(node -p 'require("axe-core/package.json").version'), $(nginx -v 2>&1)"

tmp=$(mktemp -d)
chmod 0755 "$tmp" # nginx's workers run as nobody when started as root
api_pid=
proxied_pid=
nginx_pid=
# shellcheck disable=SC2317 # run by the trap
cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  for p in $nginx_pid $proxied_pid $api_pid; do kill -TERM "$p" 2>/dev/null; done
  for p in $nginx_pid $proxied_pid $api_pid; do wait "$p" 2>/dev/null; done
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM


step "start aid-api directly, and a replica with --trust-proxy behind nginx"
fail() { die "$@"; }
pids=()
# shellcheck source=scripts/lib/stack.sh
. scripts/lib/stack.sh
build/aid-api --port 0 --bind 127.0.0.1 --access-log off >"$tmp/api.out" 2>&1 &
api_pid=$!
api_port=$(port_of "$api_pid" "$tmp/api.out") || die "build/aid-api did not start"
stack_replicas 1
proxied_pid=${pid[1]}
proxied_port=${port[1]}
stack_nginx
echo "directly: http://127.0.0.1:$api_port/; behind nginx: http://127.0.0.1:$nport/aid/ (aid-api on $proxied_port)"

status=0
run() { # LABEL BASE [options]
  local label=$1 base=$2
  shift 2
  step "the page, $label: $base"
  node tests/page/page-test.mjs --base "$base" --label "$label" --chromium "$chromium" "$@" |
    tee "$tmp/$label.out" || status=1
}
run direct "http://127.0.0.1:$api_port/" --shots build
run nginx "http://127.0.0.1:$nport/aid/"

stop_all nginx proxied api || status=1

# Chinese characters need a font that has them (Debian: fonts-wqy-microhei
# or fonts-noto-cjk); the checks do not, the screenshots do.
cjk=$(fc-list :lang=zh family 2>/dev/null | head -n1 || true)
if [ -z "$cjk" ]; then
  echo "page: note: no font draws Chinese characters here; the screenshots show them as boxes (apt-get install fonts-wqy-microhei)"
  [ "$docs" = 0 ] || die "--docs needs a font for Chinese characters (apt-get install fonts-wqy-microhei)"
fi

if [ "$docs" = 1 ] && [ "$status" = 0 ]; then
  mkdir -p docs
  shots=(page-desktop.png page-phone.png page-axis.png page-axis-phone.png page-chinese.png page-chinese-phone.png)
  for f in "${shots[@]}"; do cp "build/$f" docs/; done
  (cd docs && ls -l "${shots[@]}")
fi

n() { sed -n "s/^page ($1): \\([0-9]*\\) checks passed\$/\\1/p" "$tmp/$1.out" 2>/dev/null; }
direct=$(n direct)
proxied=$(n nginx)
took=$(($(date +%s) - start))
if [ "$status" = 0 ] && [ -n "$direct" ] && [ -n "$proxied" ]; then
  echo "page: $((direct + proxied)) checks passed, $direct directly and $proxied behind nginx under /aid/ (${took} s)"
else
  grep -h '^FAIL' "$tmp"/*.out >&2 || true
  echo "page: FAILED (see above; ${took} s)" >&2
  exit 1
fi
