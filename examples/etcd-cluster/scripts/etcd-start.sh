#!/usr/bin/env bash
# post-init-host on each master: start this host's etcd member. On a new cluster every master
# starts with the full member list; on scale-up the member is first added to the running cluster.
source "$(dirname "$0")/common.sh"

if running; then
  echo "$member_name already running (pid $(cat "$pid_file"))"
  exit 0
fi

state=new
initial=""
others=$(other_endpoints)
if [[ -d $data_dir/member ]]; then
  state=existing            # restarting a member that has its data: flags are ignored by etcd
elif [[ -n $others ]] && members=$(etcdctl --endpoints="$others" member list 2>/dev/null); then
  # a cluster answers: this host joins it
  state=existing
  if ! grep -q "http://$HostIP:$peer_port" <<< "$members"; then
    echo "adding $member_name to the running cluster"
    # etcd refuses a new member until every member has been up for a few seconds
    for attempt in $(seq 1 30); do
      if out=$(etcdctl --endpoints="$others" member add "$member_name" \
          --peer-urls="http://$HostIP:$peer_port" 2>&1); then
        break
      fi
      if ((attempt == 30)) || ! grep -q "unhealthy cluster" <<< "$out"; then
        echo "$out" >&2
        exit 1
      fi
      sleep 1
    done
    members=$(etcdctl --endpoints="$others" member list)
  fi
  # name=peer for every member (a member added but not started has an empty name: it is us)
  initial=$(awk -F', ' -v me="$member_name" '{n=$3; if (n=="") n=me; print n"="$4}' <<< "$members" \
    | paste -sd, -)
fi
if [[ -z $initial ]]; then
  IFS=, read -ra ips <<< "$MasterIPs"
  parts=()
  for ip in "${ips[@]}"; do parts+=("etcd-${ip//[.:]/-}=http://$ip:$peer_port"); done
  initial=$(IFS=,; echo "${parts[*]}")
fi

mkdir -p "$data_dir" "$(dirname "$log_file")"
echo "starting $member_name ($state cluster: $initial)"
setsid "$rootfs/bin/etcd" \
  --name "$member_name" \
  --data-dir "$data_dir" \
  --listen-client-urls "http://$HostIP:$client_port,http://127.0.0.1:$client_port" \
  --advertise-client-urls "http://$HostIP:$client_port" \
  --listen-peer-urls "http://$HostIP:$peer_port" \
  --initial-advertise-peer-urls "http://$HostIP:$peer_port" \
  --initial-cluster "$initial" \
  --initial-cluster-state "$state" \
  --initial-cluster-token "sealer-$ClusterName" \
  > "$log_file" 2>&1 < /dev/null &
echo $! > "$pid_file"

# wait until this member serves (a new cluster needs a quorum of members up: they start together)
for _ in $(seq 1 60); do
  if etcdctl --endpoints="http://$HostIP:$client_port" endpoint health > /dev/null 2>&1; then
    echo "$member_name is healthy"
    exit 0
  fi
  if ! running; then
    echo "etcd exited; last lines of $log_file:" >&2
    tail -n 20 "$log_file" >&2
    exit 1
  fi
  sleep 1
done
echo "$member_name did not become healthy within 60 s; last lines of $log_file:" >&2
tail -n 20 "$log_file" >&2
exit 1
