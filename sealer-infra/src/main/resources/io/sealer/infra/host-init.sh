# PID 1 of one local host made by sealer's `local` infra provider.
#
# Started by the provider inside the host's network namespace and fresh PID, mount, UTS and IPC
# namespaces. It configures the host's network, builds its root filesystem (an overlay over this
# machine's / with a private upper layer, plain per-host directories bound over it), switches to
# it, sets root's password and then keeps sshd running until it is told to stop.
#
# Arguments: HOSTNAME HOST_DIR ADDRESS/PREFIX GATEWAY PASSWORD_FILE PLAIN_DIR...
set -eu
host_name=$1 host_dir=$2 address=$3 gateway=$4 password_file=$5
shift 5
new_root=$host_dir/root

# Network: the veth end called eth0 was moved into this namespace by the provider.
echo 1 > /proc/sys/net/ipv6/conf/eth0/disable_ipv6 2>/dev/null || true
ip link set lo up
ip addr add "$address" dev eth0
ip link set eth0 up
ip route add default via "$gateway" dev eth0
hostname "$host_name"

# Read now: after the switch below the provider's state directory is out of sight. A shell
# variable is never part of a command line, so `ps` does not show it.
IFS= read -r root_password < "$password_file"

mount -t overlay "sealer-infra-$host_name" \
  -o "lowerdir=/,upperdir=$host_dir/upper,workdir=$host_dir/work" "$new_root"
for dir in "$@"; do
  mkdir -p "$host_dir/plain$dir" "$new_root$dir"
  mount --bind "$host_dir/plain$dir" "$new_root$dir"
done
for dir in /tmp /var/tmp; do
  if [ -d "$host_dir/plain$dir" ]; then chmod 1777 "$host_dir/plain$dir"; fi
done
mount -t proc proc "$new_root/proc"
mount -t sysfs sysfs "$new_root/sys"
if [ -d /sys/fs/cgroup ]; then mount --rbind /sys/fs/cgroup "$new_root/sys/fs/cgroup"; fi
mount --rbind /dev "$new_root/dev"
mount -t tmpfs -o mode=1777,size=256m shm "$new_root/dev/shm"
mount -t tmpfs -o mode=755,size=256m run "$new_root/run"
mkdir -p "$new_root/run/sshd" "$new_root/run/lock"

cd "$new_root"
mkdir -p .sealer-infra-old-root
pivot_root . .sealer-infra-old-root
cd /
umount -l /.sealer-infra-old-root
rmdir /.sealer-infra-old-root

# chpasswd reads "user:password" on stdin; printf is a shell builtin, so no process sees it.
printf 'root:%s\n' "$root_password" | chpasswd
unset root_password
echo "host $host_name ready"

trap 'kill -TERM -1 2>/dev/null; sleep 0.2; kill -KILL -1 2>/dev/null; exit 0' TERM INT
while :; do
  "$SEALER_SSHD" -D -e -f /etc/ssh/sshd_config &
  wait $! || true
  echo "sshd exited; starting it again in 1s"
  sleep 1
done
