#!/usr/bin/env bash
# Pulumi's floor: `pulumi up`/`destroy` of N dynamic resources whose provider does nothing, timed as
# a user types them, 3 times each. What pulumi-linuxnet's labs cost above these figures is ours
# (the provider and the kernel); these are the engine's, the program's and the dynamic-provider
# runtime's. Usage: bash bench/engine-alone/run.sh [N ...]   (default: 200 807, the NamespaceHost
# lab's and the four-resource lab's engine resources at 200 hosts)
set -euo pipefail
if [ -z "${LINUXNET_BENCH_LOCKED:-}" ]; then
  LINUXNET_BENCH_LOCKED=1 exec flock -o /run/lock/pulumi-linuxnet-bench.lock bash "$0" "$@"
fi
# Not `here`: env.sh sets its own, and pulumi run from scripts/ would find the demo's Pulumi.yaml.
program="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$program/../../scripts/setup.sh" >/dev/null
. "$program/../../scripts/env.sh"
state="$LINUXNET_ROOT/tests/.work/engine-alone"
rm -rf "$state" && mkdir -p "$state"
export PULUMI_BACKEND_URL="file://$state?metadata=skip" PULUMI_CONFIG_PASSPHRASE=engine-alone
cd "$program"
mkdir -p node_modules/linuxnet-engine-alone-provider
cp provider.js node_modules/linuxnet-engine-alone-provider/index.js
pulumi stack select --create floor --non-interactive >/dev/null 2>&1
# The program must be this one: never the demo's, whose resources are real namespaces.
[ "$(pulumi stack --show-name 2>/dev/null)" = floor ] && grep -q '^name: linuxnet-engine-alone$' Pulumi.yaml
ms() { local s; s=$(date +%s%N); "$@" >/dev/null || { echo "failed: $*" >&2; exit 1; }; echo $(( ($(date +%s%N) - s) / 1000000 )); }
for n in "${@:-200 807}"; do
  for n1 in $n; do
    for rep in 1 2 3; do
      skip=$(ms pulumi up --yes --skip-preview --non-interactive --config "linuxnet-engine-alone:n=$n1")
      noop=$(ms pulumi up --yes --non-interactive --config "linuxnet-engine-alone:n=$n1")
      down=$(ms pulumi destroy --yes --skip-preview --non-interactive)
      up=$(ms pulumi up --yes --non-interactive --config "linuxnet-engine-alone:n=$n1")
      pulumi destroy --yes --skip-preview --non-interactive >/dev/null
      echo "N=$n1 rep $rep: up --skip-preview ${skip} ms, up --yes ${up} ms, no-op up ${noop} ms, destroy ${down} ms"
    done
  done
done
rm -f "$program/Pulumi.floor.yaml"
rm -rf "$program/node_modules"
rm -rf "$state"
