#!/usr/bin/env bash
# Start-up time of `sealer version`, side by side in one run:
#   in-tree            sealer-cli/target/sealer as `mvn package` left it, with its AppCDS archive
#   moved, before fix  a copy of that directory elsewhere, started as the launcher did before the
#                      release artifact (java -XX:SharedArchiveFile=<archive made for target/sealer>
#                      -jar <copy>/lib/sealer-cli.jar): the JVM refuses the archive ("shared class
#                      paths mismatch") and loads every class from the jars
#   unpacked, after    the release artifact unpacked elsewhere and started through its bin/sealer,
#                      which made its own archive on the first run (in hyperfine's warm-up)
#   installed, after   the release artifact installed with install.sh --prefix <dir>
#   no AppCDS          the in-tree copy with SEALER_CDS=off
#   java -version      the JVM's own floor
# then the one-off costs: a first run that makes the archive, and install.sh.
# Needs hyperfine (Debian package) and `mvn package` done first. RT=1 (as root) runs hyperfine at
# real-time priority (chrt -f 10), which shields the figures from other load on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
intree=sealer-cli/target/sealer
[[ -x $intree/bin/sealer ]] || { echo "run 'mvn -B package -DskipTests' first" >&2; exit 1; }
release=$(ls -t sealer-cli/target/sealer-*-linux.tar.gz | head -n 1)
archive=$(ls "$intree"/lib/sealer-*.jsa | head -n 1)
runs=${RUNS:-20}
out=${OUT:-/tmp/sealer-startup.json}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SEALER_ROOT=$work/root
cp -a "$intree" "$work/moved"
mkdir "$work/unpacked"
tar -xzf "$release" -C "$work/unpacked"
unpacked=$(echo "$work"/unpacked/sealer-*)
"$unpacked/install.sh" --prefix "$work/prefix" >/dev/null
java_bin=$(command -v java)
prio=()
[[ ${RT:-0} == 1 ]] && prio=(chrt -f 10)
[[ -n ${JAVA_HOME:-} ]] && java_bin=$JAVA_HOME/bin/java

"${prio[@]}" hyperfine -N --warmup 3 --runs "$runs" --export-json "$out" \
  -n "in-tree (target/sealer)" "$intree/bin/sealer version" \
  -n "moved copy, before the fix" \
  "$java_bin -XX:SharedArchiveFile=$archive -Xlog:cds=off -Xlog:cds+dynamic=off -jar $work/moved/lib/sealer-cli.jar version" \
  -n "release unpacked elsewhere, after" "$unpacked/bin/sealer version" \
  -n "release installed (install.sh), after" "$work/prefix/bin/sealer version" \
  -n "no AppCDS (SEALER_CDS=off)" "env SEALER_CDS=off $intree/bin/sealer version" \
  -n "java -version (JVM floor)" "$java_bin -Xshare:auto -version"
"${prio[@]}" hyperfine -N --runs 3 --export-json "$out.once" \
  --prepare "sh -c 'rm -f $unpacked/lib/sealer-*.jsa'" \
  -n "first run of an unpacked copy (makes the archive)" "$unpacked/bin/sealer version" \
  -n "install.sh (copies, makes the archive)" "$unpacked/install.sh --prefix $work/prefix2"
python3 - "$out" "$out.once" <<'PY'
import json, sys
for f in sys.argv[1:]:
    for x in json.load(open(f))["results"]:
        print(f"{x['command']:52s} median {x['median']*1000:6.0f} ms  (user {x['user']*1000:4.0f} ms)")
PY
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
