# Sourced by the scripts that build the image with podman
# (scripts/check-container.sh, scripts/check-trixie.sh): podman as it works
# on these machines, and the Debian base image of the Dockerfile, pulled
# where a registry answers, else built offline with mmdebstrap from the
# machine's own Debian mirror.
#
# The caller provides fail (prints and exits) and $work (a scratch
# directory it removes).
#
#   podman_setup DIR    podman's configuration and storage in DIR (a second
#                       run reuses the base image and the build's layers)
#   podman_base IMAGE   IMAGE (docker.io/library/debian:SUITE) in the
#                       storage: already there, pulled, or built
#   dockerfile_base     the image the Dockerfile's build stage is FROM
#   build_args          podman build's --build-arg of the data's date (the
#                       build context has no git)
# shellcheck shell=bash

PULL_TIMEOUT=${AID_PULL_TIMEOUT:-45}

# podman as it works here: runc (crun fails), cgroupfs (no systemd),
# events in a file, default ulimits lowered to what the machine allows,
# and all state in $1. podman build and podman run also take
# --network=host: the default bridge leaves firewall state behind.
podman_setup() {
  local dir=$1
  scripts/install-deps.sh container
  mkdir -p "$dir"
  cat >"$dir/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=16384:16384", "nproc=16384:16384"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$dir/run/libpod"
EOF
  cat >"$dir/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$dir/storage"
runroot = "$dir/run/storage"
EOF
  export CONTAINERS_CONF=$dir/containers.conf
  export CONTAINERS_STORAGE_CONF=$dir/storage.conf
  podman info >/dev/null || fail "podman does not start (podman info)"
}

build_args() {
  local date
  date=$(make -s source-date-epoch)
  [ -n "$date" ] || fail "no date for the data (make -s source-date-epoch): not a git checkout?"
  echo "--build-arg=SOURCE_DATE_EPOCH=$date"
}

dockerfile_base() {
  awk '$1 == "FROM" && $3 == "AS" && $4 == "build" { print $2; exit }' Dockerfile
}

# The machine's Debian mirrors, as "URI SUITE" lines, from its apt sources
# (deb822 .sources and one-line .list alike).
apt_sources() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk 'function flush() {
           if (types ~ /(^| )deb( |$)/ && enabled != "no")
             for (i = 1; i <= nu; i++)
               for (j = 1; j <= ns; j++) print u[i], s[j]
           types = ""; enabled = ""; nu = 0; ns = 0
         }
         /^[ \t]*#/ { next }
         /^[ \t]*$/ { flush(); next }
         { key = tolower($1); sub(/:$/, "", key)
           $1 = ""; sub(/^[ \t]+/, "") }
         key == "types" { types = $0 }
         key == "enabled" { enabled = tolower($0) }
         key == "uris" { nu = split($0, u, /[ \t]+/) }
         key == "suites" { ns = split($0, s, /[ \t]+/) }
         END { flush() }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" |
      awk '$1 == "deb" && NF >= 3 { print $2, $3 }'
  done
}

# The sources of a base image of Debian $1 (bookworm, trixie): the suite,
# its -updates and its -security, from the machine's own mirrors. A Debian
# mirror serves every release, so a machine of one release names the
# mirrors of another: the URI of its own suite of the same kind.
base_sources() {
  local want=$1 all own kind uri
  all=$(apt_sources)
  # the machine's own release: a suite listed with its -updates or -security
  own=$(awk '{ s[$2] = 1 } END { for (x in s) if ((x "-security") in s || (x "-updates") in s) { print x; exit } }' <<<"$all")
  for kind in "" -updates -security; do
    uri=$(awk -v s="$want$kind" -v o="$own$kind" \
      '$2 == s && !w { w = $1 } $2 == o && !u { u = $1 } END { print (w ? w : u) }' <<<"$all")
    [ -n "$uri" ] && echo "deb ${uri%/} $want$kind main"
  done
  return 0
}

podman_base() {
  local image=$1 suite=${1##*:} t mirrors
  if podman image exists "$image"; then
    echo "base image: $image already in the storage"
    return
  fi
  if timeout "$PULL_TIMEOUT" podman pull -q "$image" >/dev/null 2>"$work/pull.log"; then
    echo "base image: $image pulled"
    return
  fi
  echo "base image: podman pull failed ($(tail -n 1 "$work/pull.log" | sed 's/.*: //'))"
  echo "base image: building $image with mmdebstrap from the apt mirror"
  mapfile -t mirrors < <(base_sources "$suite")
  printf '%s\n' "${mirrors[@]}" | grep -q " $suite main$" ||
    fail "no Debian mirror in /etc/apt/sources.list{,.d/*}: cannot build $image"
  printf '  %s\n' "${mirrors[@]}"
  # minbase with merged /usr, as Debian's images: no apt package cache,
  # and, as the -slim images, no documentation, manuals or translations.
  t=$(date +%s.%N)
  mmdebstrap --variant=minbase --mode=root \
    --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --aptopt='Dir::Cache::pkgcache ""' --aptopt='Dir::Cache::srcpkgcache ""' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/groff/*' \
    --dpkgopt='path-exclude=/usr/share/lintian/*' \
    --dpkgopt='path-exclude=/usr/share/linda/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    "$suite" "$work/base.tar" "${mirrors[@]}" >"$work/mmdebstrap.log" 2>&1 ||
    { tail -n 20 "$work/mmdebstrap.log" >&2; fail "mmdebstrap failed"; }
  podman import -q --change 'CMD ["bash"]' \
    --message "mmdebstrap --variant=minbase $suite (scripts/lib/podman.sh)" \
    "$work/base.tar" "$image" >/dev/null || fail "podman import of $image failed"
  rm -f "$work/base.tar"
  # Its apt must reach the mirror, as the builder's apt-get will.
  podman run --rm --network=host "$image" apt-get -qq update \
    >"$work/apt.log" 2>&1 ||
    { podman rmi -f "$image" >/dev/null 2>&1 || true
      cat "$work/apt.log" >&2
      fail "apt-get update fails in the new $image: removed it"; }
  echo "base image: $image built in $(awk -v a="$t" -v b="$(date +%s.%N)" \
    'BEGIN { printf "%.2f", b - a }') s, $(podman image inspect -f '{{.Size}}' "$image" |
    awk '{ printf "%.1f MB", $1 / 1e6 }')"
}

# What the build stage's `make test` printed in the build log $1: each test
# program's summary; or, where podman reused that step's layer, that it did
# (the suite passed on the very same sources and base before).
suite_summary() {
  if grep -qE '^\[  (PASSED|FAILED)  \]' "$1"; then
    grep -E '^(== build/tests/|\[  (PASSED|FAILED)  \]|libmicrohttpd .* answers$)' "$1"
  elif grep -A1 -E 'STEP [0-9/]+: RUN make test' "$1" | grep -q 'Using cache'; then
    echo "make test: the layer of an earlier run on the same sources (it passed then)"
  else
    echo "make test: no summary in $1"
    return 1
  fi
}
