#!/usr/bin/env bash
# FIXTURE uninstall script for sealer's e2e tests: removes what the fixture's install script wrote
# and stops what ran "in the container runtime": the registry init-registry.sh started (the real
# script's sealer-registry container goes with containerd).
set -euo pipefail
rm -f /etc/sealerio/cri/socket-path
run=/var/lib/sealer-registry-fixture
if [[ -f $run/pid ]]; then
  kill "$(cat "$run/pid")" 2>/dev/null || true
fi
rm -rf "$run"
