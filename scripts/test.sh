#!/usr/bin/env bash
# `npm test`: set up whatever is missing (fast when nothing is), build, then run the unit, kernel,
# engine and reliability suites; the leak check runs at the end. Extra arguments go to Jest.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/setup.sh"
. "$here/env.sh"
cd "$LINUXNET_ROOT"
if [ "$(id -u)" != 0 ]; then
  echo "npm test: the kernel and engine suites create network namespaces and need root (or CAP_NET_ADMIN + CAP_SYS_ADMIN)" >&2
  exit 1
fi
# The vm-lab example's guest (QEMU, Debian's cloud kernel, a busybox initramfs): the example's own
# setup, run here so that the engine test that boots it measures the example, not apt. Seconds
# the first time, milliseconds after.
bash "$LINUXNET_ROOT/examples/vm-lab/guest/prepare.sh" >/dev/null
# The demo and the examples are run by the engine tests without a type check (as Pulumi runs
# programs), and ts-jest only transpiles; check all their types here so a type error fails fast.
tsc -p tsconfig.programs.json
tsc -p tsconfig.test.json --noEmit
# ESLint with typescript-eslint's type-aware rules (eslint.config.js); a warning fails too.
eslint --max-warnings 0 .
# The provider's journal of creations in flight (provider/exec/intents.ts) goes to a directory of
# the tests' own; the leak check requires it empty at the end.
export LINUXNET_INTENT_DIR="$LINUXNET_ROOT/tests/.work/intents"
rm -rf "$LINUXNET_INTENT_DIR"
# Node's on-disk compile cache for every Node process the tests start, the CLI's language host and
# dynamic-provider processes included: @pulumi/pulumi is then compiled once, not at every start of
# every operation (about 0.3 s of each). Users can set it too (README, Performance).
export NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-$LINUXNET_CACHE/node-compile-cache}"
# Jest loads the ESM-only execa through require(esm) only with VM modules enabled (Node >= 24.9).
export NODE_OPTIONS="--experimental-vm-modules --no-warnings=ExperimentalWarning"
rm -rf "$LINUXNET_ROOT/tests/.work/reliability"
results="$(mktemp -t linuxnet-jest-XXXXXX.json)"
status=0
jest --maxWorkers=2 --json --outputFile="$results" "$@" || status=$?
node "$here/reliability-summary.js"
# One plain closing line with the counts, for readers that do not parse Jest's own summary.
node -e '
  const r = require(process.argv[1]);
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' "$results" 2>/dev/null || echo "tests: 0 passed, 1 failed"
rm -f "$results"
exit "$status"
