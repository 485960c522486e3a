#!/usr/bin/env bash
# Rootfs distribution to 1, 3 and 5 real sshd hosts, in the same run on the same tree:
#   - `sealer run` of a runtime-none image built from the tree (the packaged CLI: everything a user
#     pays), a first copy onto empty hosts and a run with nothing changed;
#   - the SDK's Distributor alone (DistributeBench.java: connect to every host in parallel,
#     distribute, close; timed inside one JVM, so without JVM start or image), the same two ways;
#   - `scp -r` of the tree to the hosts in parallel (first copy);
#   - Sealer's way (sftp-md5.sh): every file copied over SFTP, one file at a time, then an md5sum
#     of it on the host over a new SSH session and a comparison with the local md5.
# Medians of RUNS runs (hyperfine), first copies interleaved per host count; bytes sealer sent to
# each host from its summary lines (the library figures print them too).
#
# Needs: root (for the local hosts), hyperfine, python3, sshpass, and `mvn -B package -DskipTests`.
#   bench/distribute/run.sh
# Optional: SIZE_MIB (default 1024), RUNS (default 3), SFTP_RUNS (default RUNS; Sealer's way takes
# minutes per run), LIB_FIRST=0 (no library-level first copies), SFTP_COUNTS (host counts for it, default COUNTS), COUNTS (default "1 3 5"),
# WORK (keeps the tree between runs), ENV_NAME and SUBNET (the local environment made and removed
# here; default benchdist and the provider's first free /24), or HOSTS=ip,ip,... PASSWORD=... to
# use hosts you already have (root logins).
set -euo pipefail
cd "$(dirname "$0")/../.."
sealer=$PWD/sealer-cli/target/sealer/bin/sealer
[[ -x $sealer ]] || { echo "run 'mvn -B package -DskipTests' first" >&2; exit 1; }
for tool in hyperfine python3 sshpass scp sftp ssh md5sum java; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }
done
work=${WORK:-$(mktemp -d)}
runs=${RUNS:-3}
size=${SIZE_MIB:-1024}
counts=${COUNTS:-1 3 5}
sftp_runs=${SFTP_RUNS:-$runs}
sftp_counts=${SFTP_COUNTS:-$counts}
env_name=${ENV_NAME:-benchdist}
export SEALER_ROOT=$work/root
export HOME=$work/home   # sealer's state (~/.sealer) and the hosts' recorded keys: this run's own
mkdir -p "$HOME"

made_env=""
if [[ -z ${HOSTS:-} ]]; then
  max=0
  for n in $counts; do (( n > max )) && max=$n; done
  "$sealer" alpha infra down --name "$env_name" >/dev/null
  made_env=$env_name
  trap '"$sealer" alpha infra down --name "$made_env" >/dev/null' EXIT
  HOSTS=$("$sealer" alpha infra up --name "$env_name" --hosts "$max" ${SUBNET:+--subnet "$SUBNET"} --json |
    python3 -c 'import json,sys; print(",".join(h["address"] for h in json.load(sys.stdin)["hosts"]))')
  PASSWORD=$(cat "$SEALER_ROOT/infra/$env_name/root-password")
fi
: "${PASSWORD:?set PASSWORD to the hosts root password}"
export SSHPASS=$PASSWORD SEALER_SSH_PASSWORD=$PASSWORD   # never on a command line
IFS=, read -ra all_hosts <<<"$HOSTS"
remote=/var/lib/bench-copy
ctl=$work/ssh-ctl
mkdir -p "$ctl"
ssh_opts=(-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR
  -o ControlMaster=auto -o "ControlPath=$ctl/%h" -o ControlPersist=600)

# The tree: 3/8 large random files (8 MiB), 1/4 random files of 256 KiB and 3/8 base64 text files
# of 16 KiB (many of them) -- the shape of a rootfs: a few big binaries and image tars, many small
# manifests and scripts.
ctx=$work/ctx
if [[ ! -f $ctx/Kubefile ]]; then
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
PY
  printf 'FROM scratch\nCOPY tree .\nLABEL cluster.alpha.sealer.io/cluster-runtime-type="none"\n' \
    >"$ctx/Kubefile"
fi
echo "tree: $(du -sh "$ctx/tree" | cut -f1), $(find "$ctx/tree" -type f | wc -l) files" >&2
"$sealer" build -q -t bench/rootfs:v1 "$ctx" >/dev/null

# Small scripts, so that hyperfine runs plain commands: each takes the number of hosts.
cat >"$work/common.sh" <<SH
all_hosts=(${all_hosts[*]})
ssh_opts=(${ssh_opts[*]@Q})
remote=$remote
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
# Empty hosts: no copy of any kind, no sealer cluster state here. The old copies are moved aside
# (renamed, same file system), not deleted: every "host" here shares this machine's one ext4 file
# system, and for a few minutes after 25,000 files x 5 hosts are deleted ext4 will not reuse their
# inodes (it skips inodes deleted in the last 60-300 s), so each new file's inode allocation
# scans past all of them. That made file creation dominate any copy run right after a delete
# (perf: 26% of all CPU in ext4's find_inode_bit/recently_deleted; this machine's ext4 has no
# journal, the case where ext4 makes that check), for scp and sealer alike; a real host's first
# copy does not follow 125,000 deletes on the same disk. The trash is deleted after each round,
# outside the timings, followed by a sync and 61 s for those inodes to age.
cat >"$work/wipe.sh" <<SH
source $work/common.sh
rm -rf "\$HOME/.sealer"
on_hosts "\$1" rssh {} "mkdir -p /var/lib/sealer/.bench-trash /var/lib/.bench-trash &&
  { [[ ! -e /var/lib/sealer/data ]] || mv /var/lib/sealer/data /var/lib/sealer/.bench-trash/\\\$(date +%s%N); } &&
  { [[ ! -e \$remote ]] || mv \$remote /var/lib/.bench-trash/\\\$(date +%s%N); } && mkdir -p \$remote && sync"
SH
cat >"$work/empty-trash.sh" <<SH
source $work/common.sh
on_hosts "\$1" rssh {} "rm -rf /var/lib/sealer/.bench-trash /var/lib/.bench-trash"
sync
sleep "\${2:-61}"
SH
cat >"$work/sealer.sh" <<SH
source $work/common.sh
hosts=\$(IFS=,; echo "\${all_hosts[*]:0:\$1}")
exec $sealer run bench/rootfs:v1 -m "\$hosts"
SH
cat >"$work/scp.sh" <<SH
source $work/common.sh
on_hosts "\$1" sshpass -e scp "\${ssh_opts[@]}" -q -r $ctx/tree "root@{}:\$remote/"
SH
# Sealer's way: one SFTP session per host copies the files one at a time (directories made first),
# then every file gets its own SSH session running md5sum on the host, compared with the file's
# local md5 (computed once here, before the timings; Sealer computes it per file and host).
(cd "$ctx/tree" && find . -type f | sort | xargs md5sum) >"$work/tree.md5"
{
  echo "-mkdir $remote/tree"
  (cd "$ctx/tree" && find . -mindepth 1 -type d | sort) | sed "s|^\./\(.*\)|-mkdir $remote/tree/\1|"
  sed "s|^[0-9a-f]*  \./\(.*\)|put $ctx/tree/\1 $remote/tree/\1|" "$work/tree.md5"
} >"$work/sftp.batch"
cat >"$work/sftp-md5.sh" <<SH
source $work/common.sh
one() {
  local h=\$1 sum path got checked=0
  sshpass -e sftp "\${ssh_opts[@]}" -q -b $work/sftp.batch "root@\$h" >/dev/null || return 1
  while read -r sum path; do
    got=\$(rssh "\$h" "md5sum $remote/tree/\${path#./} | cut -d' ' -f1" </dev/null) || return 1
    [[ \$got == "\$sum" ]] || { echo "\$h: md5 mismatch for \$path" >&2; return 1; }
    checked=\$((checked + 1))
  done <$work/tree.md5
  [[ \$checked == \$(wc -l <$work/tree.md5) ]] || { echo "\$h: checked only \$checked files" >&2; return 1; }
}
on_hosts "\$1" one {}
SH
# The SDK's Distributor alone, compiled once (not timed).
mkdir -p "$work/classes"
javac -d "$work/classes" -cp "$(dirname "$sealer")/../lib/*" bench/distribute/DistributeBench.java
cat >"$work/lib.sh" <<SH
source $work/common.sh
hosts=\$(IFS=,; echo "\${all_hosts[*]:0:\$2}")
exec java -Duser.home=\$HOME -cp "$(dirname "$sealer")/../lib/*:$work/classes" DistributeBench \
  \$1 \${3:-1} $ctx/tree /var/lib/sealer/data/benchlib/rootfs $work/lib-digests \$hosts
SH
cat >"$work/wipe-lib.sh" <<SH
source $work/common.sh
on_hosts "\$1" rssh {} "mkdir -p /var/lib/sealer/.bench-trash &&
  { [[ ! -e /var/lib/sealer/data/benchlib ]] || mv /var/lib/sealer/data/benchlib /var/lib/sealer/.bench-trash/\\\$(date +%s%N); } && sync"
SH
chmod +x "$work"/*.sh
# open the multiplexed baseline connections once, outside the timings
bash -c "source $work/common.sh; on_hosts ${#all_hosts[@]} rssh {} true"

results=()
for n in $counts; do
  (( n <= ${#all_hosts[@]} )) || { echo "only ${#all_hosts[@]} hosts, skipping $n" >&2; continue; }
  # first copies, interleaved: one hyperfine per round, each command once per round
  for ((round = 1; round <= runs; round++)); do
    lib=()
    if [[ ${LIB_FIRST:-1} == 1 ]]; then
      lib=(-n "Distributor (SDK), first copy, $n hosts" --prepare "bash $work/wipe-lib.sh $n" "bash $work/lib.sh first $n")
    fi
    hyperfine -N --runs 1 --export-json "$work/dist-$n-first-$round.json" \
      -n "sealer run, first copy, $n hosts" --prepare "bash $work/wipe.sh $n" "bash $work/sealer.sh $n" \
      "${lib[@]}" \
      -n "scp -r, first copy, $n hosts" --prepare "bash $work/wipe.sh $n" "bash $work/scp.sh $n" >&2
    if ((round <= sftp_runs)) && [[ " $sftp_counts " == *" $n "* ]]; then
      hyperfine -N --runs 1 --export-json "$work/dist-$n-sftp-$round.json" \
        -n "per-file SFTP + md5, first copy, $n hosts" --prepare "bash $work/wipe.sh $n" "bash $work/sftp-md5.sh $n" >&2
    fi
    bash "$work/empty-trash.sh" "$n"
  done
  # nothing changed: the trees are in place from the last round; sealer's own copy too
  bash "$work/sealer.sh" "$n" >/dev/null 2>&1
  bash "$work/lib.sh" first "$n" >/dev/null
  hyperfine -N --runs "$runs" --export-json "$work/dist-$n-again.json" \
    -n "sealer run, nothing changed, $n hosts" "bash $work/sealer.sh $n" \
    -n "Distributor (SDK) in a new JVM, nothing changed, $n hosts" "bash $work/lib.sh again $n" >&2
  echo "Distributor (SDK), nothing changed, $n hosts, inside one JVM (first run cold):" >&2
  bash "$work/lib.sh" again "$n" $((runs + 2)) | tee "$work/lib-again-$n.txt" >&2
  results+=("$n")
  # bytes on the wire per host: a first copy and a no-change run, from sealer's summary lines
  bash "$work/wipe.sh" "$n"
  echo "sealer, first copy, $n hosts:" >&2
  bash "$work/sealer.sh" "$n" 2>&1 | grep -E 'received [0-9]+ files' >&2 || true
  echo "sealer, nothing changed, $n hosts:" >&2
  bash "$work/sealer.sh" "$n" 2>&1 | grep -E 'received [0-9]+ files' >&2 || true
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
bash "$work/empty-trash.sh" "${#all_hosts[@]}" 0
python3 - "$work" "${results[@]}" <<'PY'
import glob, json, re, statistics, sys
work = sys.argv[1]
for n in sys.argv[2:]:
    times = {}
    for path in sorted(glob.glob(f"{work}/dist-{n}-*.json")):
        for x in json.load(open(path))["results"]:
            times.setdefault(x["command"].rsplit(",", 1)[0], []).extend(x["times"])
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"-- {n} host(s)")
    for name, v in times.items():
        print(f"{name:62s} median {med[name]:8.2f} s  (min {min(v):.2f}, max {max(v):.2f}, {len(v)} runs)")
    lib = [float(m) for m in re.findall(r"^run ([0-9.]+) s", open(f"{work}/lib-again-{n}.txt").read(), re.M)]
    if len(lib) > 1:
        print(f"{'Distributor (SDK), nothing changed, in one JVM, first (cold)':62s} {lib[0]:8.3f} s")
        print(f"{'Distributor (SDK), nothing changed, in one JVM, warm median':62s} {statistics.median(lib[1:]):8.3f} s")
    scp = med["scp -r, first copy"]
    for name in ("sealer run, first copy", "Distributor (SDK), first copy"):
        if name in med:
            print(f"  {name} / scp -r: {med[name] / scp:.2f}x")
    sftp = med.get("per-file SFTP + md5, first copy")
    if sftp:
        for name in ("sealer run, first copy", "Distributor (SDK), first copy"):
            if name in med:
                print(f"  {name}: {sftp / med[name]:.1f}x faster than per-file SFTP + md5")
PY
