#!/usr/bin/env bash
# FIXTURE container runtime script for sealer's e2e tests: installs NOTHING (no docker here). It
# only records the dockershim socket path where sealer reads it (/etc/sealerio/cri/socket-path).
set -euo pipefail
mkdir -p /etc/sealerio/cri
echo /var/run/dockershim.sock >/etc/sealerio/cri/socket-path
echo "docker.sh (fixture): no container runtime installed; socket path recorded"
