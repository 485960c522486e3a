#!/usr/bin/env bash
# The newcomer's main job: set up this machine, package sealer, put it on the PATH, and use it.
# Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)

echo "==> installing Debian packages (registry, skopeo, sshd, ...)"
bash scripts/install-deps.sh

echo "==> packaging sealer (mvn package, tests skipped; run 'mvn -B verify' for them)"
mvn -B -q package -DskipTests

bindir=/usr/local/bin
[[ -w $bindir ]] || bindir=$HOME/.local/bin
mkdir -p "$bindir"
ln -sf "$here/sealer-cli/target/sealer/bin/sealer" "$bindir/sealer"
echo "==> sealer is on the PATH at $bindir/sealer"
case ":$PATH:" in *":$bindir:"*) ;; *) echo "    (add $bindir to your PATH)"; export PATH=$bindir:$PATH ;; esac

export SEALER_ROOT=${SEALER_ROOT:-$here/target/demo-root}
echo "==> sealer version (images go to SEALER_ROOT=$SEALER_ROOT)"
sealer version
