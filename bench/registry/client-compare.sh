#!/usr/bin/env bash
# Sealer's own HTTP client against Apache HttpClient 5 classic, each in a fresh JVM with its own
# AppCDS archive, downloading the blobs of one image from a registry (six at once, SHA-256 each,
# nothing written): the cost that choosing one or the other adds to a pull. RUNS pairs (default 6).
#   bench/registry/client-compare.sh http://127.0.0.1:5000 bench/small:v1
# Needs `mvn -B package -DskipTests` first (for sealer-image's jar) and Maven to fetch HttpClient 5.
set -euo pipefail
cd "$(dirname "$0")/../.."
base=$1 image=$2
repo=${image%:*} tag=${image##*:}
runs=${RUNS:-6}
hc=5.6.5 core=5.4.4 slf4j=1.7.36
m2=${M2_REPO:-$HOME/.m2/repository}
for a in org.apache.httpcomponents.client5:httpclient5:$hc org.apache.httpcomponents.core5:httpcore5:$core \
  org.apache.httpcomponents.core5:httpcore5-h2:$core org.slf4j:slf4j-api:$slf4j org.slf4j:slf4j-nop:$slf4j; do
  mvn -q dependency:get -Dartifact=$a >/dev/null
done
lib=sealer-cli/target/sealer/lib
work=$(mktemp -d /tmp/sealer-client-compare.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp="$lib/sealer-image-0.1.0-SNAPSHOT.jar:$(ls $lib/jspecify-*.jar)"
cp+=":$m2/org/apache/httpcomponents/client5/httpclient5/$hc/httpclient5-$hc.jar"
cp+=":$m2/org/apache/httpcomponents/core5/httpcore5/$core/httpcore5-$core.jar"
cp+=":$m2/org/apache/httpcomponents/core5/httpcore5-h2/$core/httpcore5-h2-$core.jar"
cp+=":$m2/org/slf4j/slf4j-api/$slf4j/slf4j-api-$slf4j.jar:$m2/org/slf4j/slf4j-nop/$slf4j/slf4j-nop-$slf4j.jar"
javac -d "$work/classes" -cp "$cp" bench/registry/client-compare/io/sealer/image/registry/ClientBench.java
jar cf "$work/bench.jar" -C "$work/classes" .
cp+=":$work/bench.jar"
accept=application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.v2+json
blobs=$(curl -fsS -H "Accept: $accept" "$base/v2/$repo/manifests/$tag" |
  python3 -c 'import json,sys; print(" ".join("/v2/'"$repo"'/blobs/"+l["digest"] for l in json.load(sys.stdin)["layers"]))')
for mode in own hc5; do # one archive each, trained on its own run
  java -XX:ArchiveClassesAtExit="$work/$mode.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$cp" \
    io.sealer.image.registry.ClientBench $mode "$base" $blobs 2>/dev/null
done
for _ in $(seq "$runs"); do
  for mode in own hc5; do
    /usr/bin/time -f "$mode %e %U %S" java -XX:SharedArchiveFile="$work/$mode.jsa" -Xlog:cds=off \
      -Xlog:cds+dynamic=off -cp "$cp" io.sealer.image.registry.ClientBench $mode "$base" $blobs 2>&1 |
      tail -1 | tee -a "$work/times"
  done
done
python3 - "$work/times" <<'PY'
import collections, statistics, sys
d = collections.defaultdict(list)
for line in open(sys.argv[1]):
    mode, wall, user, system = line.split()
    d[mode].append((float(wall), float(user) + float(system)))
for mode, v in sorted(d.items()):
    print(f"{mode}: wall median {statistics.median(x[0] for x in v):.2f} s, "
          f"CPU (user+sys) median {statistics.median(x[1] for x in v):.2f} s over {len(v)} runs")
PY
