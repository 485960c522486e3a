#!/usr/bin/env bash
# FIXTURE uninstall script for sealer's e2e tests: removes what the fixture's install script wrote.
set -euo pipefail
rm -f /etc/sealerio/cri/socket-path
