#!/usr/bin/env bash
# FIXTURE container runtime script (spec 6.2 step 5) for sealer's e2e tests: installs NOTHING. It
# only records the CRI socket path where sealer reads it, as a real containerd.sh must
# (/etc/sealerio/cri/socket-path), so the runtime's socket handling is exercised.
set -euo pipefail
mkdir -p /etc/sealerio/cri
echo /run/containerd/containerd.sock >/etc/sealerio/cri/socket-path
echo "containerd.sh (fixture): no container runtime installed; socket path recorded"
