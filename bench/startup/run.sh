#!/usr/bin/env bash
# Start-up time of the packaged `sealer version`, with and without the AppCDS archive made at
# package time. Needs hyperfine (Debian package) and `mvn package` done first.
set -euo pipefail
cd "$(dirname "$0")/../.."
sealer=sealer-cli/target/sealer/bin/sealer
[[ -x $sealer ]] || { echo "run 'mvn -B package -DskipTests' first" >&2; exit 1; }
runs=${RUNS:-20}
export SEALER_ROOT=$(mktemp -d)
hyperfine -N --warmup 3 --runs "$runs" --export-json "${OUT:-/tmp/sealer-startup.json}" \
  -n "with AppCDS (default)" "$sealer version" \
  -n "without AppCDS" "env SEALER_JAVA_OPTS=-Xshare:off $sealer version" \
  -n "java -version (JVM floor)" "java -Xshare:auto -version"
python3 - "${OUT:-/tmp/sealer-startup.json}" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
for x in r:
    print(f"{x['command']:32s} median {x['median']*1000:6.0f} ms")
print(f"AppCDS speed-up: {r[1]['median']/r[0]['median']:.2f}x")
PY
