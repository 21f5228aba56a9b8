#!/usr/bin/env bash
# Checks the Kubernetes manifests of deploy/k8s offline (no cluster): every
# object against the Kubernetes API schemas (kubernetes-models, pinned in
# package.json), strictly (tsc against kubernetes-types: no field the API
# does not have), and against the image and the server (port, probes, user,
# hardening, drain time and grace period, the variables the server reads,
# selectors, the ingress's prefixes): tests/k8s/check-manifests.mjs.
# Then it proves that it can fail: on copies of deploy/k8s, each broken in
# one way, it requires the check to fail and to name what was broken.
# Needs Node.js and npm (the npm registry, for npm ci). Prints a summary
# line; exits 1 when the manifests fail or a broken copy passes.
#   scripts/check-k8s.sh
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "check-k8s: FAIL: $*" >&2; exit 1; }
command -v node >/dev/null && command -v npm >/dev/null ||
  die "node and npm are needed (Debian: apt-get install nodejs npm)"
export NO_UPDATE_NOTIFIER=1 NPM_CONFIG_UPDATE_NOTIFIER=false
# .npmrc keeps download addresses out of the lock file; keep it so.
! grep -q '"resolved"' package-lock.json || die 'package-lock.json has "resolved" addresses (see .npmrc)'
if ! npm ls --depth=0 kubernetes-models kubernetes-types yaml typescript >/dev/null 2>&1; then
  npm ci --no-audit --no-fund --loglevel=error || die "npm ci"
fi

node tests/k8s/check-manifests.mjs deploy/k8s || die "deploy/k8s"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# broken NAME FILE SED WANT [--no-strict]: a copy of deploy/k8s with SED
# applied to FILE must fail, with WANT in what the check prints
broken=0
broken() {
  local name=$1 file=$2 expr=$3 want=$4 out
  shift 4
  rm -rf "$tmp/k8s" && cp -r deploy/k8s "$tmp/k8s"
  sed -i -e "$expr" "$tmp/k8s/$file"
  cmp -s "deploy/k8s/$file" "$tmp/k8s/$file" && die "$name: the edit changed nothing in $file"
  if out=$(node tests/k8s/check-manifests.mjs "$tmp/k8s" "$@" 2>&1); then
    die "$name: a broken copy passed"
  fi
  grep -qF -- "$want" <<<"$out" || die "$name: the check did not say '$want': $out"
  broken=$((broken + 1))
}
broken "a misspelt field" deployment.yaml 's/imagePullPolicy:/imagePulPolicy:/' \
  "strict: Object literal may only specify known properties"
broken "a port as text" deployment.yaml 's/containerPort: 8080/containerPort: "8080"/' \
  "schema: data/spec/template/spec/containers/0/ports/0/containerPort must be integer" --no-strict
broken "a port the server does not listen on" deployment.yaml 's/containerPort: 8080/containerPort: 8081/' \
  "containerPort 8081, the server listens on 8080" --no-strict
broken "a variable the server does not read" deployment.yaml 's/name: AID_DRAIN_SECONDS/name: AID_DRAIN_SECOND/' \
  "variable AID_DRAIN_SECOND is no variable server/config.c reads" --no-strict
broken "a grace period within the drain" deployment.yaml 's/terminationGracePeriodSeconds: 30/terminationGracePeriodSeconds: 15/' \
  "terminationGracePeriodSeconds 15 is not above preStop 5 s + drain 10 s" --no-strict
broken "a liveness path the server does not have" deployment.yaml 's|path: /healthz|path: /health|' \
  "livenessProbe asks /health, not /healthz" --no-strict
broken "another user" deployment.yaml 's/runAsUser: 10001/runAsUser: 1000/' \
  "runAsUser 1000, the image's user is 10001" --no-strict
broken "a writable root" deployment.yaml 's/readOnlyRootFilesystem: true/readOnlyRootFilesystem: false/' \
  "readOnlyRootFilesystem is not true" --no-strict
broken "a file kustomize would leave out" kustomization.yaml '/- ingress.yaml/d' \
  "ingress.yaml: not listed in kustomization.yaml" --no-strict
broken "no prefix under /aid/" ingress.yaml 's|x-forwarded-prefix: /aid|x-forwarded-prefix: /aid2|' \
  "no Ingress mounts the API under /aid/" --no-strict
broken "an unknown kind" service.yaml 's/kind: Service/kind: Servise/' \
  "v1 Servise is not a Kubernetes API kind" --no-strict
echo "check-k8s: OK: deploy/k8s is valid and agrees with the image and the server; $broken broken copies each failed, naming what was broken"
