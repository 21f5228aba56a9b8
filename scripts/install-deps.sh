#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages aid-api needs, only those missing.
#   scripts/install-deps.sh          build and serve
#   scripts/install-deps.sh test     ... and run the test suite
#   scripts/install-deps.sh ci       ... and what CI checks besides
#   scripts/install-deps.sh container  podman, to build and run the image
#   scripts/install-deps.sh proxy    nginx and wrk, for the reverse-proxy test
#   scripts/install-deps.sh browser  Chromium (and Node.js), for the browser test
set -euo pipefail

build=(gcc make pkg-config libc6-dev libmicrohttpd-dev libjansson-dev
       libsqlite3-dev zlib1g-dev)
test=(libcmocka-dev libcurl4-openssl-dev)
ci=(valgrind clang-format prometheus clang libclang-rt-14-dev gcovr)
container=(podman runc mmdebstrap uidmap curl)
proxy=(nginx wrk gettext-base curl slowhttptest)
browser=(chromium fonts-wqy-microhei)

want=("${build[@]}")
case "${1:-build}" in
  build) ;;
  test) want+=("${test[@]}") ;;
  ci) want+=("${test[@]}" "${ci[@]}") ;;
  container) want=("${container[@]}") ;;
  proxy) want+=("${proxy[@]}") ;;
  browser) want+=("${browser[@]}") ;;
  *) echo "usage: $0 [build|test|ci|container|proxy|browser]" >&2; exit 2 ;;
esac

# Node.js and npm (the OpenAPI, client and browser checks) from Debian only
# where the machine has none of its own: a Node.js from elsewhere would
# conflict.
if { [ "${1:-}" = ci ] || [ "${1:-}" = browser ]; } && ! command -v npm >/dev/null; then
  want+=(nodejs npm)
fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
    missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
