#!/usr/bin/env bash
# Times `sealer alpha infra up --hosts N` (new environment), `up` again (all healthy) and `down`
# for the local provider, several rounds. Needs root and a packaged sealer
# (mvn -pl sealer-cli -am package -DskipTests). Uses the environment name and subnet given
# (defaults: sitbench, 10.250.0.0/24) and removes it at the end.
# Prints the provider's own timing (without JVM start) and the whole command's wall time.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
sealer=${SEALER:-$here/sealer-cli/target/sealer/bin/sealer}
hosts=${HOSTS:-3}
rounds=${ROUNDS:-5}
name=${NAME:-sitbench}
subnet=${SUBNET:-10.250.0.0/24}
export SEALER_ROOT=${SEALER_ROOT:-$(mktemp -d /tmp/sealer-bench-infra.XXXXXX)}
trap '"$sealer" -q alpha infra down --name "$name" || true' EXIT
now() { date +%s.%N; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%d", (b-a)*1000}'; }
"$sealer" -q alpha infra down --name "$name" >/dev/null 2>&1 || true
for ((r = 1; r <= rounds; r++)); do
  t0=$(now)
  log=$("$sealer" alpha infra up --hosts "$hosts" --name "$name" --subnet "$subnet" 2>&1 >/dev/null)
  t1=$(now)
  inside=$(sed -n 's/.*local host(s) on .* in \([0-9]*\) ms/\1/p' <<<"$log")
  again=$("$sealer" alpha infra up --hosts "$hosts" --name "$name" --subnet "$subnet" 2>&1 >/dev/null \
    | sed -n 's/.*local host(s) on .* in \([0-9]*\) ms/\1/p')
  t2=$(now)
  downlog=$("$sealer" alpha infra down --name "$name" 2>&1)
  t3=$(now)
  downin=$(sed -n 's/.*removed in \([0-9]*\) ms/\1/p' <<<"$downlog")
  echo "round $r: up ${inside} ms (command $(ms "$t0" "$t1") ms), up again ${again} ms, down ${downin} ms (command $(ms "$t2" "$t3") ms)"
done
