#!/usr/bin/env bash
# The page's code kept as the rest of the project: checks web/ with
#   1. prettier (formatting, .prettierrc) and eslint (eslint.config.js: the
#      recommended rules and the page's own: static imports, no colour in
#      scripts, append() for views), both pinned in package-lock.json;
#   2. no script of web/ over 500 lines (the house's limit for .c and .js);
#   3. colours only as variables: no colour literal in any script, and in
#      style.css none outside :root's definitions.
# Installs the npm packages of package-lock.json (npm ci) when they are
# missing. Prints each problem and one summary line; exits 1 on a problem.
#   bash scripts/check-web.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_UPDATE_NOTIFIER=1 NPM_CONFIG_UPDATE_NOTIFIER=false

die() { echo "web: FAIL: $*" >&2; exit 1; }
command -v npm >/dev/null || die "npm is needed (scripts/install-deps.sh browser)"
if [ ! -x node_modules/.bin/prettier ] || [ ! -x node_modules/.bin/eslint ]; then
  grep -q '"resolved"' package-lock.json && die 'package-lock.json has "resolved" addresses (see .npmrc)'
  npm ci --no-audit --no-fund --loglevel=error || die "npm ci"
fi

status=0
problem() { echo "web: $*" >&2; status=1; }

if ! node_modules/.bin/prettier --check web/ >/dev/null 2>&1; then
  { node_modules/.bin/prettier --list-different web/ || true; } | sed 's/^/web: not formatted (npx prettier --write web\/): /' >&2
  status=1
fi
node_modules/.bin/eslint --max-warnings 0 web/ >&2 || problem "eslint reports the above"

files=(web/*)
for f in web/*.js; do
  n=$(wc -l <"$f")
  [ "$n" -le 500 ] || problem "$f has $n lines (at most 500)"
done

# A colour is #rgb..#rrggbbaa, rgb(), rgba(), hsl() or hsla().
colour='#[0-9a-fA-F]{3,8}\b|\b(rgba?|hsla?)\('
if grep -nE "$colour" web/*.js web/*.html | grep -v '^web/[a-z-]*\.[a-z]*:[0-9]*: *//' >&2; then
  problem "a colour in a script or the HTML (colours live in style.css's :root)"
fi
# style.css: every line outside the block of :root, numbered
if awk '
  /^:root *\{/ { inroot = 1; next }
  inroot && /^\}/ { inroot = 0; next }
  !inroot { printf "web/style.css:%d: %s\n", NR, $0 }
' web/style.css | grep -E ": .*($colour)" >&2; then
  problem "a colour in style.css outside :root's variables"
fi

if [ "$status" = 0 ]; then
  echo "web: ${#files[@]} files of web/ formatted (prettier $(node_modules/.bin/prettier --version)), lint-clean (eslint $(node_modules/.bin/eslint --version | tr -d v)), no script over 500 lines, colours only in :root"
else
  echo "web: FAILED (see above)" >&2
  exit 1
fi
