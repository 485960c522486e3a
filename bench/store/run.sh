#!/usr/bin/env bash
# save/load of a 1 GiB, 8-layer image: `sealer save`/`sealer load` against
# `skopeo copy` oci: -> oci-archive: and oci-archive: -> oci: on the same data, in the same run.
# Needs hyperfine, skopeo, python3 (Debian packages) and `mvn -B package -DskipTests` done first.
# Env: RUNS (default 5), WORK (scratch dir, needs ~6 GiB), LAYERS (8), LAYER_MIB (128).
set -euo pipefail
cd "$(dirname "$0")/../.."
sealer=$PWD/sealer-cli/target/sealer/bin/sealer
[[ -x $sealer ]] || { echo "run 'mvn -B package -DskipTests' first" >&2; exit 1; }
runs=${RUNS:-5}
layers=${LAYERS:-8}
mib=${LAYER_MIB:-128}
work=${WORK:-$(mktemp -d /tmp/sealer-bench-store.XXXXXX)}
mkdir -p "$work"
cd "$work"

# 1. The image: an OCI layout with $layers uncompressed layers of $mib MiB of random data each,
#    written with tar/sha256sum only, so neither tool under test made it.
if [[ ! -f base.tar ]]; then
  rm -rf layout && mkdir -p layout/blobs/sha256 data
  layers_json="" diffs_json=""
  for i in $(seq 1 "$layers"); do
    rm -rf data/* && head -c $((mib * 1024 * 1024)) /dev/urandom > "data/layer$i.bin"
    tar --sort=name --mtime=@1 --owner=0 --group=0 --numeric-owner -C data -cf layer.tar .
    d=$(sha256sum layer.tar | cut -d' ' -f1); s=$(stat -c%s layer.tar)
    mv layer.tar "layout/blobs/sha256/$d"
    layers_json+="${layers_json:+,}{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:$d\",\"size\":$s}"
    diffs_json+="${diffs_json:+,}\"sha256:$d\""
  done
  printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[%s]}}' "$diffs_json" > config.json
  c=$(sha256sum config.json | cut -d' ' -f1); mv config.json "layout/blobs/sha256/$c"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' \
    "$c" "$(stat -c%s "layout/blobs/sha256/$c")" "$layers_json" > manifest.json
  m=$(sha256sum manifest.json | cut -d' ' -f1); ms=$(stat -c%s manifest.json); mv manifest.json "layout/blobs/sha256/$m"
  echo '{"imageLayoutVersion":"1.0.0"}' > layout/oci-layout
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"localhost/bench:v1"}}]}' "$m" "$ms" > layout/index.json
  skopeo copy -q oci:layout:localhost/bench:v1 oci-archive:base.tar:localhost/bench:v1
fi
du -sh base.tar

# 2. Stores to save from: ours (loaded once) and skopeo's OCI layout.
export SEALER_ROOT=$work/save-root
[[ -d $SEALER_ROOT/images ]] || "$sealer" -q load -i base.tar
[[ -d skopeo-src ]] || skopeo copy -q oci-archive:base.tar oci:skopeo-src:localhost/bench:v1

# 3. Timings. Each load starts from an empty store; each save overwrites its output.
hyperfine -N --runs "$runs" --export-json "$work/result.json" \
  -n "sealer load" --prepare "rm -rf $work/load-root" \
  "env SEALER_ROOT=$work/load-root $sealer -q load -i $work/base.tar" \
  -n "skopeo copy oci-archive: -> oci:" --prepare "rm -rf $work/skopeo-dst" \
  "skopeo copy -q oci-archive:$work/base.tar oci:$work/skopeo-dst:localhost/bench:v1" \
  -n "sealer save" --prepare "rm -f $work/sealer-out.tar" \
  "env SEALER_ROOT=$work/save-root $sealer -q save -o $work/sealer-out.tar localhost/bench:v1" \
  -n "skopeo copy oci: -> oci-archive:" --prepare "rm -f $work/skopeo-out.tar" \
  "skopeo copy -q oci:$work/skopeo-src:localhost/bench:v1 oci-archive:$work/skopeo-out.tar:localhost/bench:v1"

# 4. Same digests both ways.
want=$(skopeo inspect --raw oci-archive:base.tar | sha256sum)
[[ $(skopeo inspect --raw oci-archive:sealer-out.tar | sha256sum) == "$want" ]] || { echo "digest changed" >&2; exit 1; }

python3 - "$work/result.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
def med(n): return r[n]["median"]
rows = [("load", "sealer load", "skopeo copy oci-archive: -> oci:"),
        ("save", "sealer save", "skopeo copy oci: -> oci-archive:")]
print("| operation | sealer median | skopeo median | skopeo/sealer |")
print("|---|---|---|---|")
for op, a, b in rows:
    print(f"| {op} | {med(a):.2f} s | {med(b):.2f} s | {med(b)/med(a):.2f}x |")
PY
echo "scratch data left in $work (delete it when done)"
