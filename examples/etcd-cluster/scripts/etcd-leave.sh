#!/usr/bin/env bash
# pre-clean-host on a master that leaves: take its member out of the cluster (unless the whole
# cluster goes: DeletedIPs holds every master), then stop it.
source "$(dirname "$0")/common.sh"

staying=()
IFS=, read -ra ips <<< "$MasterIPs"
for ip in "${ips[@]}"; do
  [[ ",${DeletedIPs:-}," == *",$ip,"* ]] || staying+=("http://$ip:$client_port")
done
if ((${#staying[@]})); then
  endpoints=$(IFS=,; echo "${staying[*]}")
  id=$(etcdctl --endpoints="$endpoints" member list 2>/dev/null \
    | awk -F', ' -v peer="http://$HostIP:$peer_port" '$4==peer {print $1}')
  if [[ -n $id ]]; then
    echo "removing $member_name ($id) from the cluster"
    etcdctl --endpoints="$endpoints" member remove "$id"
  fi
fi
# a member removed from the cluster stops by itself: it may be gone by the time we kill it
if running; then
  kill "$(cat "$pid_file")" 2>/dev/null || true
  for _ in $(seq 1 20); do running || break; sleep 0.5; done
  if running; then kill -9 "$(cat "$pid_file")" 2>/dev/null || true; fi
fi
rm -f "$pid_file"
echo "$member_name stopped"
