#!/usr/bin/env bash
# Rootfs distribution to 1, 3 and 5 real sshd hosts: `sealer alpha distribute` (cold, no change,
# resume after a kill half way) against `scp -r` to the hosts in parallel, `tar | ssh` in parallel,
# and a per-file SFTP copy with an md5 check before and after each file (Sealer's way), all in the
# same run on the same 1 GiB tree of mixed files. Medians of RUNS runs (hyperfine).
#
# Needs: hyperfine, python3, sshpass, `mvn -B package -DskipTests` done, and root logins on the
# hosts (e.g. made with `sealer alpha infra up --provider local --hosts 5`).
#   HOSTS=10.255.0.2,10.255.0.3,... PASSWORD=... bench/distribute/run.sh
# Optional: SIZE_MIB (default 1024), RUNS (default 3), COUNTS (default "1 3 5"), WORK (keeps the
# tree between runs), SFTP_COUNTS (host counts for the slow per-file SFTP baseline, default "1").
set -euo pipefail
cd "$(dirname "$0")/../.."
sealer=$PWD/sealer-cli/target/sealer/bin/sealer
[[ -x $sealer ]] || { echo "run 'mvn -B package -DskipTests' first" >&2; exit 1; }
: "${HOSTS:?set HOSTS to a comma-separated list of host IPs}"
: "${PASSWORD:?set PASSWORD to the hosts root password}"
for tool in hyperfine python3 sshpass scp ssh sftp; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }
done
export SSHPASS=$PASSWORD   # sshpass -e reads it from the environment, never from argv
work=${WORK:-$(mktemp -d)}
runs=${RUNS:-3}
size=${SIZE_MIB:-1024}
counts=${COUNTS:-1 3 5}
sftp_counts=${SFTP_COUNTS:-1}
IFS=, read -ra all_hosts <<<"$HOSTS"
remote=/var/lib/sealer/data/bench
ctl=$work/ssh-ctl
mkdir -p "$ctl"
ssh_opts=(-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR
  -o ControlMaster=auto -o "ControlPath=$ctl/%h" -o ControlPersist=600)

# The tree: 3/8 large random files (8 MiB), 1/4 small random files (256 KiB) and 3/8 small text
# files (16 KiB, many of them) -- the shape of a rootfs: a few big binaries and image tars, many
# small manifests and scripts.
ctx=$work/ctx
if [[ ! -d $ctx/tree ]]; then
  python3 - "$ctx/tree" "$size" <<'PY'
import base64, os, random, sys
root, total = sys.argv[1], int(sys.argv[2]) << 20
rnd = random.Random(42)
i = 0
plan = [(8 << 20, 3 * total // 8, "images"), (256 << 10, total // 4, "bin"), (16 << 10, 3 * total // 8, "manifests")]
for size, budget, kind in plan:
    n = 0
    while n < budget:
        d = os.path.join(root, kind, f"d{i % 32:02d}")
        os.makedirs(d, exist_ok=True)
        data = rnd.randbytes(size)
        if kind == "manifests":
            data = base64.encodebytes(data[: size * 3 // 4])
        with open(os.path.join(d, f"f{i:05d}"), "wb") as f:
            f.write(data)
        n += len(data); i += 1
print(f"made {i} files", file=sys.stderr)
PY
  printf 'FROM scratch\nCOPY tree .\n' >"$ctx/Kubefile"
fi
echo "tree: $(du -sh "$ctx/tree" | cut -f1), $(find "$ctx/tree" -type f | wc -l) files" >&2
export SEALER_ROOT=$work/root
"$sealer" build -q -t bench/rootfs:v1 --build-mode lite "$ctx" >/dev/null

# Small helper scripts, so that hyperfine runs plain commands: each takes the number of hosts.
cat >"$work/common.sh" <<SH
all_hosts=(${all_hosts[*]})
ssh_opts=(${ssh_opts[*]@Q})
remote=$remote
export SSHPASS
# on_hosts N COMMAND...: runs COMMAND, with {} replaced by the host, on the first N hosts at once.
on_hosts() {
  local n=\$1 h pids=() status=0
  shift
  for h in "\${all_hosts[@]:0:n}"; do
    "\${@//\{\}/\$h}" &
    pids+=(\$!)
  done
  for h in "\${pids[@]}"; do wait "\$h" || status=1; done
  return \$status
}
rssh() { sshpass -e ssh "\${ssh_opts[@]}" "root@\$1" "\${@:2}"; }
SH
cat >"$work/wipe.sh" <<SH
source $work/common.sh
on_hosts "\$1" rssh {} "rm -rf \$remote && mkdir -p \$remote"
SH
cat >"$work/scp.sh" <<SH
source $work/common.sh
on_hosts "\$1" sshpass -e scp "\${ssh_opts[@]}" -q -r $ctx/tree "root@{}:\$remote/rootfs"
SH
cat >"$work/tarssh.sh" <<SH
source $work/common.sh
one() { tar -C $ctx/tree -cf - . | rssh "\$1" "mkdir -p \$remote/rootfs && tar -xf - -C \$remote/rootfs"; }
on_hosts "\$1" one {}
SH
# Sealer's way, approximated over one multiplexed connection per host: for every file, md5sum on
# the host, an SFTP put, md5sum again.
cat >"$work/sftp.sh" <<SH
source $work/common.sh
one() {
  local host=\$1 f rel
  (cd $ctx/tree && find . -mindepth 1 -type d -printf "\$remote/rootfs/%P\\n") | rssh "\$host" 'xargs -d "\\n" mkdir -p'
  while IFS= read -r rel; do
    rssh "\$host" "md5sum '\$remote/rootfs/\$rel' 2>/dev/null | cut -d' ' -f1" >/dev/null
    printf 'put "%s" "%s"\\n' "$ctx/tree/\$rel" "\$remote/rootfs/\$rel" |
      sshpass -e sftp "\${ssh_opts[@]}" -q -b - "root@\$host" >/dev/null
    rssh "\$host" "md5sum '\$remote/rootfs/\$rel' | cut -d' ' -f1" >/dev/null
  done < <(cd $ctx/tree && find . -type f -printf '%P\\n')
}
on_hosts "\$1" one {}
SH
chmod +x "$work"/*.sh
wipe() { bash "$work/wipe.sh" "$1"; }

results=()
for n in $counts; do
  hosts=$(IFS=,; echo "${all_hosts[*]:0:n}")
  (( n <= ${#all_hosts[@]} )) || { echo "only ${#all_hosts[@]} hosts given, skipping $n" >&2; continue; }
  out=$work/dist-$n.json
  cmds=(
    -n "sealer distribute, $n hosts" --prepare "bash $work/wipe.sh $n"
    "$sealer alpha distribute bench/rootfs:v1 --hosts $hosts -p $PASSWORD"
    -n "sealer distribute, no change, $n hosts" --prepare true
    "$sealer alpha distribute bench/rootfs:v1 --hosts $hosts -p $PASSWORD"
    -n "scp -r, $n hosts in parallel" --prepare "bash $work/wipe.sh $n" "bash $work/scp.sh $n"
    -n "tar | ssh, $n hosts in parallel" --prepare "bash $work/wipe.sh $n" "bash $work/tarssh.sh $n"
  )
  hyperfine -N --runs "$runs" --export-json "$out" "${cmds[@]}" >&2
  results+=("$out")

  # Resume: kill a cold run half way (by time), run again, read the bytes each host received.
  wipe "$n"
  cold=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$out")
  "$sealer" alpha distribute bench/rootfs:v1 --hosts "$hosts" -p "$PASSWORD" >/dev/null 2>&1 &
  pid=$!
  sleep "$(python3 -c "print($cold / 2)")"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "resume after a kill at half time, $n hosts (bytes each host received again):" >&2
  "$sealer" alpha distribute bench/rootfs:v1 --hosts "$hosts" -p "$PASSWORD" 2>&1 | grep -E 'received .* bytes' >&2 || true

  if [[ " $sftp_counts " == *" $n "* ]]; then
    wipe "$n"
    start=$(date +%s.%N)
    bash "$work/sftp.sh" "$n"
    echo "per-file SFTP + md5 (Sealer's way), $n hosts: $(python3 -c "print(round($(date +%s.%N) - $start, 2))") s" >&2
  fi
done
python3 - "${results[@]}" <<'PY'
import json, sys
for path in sys.argv[1:]:
    r = json.load(open(path))["results"]
    for x in r:
        print(f"{x['command']:45s} median {x['median']:8.2f} s")
    print(f"  sealer / scp -r: {r[0]['median'] / r[2]['median']:.2f}x   no-change run: {r[1]['median']:.2f} s")
PY
