#!/usr/bin/env bash
# The newcomer's main job, offline: set up this machine (Debian packages, helm), package sealer and
# install its release artifact, then build a ClusterImage that carries the container image its
# application needs, inspect it and save it to one file for an air-gapped site; then build an etcd
# ClusterImage (no Kubernetes) and run it onto three hosts made on this machine. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
demo=$here/target/demo
port=${DEMO_REGISTRY_PORT:-5123}
registry=127.0.0.1:$port

echo "==> installing Debian packages (registry, skopeo, sshd, ...) and helm"
bash scripts/install-deps.sh

echo "==> packaging sealer (mvn package, tests skipped; 'mvn -B verify' runs them)"
mvn -B -q package -DskipTests
release=$(ls -t sealer-cli/target/sealer-*-linux.tar.gz | head -n 1)

echo "==> installing the release artifact $release with its install.sh"
# to /usr/local as root, else ~/.local; DEMO_PREFIX=DIR installs elsewhere
if [[ -n ${DEMO_PREFIX:-} ]]; then
  bindir=$DEMO_PREFIX/bin
elif [[ $(id -u) -eq 0 ]]; then
  bindir=/usr/local/bin
else
  bindir=$HOME/.local/bin
fi
export PATH=$bindir:$PATH
unpacked=$(mktemp -d)
tar -xzf "$release" -C "$unpacked"
"$unpacked"/sealer-*/install.sh ${DEMO_PREFIX:+--prefix "$DEMO_PREFIX"}
rm -rf "$unpacked"
echo "==> sealer is on the PATH at $bindir/sealer"
sealer version

export SEALER_ROOT=$demo/root
if [[ -d $SEALER_ROOT ]]; then
  echo "==> removing what an earlier demo left (its etcd cluster and local hosts)"
  sealer delete -a --prune --force -c etcd-demo > /dev/null 2>&1 || true
  sealer alpha infra down --name etcddemo > /dev/null 2>&1 || true
fi
rm -rf "$demo" && mkdir -p "$demo"
echo "==> starting a local registry at $registry (Debian's docker-registry), stopped at the end"
cat > "$demo/registry.yml" <<YML
version: 0.1
storage:
  filesystem:
    rootdirectory: $demo/registry
http:
  addr: $registry
YML
docker-registry serve "$demo/registry.yml" > "$demo/registry.log" 2>&1 &
registry_pid=$!
trap 'kill $registry_pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs "http://$registry/v2/" >/dev/null && break; sleep 0.1; done

echo
echo "==> 1. build a small container image and push it, as an app team would"
sealer build --build-mode lite -t "$registry/demo/hello-app:v1" examples/hello-app
sealer push "$registry/demo/hello-app:v1"

echo
echo "==> 2. build the ClusterImage: its app's manifest names that image, so it is cached inside"
sealer build -t my-saas:v1 examples/my-saas
sealer images

echo
echo "==> 3. inspect it: Sealer's extension annotation and the cached container images"
sealer inspect my-saas:v1 | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(json.dumps({k: d[k] for k in ("name", "digest", "imageExtension", "containerImageList")}, indent=2))'

echo
echo "==> 4. save it to one file for a site without internet, and load it back elsewhere"
sealer save -o "$demo/my-saas.tar" my-saas:v1
SEALER_ROOT=$demo/other-root sealer load -i "$demo/my-saas.tar"
ls -lh "$demo/my-saas.tar"

echo
echo "==> 5. build a ClusterImage without Kubernetes: Debian's etcd and hooks that form a cluster"
bash examples/etcd-cluster/fetch-etcd.sh
sealer build -t etcd-cluster:v1 examples/etcd-cluster
if [[ $(id -u) -ne 0 ]]; then
  echo "(skipping 'sealer run': making local hosts needs root)"
  exit 0
fi

echo
echo "==> 6. run it onto 3 hosts made on this machine (network namespaces with their own sshd)"
sealer run etcd-cluster:v1 --provider local -m 3 --cluster-name etcd-demo
master0=$(sealer alpha infra list --name etcddemo | awk 'NR==2 {print $2}')

echo
echo "==> 7. the etcd cluster, asked from this machine"
ETCDCTL_API=3 etcdctl --endpoints="http://$master0:2379" member list
ETCDCTL_API=3 etcdctl --endpoints="http://$master0:2379" endpoint health --cluster
echo
echo "Done. Try: export SEALER_ROOT=$SEALER_ROOT; sealer exec -c etcd-demo hostname"
echo "      sealer run etcd-cluster:v1 --provider local -m 3 --cluster-name etcd-demo   # again: no change"
echo "      sealer alpha infra up --name etcddemo --hosts 4   # a 4th host ..."
echo "      sealer scale-up -c etcd-demo -m \$(sealer alpha infra list --name etcddemo | awk 'NR==5 {print \$2}')   # ... joins as a member"
echo "      sealer delete -c etcd-demo -m <that IP> --prune --force   # leaves the membership"
echo "      sealer delete -a --prune --force -c etcd-demo    # removes the cluster and its hosts"
