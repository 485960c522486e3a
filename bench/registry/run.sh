#!/usr/bin/env bash
# Push and pull of images to and from a fresh local docker-registry: sealer against `skopeo copy`
# on the same data in the same run, RUNS runs (default 5), medians and ratios; plus sealer's
# second push of the same image (every blob already there). Two images by default (IMAGES):
#   small  6 layers of 64+48+32+12+6+1 MiB (163 MiB): start-up and JIT weigh most here
#   large  8 layers of 128 MiB (1 GiB): streaming, hashing and writing weigh most here
# LAYER_MIB="a b c ..." makes one image of those layer sizes instead.
# Needs docker-registry, skopeo, curl, python3 and `mvn -B package -DskipTests` done first.
# On a shared machine run it under `nice -n -20` (as root), not `chrt -f`: skopeo and the registry
# are Go programs, and at a real-time FIFO priority their runtimes spun on both cores for minutes
# (the whole machine starved) instead of finishing.
set -euo pipefail
cd "$(dirname "$0")/../.."
sealer=${SEALER:-$PWD/sealer-cli/target/sealer/bin/sealer}
[[ -x $sealer ]] || { echo "run 'mvn -B package -DskipTests' first" >&2; exit 1; }
for tool in docker-registry skopeo curl python3; do
  command -v $tool >/dev/null || { echo "$tool missing (apt-get install -y docker-registry skopeo curl python3)" >&2; exit 1; }
done
runs=${RUNS:-5}
work=$(mktemp -d /tmp/sealer-bench-registry.XXXXXX)
reg_pid=
cleanup() {
  [[ -n $reg_pid ]] && kill "$reg_pid" 2>/dev/null && wait "$reg_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
port=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
host=127.0.0.1:$port
export HOME=$work/home # sealer's ~/.sealer and skopeo's config stay out of the real home
mkdir -p "$HOME"

start_registry() {
  stop_registry
  rm -rf "$work/reg" && mkdir -p "$work/reg/data"
  cat > "$work/reg/config.yml" <<YML
version: 0.1
log: {level: error}
storage:
  filesystem: {rootdirectory: $work/reg/data}
  maintenance: {uploadpurging: {enabled: false}}
http:
  addr: $host
  secret: bench
YML
  docker-registry serve "$work/reg/config.yml" > "$work/reg/log" 2>&1 &
  reg_pid=$!
  for _ in $(seq 100); do
    curl -fs "http://$host/v2/" >/dev/null && return 0
    sleep 0.1
  done
  cat "$work/reg/log" >&2
  exit 1
}
stop_registry() {
  if [[ -n $reg_pid ]]; then kill "$reg_pid" 2>/dev/null || true; wait "$reg_pid" 2>/dev/null || true; reg_pid=; fi
}

# --- the test image: an OCI layout of random, incompressible tar.gz layers of the given MiB ---
bench_image() { # name, layer sizes in MiB
local name=$1; shift
local layers=$#
layout=$work/layout
rm -rf "$layout" "$work/root"
mkdir -p "$layout/blobs/sha256" "$work/gen"
echo "making image '$name': $layers layers of $* MiB" >&2
layer_json= diff_ids=
local i=0
for layer_mib in "$@"; do
  i=$((i + 1))
  head -c "$((layer_mib * 1024 * 1024))" /dev/urandom > "$work/gen/file-$i.bin"
  tar -C "$work/gen" --mtime=@0 --owner=0 --group=0 -cf "$work/gen/layer.tar" "file-$i.bin"
  rm "$work/gen/file-$i.bin"
  diff_id=$(sha256sum < "$work/gen/layer.tar" | cut -d' ' -f1)
  gzip -1 -n -c "$work/gen/layer.tar" > "$work/gen/layer.tgz"
  rm "$work/gen/layer.tar"
  digest=$(sha256sum < "$work/gen/layer.tgz" | cut -d' ' -f1)
  size=$(stat -c %s "$work/gen/layer.tgz")
  mv "$work/gen/layer.tgz" "$layout/blobs/sha256/$digest"
  layer_json+="${layer_json:+,}{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$digest\",\"size\":$size}"
  diff_ids+="${diff_ids:+,}\"sha256:$diff_id\""
done
blob() { # writes stdin as a blob, prints "digest size"
  local tmp=$work/gen/blob d s
  cat > "$tmp"; d=$(sha256sum < "$tmp" | cut -d' ' -f1); s=$(stat -c %s "$tmp")
  mv "$tmp" "$layout/blobs/sha256/$d"; echo "$d $s"
}
read -r cd cs < <(printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[%s]}}' "$diff_ids" | blob)
read -r md ms < <(printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' "$cd" "$cs" "$layer_json" | blob)
printf '{"imageLayoutVersion":"1.0.0"}' > "$layout/oci-layout"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"v1"}}]}' "$md" "$ms" > "$layout/index.json"
total=$(du -sb "$layout/blobs" | cut -f1)

# sealer's local store gets the same image through an oci-archive
tar -C "$layout" -cf "$work/image.tar" .
export SEALER_ROOT=$work/root
loaded=$("$sealer" -q load -i "$work/image.tar" | sed -n 's/^Loaded image: \([^ ]*\).*/\1/p' | head -1)
rm "$work/image.tar"
target=$host/bench/sealer:v1
"$sealer" -q tag "$loaded" "$target"

now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.3f}')"; }
results=$work/results.csv
echo "run,skopeo_push,sealer_push,sealer_second_push,skopeo_pull,sealer_pull${SEALER_B:+,sealer_b_pull}" > "$results"
for run in $(seq "$runs"); do
  start_registry
  t0=$(now); skopeo copy -q --dest-tls-verify=false "oci:$layout:v1" "docker://$host/bench/skopeo:v1"; t1=$(now)
  start_registry
  t2=$(now); "$sealer" -q push --skip-tls-verify "$target" >/dev/null; t3=$(now)
  "$sealer" -q push --skip-tls-verify "$target" >/dev/null; t4=$(now)
  rm -rf "$work/pull-skopeo" "$work/pull-root"
  t5=$(now); skopeo copy -q --src-tls-verify=false "docker://$target" "oci:$work/pull-skopeo:v1"; t6=$(now)
  t7=$(now); SEALER_ROOT=$work/pull-root "$sealer" -q pull --skip-tls-verify "$target" >/dev/null; t8=$(now)
  line="$run,$(elapsed $t0 $t1),$(elapsed $t2 $t3),$(elapsed $t3 $t4),$(elapsed $t5 $t6),$(elapsed $t7 $t8)"
  if [[ -n ${SEALER_B:-} ]]; then # another build of sealer, pulled in the same run for an A/B
    rm -rf "$work/pull-root"
    t9=$(now); SEALER_ROOT=$work/pull-root "$SEALER_B" -q pull --skip-tls-verify "$target" >/dev/null; t10=$(now)
    line+=",$(elapsed $t9 $t10)"
  fi
  echo "$line" >&2
  echo "$line" >> "$results"
  rm -rf "$work/pull-skopeo" "$work/pull-root"
done
stop_registry
python3 - "$results" "$total" "$layers" "$name" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
med = {k: statistics.median(float(r[k]) for r in rows) for k in rows[0] if k != "run"}
mib = int(sys.argv[2]) / 2**20
print(f"image {sys.argv[4]}: {sys.argv[3]} layers, {mib:.0f} MiB; {len(rows)} runs; medians in seconds")
print("| operation | skopeo copy | sealer | sealer / skopeo |")
print("|---|---|---|---|")
print(f"| push | {med['skopeo_push']:.2f} s | {med['sealer_push']:.2f} s | {med['sealer_push']/med['skopeo_push']:.2f}x |")
print(f"| pull | {med['skopeo_pull']:.2f} s | {med['sealer_pull']:.2f} s | {med['sealer_pull']/med['skopeo_pull']:.2f}x |")
print(f"| second push (all blobs there) | | {med['sealer_second_push']:.2f} s | |")
if "sealer_b_pull" in med:
    print(f"| pull, SEALER_B | {med['skopeo_pull']:.2f} s | {med['sealer_b_pull']:.2f} s | {med['sealer_b_pull']/med['skopeo_pull']:.2f}x |")
print("raw:", ", ".join(f"{k}=" + "/".join(r[k] for r in rows) for k in med))
PY
}

if [[ -n ${LAYER_MIB:-} ]]; then
  read -ra sizes <<< "$LAYER_MIB"
  bench_image custom "${sizes[@]}"
else
  for image in ${IMAGES:-small large}; do
    case $image in
      small) bench_image small 64 48 32 12 6 1 ;;
      large) bench_image large 128 128 128 128 128 128 128 128 ;;
      *) echo "unknown image $image (small, large)" >&2; exit 1 ;;
    esac
  done
fi
