# Shared by the etcd hooks: names, paths and a client for the cluster.
set -euo pipefail
: "${HostIP:?}" "${MasterIPs:?}" "${ClusterName:?}"
client_port=${EtcdClientPort:-2379}
peer_port=${EtcdPeerPort:-2380}
rootfs=$(pwd)
member_name="etcd-${HostIP//[.:]/-}"
data_dir="/var/lib/sealer/etcd/${ClusterName}"
pid_file="/run/sealer-etcd-${ClusterName}.pid"
log_file="/var/log/sealer-etcd-${ClusterName}.log"
export ETCDCTL_API=3

etcdctl() { "$rootfs/bin/etcdctl" --dial-timeout=3s --command-timeout=5s "$@"; }

# Endpoints of the other masters, comma-separated.
other_endpoints() {
  local ip out=()
  IFS=, read -ra ips <<< "$MasterIPs"
  for ip in "${ips[@]}"; do
    [[ $ip == "$HostIP" ]] || out+=("http://$ip:$client_port")
  done
  (IFS=,; echo "${out[*]:-}")
}

running() { [[ -f $pid_file ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; }
