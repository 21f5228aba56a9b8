#!/usr/bin/env bash
# Builds the aid-api image with podman and tests it for real: it serves the
# API on a read-only root filesystem, as a non-root user, passes its own
# HEALTHCHECK, and stops on SIGTERM within 10 s with exit code 0; the image
# stays within 25 MB. Runs as root on a Debian machine with no Docker engine
# and no container registry: the base image is pulled where a registry
# answers, else built offline with mmdebstrap from the machine's apt mirror.
#
#   scripts/check-container.sh
#
# AID_PODMAN_DIR (default /tmp/aid-podman) holds podman's configuration and
# storage; a second run reuses the base image and the build's layers there.
# The images are left for reuse; the test container is always removed.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=${AID_PODMAN_DIR:-/tmp/aid-podman}
IMAGE=aid-api:test
NAME=aid-api-check-$$
MAX_MB=25

started=$(date +%s.%N)
fail() {
  echo "container: FAILED: $*" >&2
  exit 1
}
# Seconds elapsed since $1 (a date +%s.%N), to two decimals.
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }'; }

[ "$(id -u)" -eq 0 ] || fail "run as root (podman here runs rootful)"

work=$(mktemp -d)
cleanup() {
  podman rm -f -t 0 "$NAME" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# shellcheck source=scripts/lib/podman.sh
. scripts/lib/podman.sh

# 1-2. podman, runc, mmdebstrap, uidmap, curl; podman's state in $DIR.
podman_setup "$DIR"

# 3. The base image of the build stage: already in the storage, else
# pulled, else built.
BASE=$(dockerfile_base)
[ -n "$BASE" ] || fail "the Dockerfile has no 'FROM ... AS build'"
podman_base "$BASE"

# 4. The image, from the sources alone (.dockerignore keeps build/ out). The
# docker format keeps the HEALTHCHECK, which the OCI format drops. Its
# build stage runs the whole test suite on the base's libraries: each test
# program's summary is shown.
t=$(date +%s.%N)
podman build --network=host --format docker --pull=never "$(build_args)" -t "$IMAGE" . \
  >"$DIR/build.log" 2>&1 ||
  { tail -n 40 "$DIR/build.log" >&2; fail "podman build failed (log: $DIR/build.log)"; }
suite_summary "$DIR/build.log" | sed 's/^/image: /' ||
  fail "the build log shows no test run (log: $DIR/build.log)"
echo "image: built in $(since "$t") s"
bytes=$(podman image inspect -f '{{.Size}}' "$IMAGE")
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
health=$(podman image inspect -f '{{if .Config.Healthcheck}}{{join .Config.Healthcheck.Test " "}}{{end}}' "$IMAGE")
user=$(podman image inspect -f '{{.Config.User}}' "$IMAGE")
echo "image: $IMAGE, $mb MB, user $user, healthcheck '$health'"
version=$(podman run --rm --network=host "$IMAGE" --version 2>/dev/null) ||
  fail "the image's aid-api --version failed"
echo "image: $version"
case $version in
  *"(libmicrohttpd 1."*) ;;
  *) fail "the image does not run libmicrohttpd 1.x: $version" ;;
esac
[ -n "$health" ] || fail "the image has no HEALTHCHECK"
case $user in
  '' | 0 | 0:* | root | root:*) fail "the image's USER is root ('$user')" ;;
esac
awk -v b="$bytes" -v m="$MAX_MB" 'BEGIN { exit !(b <= m * 1e6) }' ||
  fail "the image is $mb MB, more than $MAX_MB MB"

# A TCP port nothing on this machine uses, in any state: --network=host
# shares the machine's ports.
used=" $(awk 'FNR > 1 { split($2, a, ":"); print a[2] }' /proc/net/tcp /proc/net/tcp6 |
  while read -r hex; do echo $((16#$hex)); done | tr '\n' ' ') "
port=
for _ in $(seq 200); do
  p=$((20000 + RANDOM % 30000))
  case $used in *" $p "*) continue ;; esac
  port=$p
  break
done
[ -n "$port" ] || fail "found no free TCP port"
base="http://127.0.0.1:$port"

# 5. Run it read-only, without even the writable /tmp, /var/tmp and /run that
# podman adds to --read-only by default (as Kubernetes' readOnlyRootFilesystem),
# then check the API, /readyz, the user, the health check. (No systemd here:
# podman logs that it cannot set the health check's timer, and runs the check
# only when asked, as below.)
t=$(date +%s.%N)
podman run -d --network=host --read-only --read-only-tmpfs=false \
  -e PORT="$port" --name "$NAME" \
  "$IMAGE" >/dev/null 2>"$work/run.log" ||
  { cat "$work/run.log" >&2; fail "podman run failed"; }
ready=
for _ in $(seq 1000); do
  if [ "$(curl --noproxy '*' -s -o /dev/null -m 1 -w '%{http_code}' "$base/readyz")" = 200 ]; then
    ready=$(since "$t")
    break
  fi
  if [ "$(podman inspect -f '{{.State.Running}}' "$NAME")" != true ]; then
    podman logs "$NAME" >&2 || true
    fail "the container exited (code $(podman inspect -f '{{.State.ExitCode}}' "$NAME"))"
  fi
  sleep 0.02
done
[ -n "$ready" ] || { podman logs "$NAME" >&2; fail "no 200 from $base/readyz in 20 s"; }
echo "run: /readyz 200 on port $port, $ready s after podman run"

curl --noproxy '*' -sf "$base/api/v1/events" >"$work/events.json" ||
  fail "GET /api/v1/events failed"
grep -q '^{"data":\[{"id":' "$work/events.json" &&
  grep -q '"meta":{' "$work/events.json" ||
  fail "GET /api/v1/events is not the timeline: $(head -c 200 "$work/events.json")"
echo "run: /api/v1/events answers the timeline ($(grep -o '"total":[0-9]*' "$work/events.json" | head -n 1))"

# The page, embedded in the binary: a browser's GET / is HTML that loads
# its versioned script, and that script is served.
curl --noproxy '*' -sf -H 'Accept: text/html' "$base/" >"$work/page.html" ||
  fail "GET / (Accept: text/html) failed"
asset=$(grep -o 'src="[^"]*\.js"' "$work/page.html" | head -n 1 | sed 's/^src="//; s/"$//')
[ -n "$asset" ] || fail "GET / is not the page: $(head -c 200 "$work/page.html")"
case $asset in /*) ;; *) asset=/$asset ;; esac
[ "$(curl --noproxy '*' -s -o /dev/null -w '%{http_code} %{content_type}' "$base$asset")" = \
  "200 text/javascript; charset=utf-8" ] || fail "the page's script $asset is not served"
echo "run: / is the page, its script $asset is served"

pid=$(podman inspect -f '{{.State.Pid}}' "$NAME")
uid=$(awk '$1 == "Uid:" { print $2 }' "/proc/$pid/status")
gid=$(awk '$1 == "Gid:" { print $2 }' "/proc/$pid/status")
[ -n "$uid" ] && [ "$uid" -ne 0 ] ||
  fail "the server (host pid $pid) runs as uid '$uid'"
[ "$(podman inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$NAME")" = true ] &&
  awk '$5 == "/" { split($6, o, ","); ro = o[1] == "ro" } END { exit !ro }' \
    "/proc/$pid/mountinfo" ||
  fail "the root filesystem is not read-only"
echo "run: server is host pid $pid, uid $uid gid $gid, root filesystem read-only"

podman healthcheck run "$NAME" 2>>"$work/run.log" ||
  { cat "$work/run.log" >&2; fail "podman healthcheck run $NAME failed"; }
echo "run: HEALTHCHECK passes ($(podman inspect -f '{{.State.Health.Status}}' "$NAME"))"

# SIGTERM (podman stop), within 10 s, exit code 0.
t=$(date +%s.%N)
podman stop -t 10 "$NAME" >/dev/null 2>>"$work/run.log" ||
  { cat "$work/run.log" >&2; fail "podman stop failed"; }
stopped=$(since "$t")
code=$(podman inspect -f '{{.State.ExitCode}}' "$NAME")
echo "stop: exited with code $code, $stopped s after podman stop"
podman logs "$NAME" 2>&1 | grep -q 'SIGTERM: draining and stopping' ||
  fail "the server did not log its SIGTERM drain: $(podman logs "$NAME" 2>&1 | tail -n 1)"
[ "$code" = 0 ] || fail "exit code $code after SIGTERM, not 0"
awk -v s="$stopped" 'BEGIN { exit !(s < 10) }' || fail "stop took $stopped s (10 s at most)"

# 6. The summary.
echo "checked in $(since "$started") s (podman state in $DIR)"
echo "container: OK, image $mb MB, ready in $ready s, stopped in $stopped s"
