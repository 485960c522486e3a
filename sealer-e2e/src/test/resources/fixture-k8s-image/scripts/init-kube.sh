#!/usr/bin/env bash
# FIXTURE init-kube.sh (spec 6.10) for sealer's e2e tests: copies bin/* -- the kubeadm, kubelet and
# kubectl TEST DOUBLES -- to /usr/bin, as the real script copies the real binaries. It refuses to
# overwrite a kubeadm, kubelet or kubectl that is not a double, so it can do no harm on a real
# machine, unless the cluster env says KUBE_DOUBLE_REPLACE=yes (the e2e suite's local hosts, whose
# /usr/bin is a per-host overlay over the test machine's). It does not touch the firewall,
# SELinux, swap, kernel modules or systemd units.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin="$here/../bin"
for f in kubeadm kubelet kubectl; do
  if [[ -e /usr/bin/$f ]] && ! grep -q 'TEST DOUBLE' "/usr/bin/$f" 2>/dev/null && [[ ${KUBE_DOUBLE_REPLACE:-} != yes ]]; then
    echo "init-kube.sh (fixture): /usr/bin/$f is not a test double; refusing to replace it" >&2
    exit 1
  fi
done
for f in "$bin"/*; do
  rm -f "/usr/bin/$(basename "$f")" # a symbolic link is replaced, not followed
  install -m 0755 "$f" "/usr/bin/$(basename "$f")"
done
mkdir -p /etc/kubernetes/manifests /var/lib/kubelet
echo "init-kube.sh (fixture): test doubles installed in /usr/bin"
