#!/usr/bin/env bash
# FIXTURE init-registry.sh (spec 6.4) for sealer's e2e tests: the real script runs the registry:2
# image in docker; there is no container engine here, so this one starts Debian's REAL registry
# (/usr/bin/docker-registry, the same distribution code) as a process, with the same arguments
# and layout: init-registry.sh <port> <data dir> <domain>, TLS with <rootfs>/certs/<domain>.crt and
# .key when they exist (plain HTTP otherwise), basic auth with <rootfs>/etc/registry_htpasswd when it
# exists. It replaces a registry it started before (as the real one removes the sealer-registry
# container) and waits until the registry answers. uninstall-containerd.sh stops it.
set -euo pipefail
port=${1:-5000}
data=${2:?usage: init-registry.sh <port> <data dir> <domain>}
domain=${3:-sea.hub}
here=$(cd "$(dirname "$0")" && pwd)
rootfs=$(dirname "$here")
run=/var/lib/sealer-registry-fixture
mkdir -p "$run" "$data"
if [[ -f $run/pid ]]; then
  kill "$(cat "$run/pid")" 2>/dev/null || true
  rm -f "$run/pid"
fi
scheme=http
tls=""
if [[ -f $rootfs/certs/$domain.crt && -f $rootfs/certs/$domain.key ]]; then
  scheme=https
  tls="  tls:
    certificate: $rootfs/certs/$domain.crt
    key: $rootfs/certs/$domain.key"
fi
auth=""
if [[ -f $rootfs/etc/registry_htpasswd ]]; then
  auth="auth:
  htpasswd:
    realm: sealer-registry
    path: $rootfs/etc/registry_htpasswd"
fi
cat >"$run/config.yml" <<CFG
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $data
  delete:
    enabled: true
http:
  addr: :$port
$tls
$auth
CFG
setsid /usr/bin/docker-registry serve "$run/config.yml" >"$run/registry.log" 2>&1 </dev/null &
echo $! >"$run/pid"
for ((i = 0; i < 100; i++)); do
  if curl -sk --max-time 1 -o /dev/null "$scheme://127.0.0.1:$port/v2/"; then
    echo "init-registry.sh (fixture): registry serving $scheme on :$port from $data"
    exit 0
  fi
  sleep 0.1
done
echo "init-registry.sh (fixture): the registry did not start on :$port: $(tail -n 3 "$run/registry.log")" >&2
exit 1
