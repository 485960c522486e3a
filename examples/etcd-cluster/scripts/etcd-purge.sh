#!/usr/bin/env bash
# post-clean-host: leave nothing of etcd behind on the host.
source "$(dirname "$0")/common.sh"
rm -rf "$data_dir" "$log_file" "$pid_file"
rmdir /var/lib/sealer/etcd 2>/dev/null || true
