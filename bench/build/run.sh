#!/usr/bin/env bash
# sealer build of a Kubefile that COPYs a 1 GiB tree of mixed files, against `tar -czf` of the same
# tree (the single-pass floor) in the same run, and the no-change rebuild (cache hit). Needs
# hyperfine and python3, `mvn package` done first, and ~4 GiB free under $WORK (default a mktemp
# dir). SIZE_MIB changes the tree size (default 1024), RUNS the runs per command (default 3).
set -euo pipefail
cd "$(dirname "$0")/../.."
sealer=$PWD/sealer-cli/target/sealer/bin/sealer
[[ -x $sealer ]] || { echo "run 'mvn -B package -DskipTests' first" >&2; exit 1; }
work=${WORK:-$(mktemp -d)}
runs=${RUNS:-3}
size=${SIZE_MIB:-1024}
ctx=$work/ctx
if [[ ! -d $ctx/tree ]]; then
  python3 - "$ctx/tree" "$size" <<'PY'
import base64, os, random, sys
root, total = sys.argv[1], int(sys.argv[2]) << 20
rnd = random.Random(42)
made, i = 0, 0
# mixed: 3/8 large incompressible files, 1/4 small incompressible, 3/8 compressible text
plan = [(8 << 20, 3 * total // 8, "bin"), (256 << 10, total // 4, "small"), (192 << 10, 3 * total // 8, "text")]
for size, budget, kind in plan:
    n = 0
    while n < budget:
        d = os.path.join(root, kind, f"d{i % 32:02d}")
        os.makedirs(d, exist_ok=True)
        data = rnd.randbytes(size)
        if kind == "text":
            data = base64.encodebytes(data[: size * 3 // 4])
        with open(os.path.join(d, f"f{i:05d}"), "wb") as f:
            f.write(data)
        n += len(data); i += 1
print(f"made {i} files", file=sys.stderr)
PY
  printf 'FROM scratch\nCOPY tree /data\nCMDS ["true"]\n' > "$ctx/Kubefile"
fi
echo "tree: $(du -sh "$ctx/tree" | cut -f1), $(find "$ctx/tree" -type f | wc -l) files" >&2
export SEALER_ROOT=$work/root
"$sealer" build -q -t bench:v1 --build-mode lite "$ctx" >/dev/null   # fills the cache
hyperfine -N --runs "$runs" --export-json "${OUT:-/tmp/sealer-build-bench.json}" \
  -n "tar -czf (floor)" "tar -czf $work/tree.tar.gz -C $ctx tree" \
  -n "sealer build --no-cache" "$sealer build -q -t bench:v1 --build-mode lite --no-cache $ctx" \
  -n "sealer build, no change (cache)" "$sealer build -q -t bench:v1 --build-mode lite $ctx"
python3 - "${OUT:-/tmp/sealer-build-bench.json}" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
for x in r:
    print(f"{x['command']:34s} median {x['median']:7.2f} s")
print(f"build / tar -czf: {r[1]['median'] / r[0]['median']:.2f}x")
PY
