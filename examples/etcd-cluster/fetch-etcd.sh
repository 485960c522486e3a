#!/usr/bin/env bash
# Puts the etcd and etcdctl binaries of this machine (Debian's etcd-server and etcd-client) into
# bin/, the build context of the Kubefile beside this script.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
for tool in etcd etcdctl; do
  path=$(command -v "$tool" || true)
  if [[ -z $path ]]; then
    echo "fetch-etcd.sh: $tool not found; install Debian's etcd-server and etcd-client" >&2
    exit 1
  fi
done
mkdir -p "$here/bin"
install -m 0755 "$(command -v etcd)" "$here/bin/etcd"
install -m 0755 "$(command -v etcdctl)" "$here/bin/etcdctl"
