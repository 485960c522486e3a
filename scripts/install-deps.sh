#!/usr/bin/env bash
# Installs the Debian packages that sealer's tests and demo use: a real OCI registry
# (docker-registry), an independent OCI client (skopeo), sshd and network tools for test hosts,
# python3 for the bench scripts and a cross-process file-lock check.
# Java 17 and Maven are expected to be present already.
set -euo pipefail
packages=(openssh-server openssh-client sshpass docker-registry skopeo iproute2 nftables
          apache2-utils openssl curl hyperfine python3 procps)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo_cmd=""
  [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -q
  $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
