#!/usr/bin/env bash
# `npm run bench`: never part of `npm test`. Sets up what is missing, then runs bench/run.ts.
# Extra arguments go to it, e.g. `npm run bench -- --sizes 10,50 --reps 3`.
set -euo pipefail
# One bench at a time on a machine, setup included (it rebuilds dist/, which a running bench uses):
# the bench and the profile share the namespace names (lnxb-*) and the sandbox host.
if [ -z "${LINUXNET_BENCH_LOCKED:-}" ]; then
  LINUXNET_BENCH_LOCKED=1 exec flock -o /run/lock/pulumi-linuxnet-bench.lock bash "$0" "$@"
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/setup.sh"
. "$here/env.sh"
. "$here/lib/debian.sh"
# The bench compares with Debian's CNI bridge plugin (/usr/lib/cni/bridge, host-local IPAM).
ensure_debian_packages containernetworking-plugins
# `--profile` first (npm run bench:profile): bench/profile.ts instead, where the seconds go.
if [ "${1:-}" = "--profile" ]; then
  shift
  exec node "$LINUXNET_ROOT/dist/bench/profile.js" "$@"
fi
exec node "$LINUXNET_ROOT/dist/bench/run.js" "$@"
