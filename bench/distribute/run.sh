#!/usr/bin/env bash
# Rootfs distribution to 1 and 3 real sshd hosts: the packaged `sealer run` of a runtime-none image
# built from the tree, against `scp -r` and `tar -c | ssh tar -x` to the same hosts in parallel, in
# the same run on the same tree: a first copy onto empty hosts, and a second copy when nothing
# changed (scp and tar copy everything again; sealer checks and sends nothing). Medians of RUNS
# runs (hyperfine); the bytes sealer sent per host come from its summary lines.
#
# Needs: root (for the local hosts), hyperfine, python3, sshpass, and `mvn -B package -DskipTests`.
#   bench/distribute/run.sh
# Optional: SIZE_MIB (default 200), RUNS (default 5), COUNTS (default "1 3"), WORK (keeps the tree
# between runs), ENV_NAME and SUBNET (the local environment made and removed here; default
# benchdist and the provider's first free /24), or HOSTS=ip,ip,... PASSWORD=... to use hosts you
# already have (root logins).
set -euo pipefail
cd "$(dirname "$0")/../.."
sealer=$PWD/sealer-cli/target/sealer/bin/sealer
[[ -x $sealer ]] || { echo "run 'mvn -B package -DskipTests' first" >&2; exit 1; }
for tool in hyperfine python3 sshpass scp ssh tar; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }
done
work=${WORK:-$(mktemp -d)}
runs=${RUNS:-5}
size=${SIZE_MIB:-200}
counts=${COUNTS:-1 3}
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
# Empty hosts: no copy of any kind, no sealer cluster state here.
cat >"$work/wipe.sh" <<SH
source $work/common.sh
rm -rf "\$HOME/.sealer"
on_hosts "\$1" rssh {} "rm -rf /var/lib/sealer/data \$remote && mkdir -p \$remote && sync"
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
cat >"$work/tarssh.sh" <<SH
source $work/common.sh
one() { tar -C $ctx -cf - tree | rssh "\$1" "tar -xf - -C \$remote"; }
on_hosts "\$1" one {}
SH
chmod +x "$work"/*.sh
# open the multiplexed baseline connections once, outside the timings
bash -c "source $work/common.sh; on_hosts ${#all_hosts[@]} rssh {} true"

results=()
for n in $counts; do
  (( n <= ${#all_hosts[@]} )) || { echo "only ${#all_hosts[@]} hosts, skipping $n" >&2; continue; }
  out=$work/dist-$n.json
  hyperfine -N --runs "$runs" --export-json "$out" \
    -n "sealer run, first copy, $n hosts" --prepare "bash $work/wipe.sh $n" "bash $work/sealer.sh $n" \
    -n "sealer run, nothing changed, $n hosts" --prepare true "bash $work/sealer.sh $n" \
    -n "scp -r, first copy, $n hosts" --prepare "bash $work/wipe.sh $n" "bash $work/scp.sh $n" \
    -n "scp -r, nothing changed, $n hosts" --prepare true "bash $work/scp.sh $n" \
    -n "tar | ssh, first copy, $n hosts" --prepare "bash $work/wipe.sh $n" "bash $work/tarssh.sh $n" \
    -n "tar | ssh, nothing changed, $n hosts" --prepare true "bash $work/tarssh.sh $n" >&2
  results+=("$out")
  # bytes on the wire per host: a first copy and a no-change run, from sealer's summary lines
  bash "$work/wipe.sh" "$n"
  echo "sealer, first copy, $n hosts:" >&2
  bash "$work/sealer.sh" "$n" 2>&1 | grep -E 'received [0-9]+ files' >&2 || true
  echo "sealer, nothing changed, $n hosts:" >&2
  bash "$work/sealer.sh" "$n" 2>&1 | grep -E 'received [0-9]+ files' >&2 || true
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 - "${results[@]}" <<'PY'
import json, sys
for path in sys.argv[1:]:
    r = {x["command"].rsplit(",", 1)[0]: x for x in json.load(open(path))["results"]}
    for name, x in r.items():
        print(f"{name:35s} median {x['median']:7.2f} s  (min {x['min']:.2f}, max {x['max']:.2f})")
    s1, s2 = r["sealer run, first copy"]["median"], r["sealer run, nothing changed"]["median"]
    print(f"  first copy:      sealer / scp -r {s1 / r['scp -r, first copy']['median']:.2f}x,"
          f" sealer / tar|ssh {s1 / r['tar | ssh, first copy']['median']:.2f}x")
    print(f"  nothing changed: sealer / scp -r {s2 / r['scp -r, nothing changed']['median']:.2f}x,"
          f" sealer / tar|ssh {s2 / r['tar | ssh, nothing changed']['median']:.2f}x")
PY
