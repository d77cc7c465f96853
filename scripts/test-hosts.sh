#!/usr/bin/env bash
# `npm run test:hosts [-- --suites bullseye,bookworm,trixie]`: the tests in tests/hosts/ against
# Debian guests of each suite (their own kernels and userlands) under QEMU, not part of `npm test`.
# Sets up what is missing (mmdebstrap, QEMU), builds each suite's image once (cached under
# ~/.cache/pulumi-linuxnet/guests/), then runs Jest's `hosts` project; the leak check runs last.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
suites=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --suites) suites="$2"; shift 2 ;;
    --suites=*) suites="${1#*=}"; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
bash "$here/setup.sh"
. "$here/env.sh"
. "$here/lib/debian.sh"
ensure_debian_packages mmdebstrap qemu-system-x86 qemu-utils e2fsprogs
cd "$LINUXNET_ROOT"
export LINUXNET_TEST_SUITES="${suites:-${LINUXNET_TEST_SUITES:-bullseye,bookworm,trixie}}"
for suite in ${LINUXNET_TEST_SUITES//,/ }; do bash tests/helpers/guest/image.sh "$suite" >/dev/null; done
export LINUXNET_TEST_HOSTS=1
export NODE_OPTIONS="--experimental-vm-modules --no-warnings=ExperimentalWarning"
rm -rf tests/.work/hosts
results="$(mktemp -t linuxnet-hosts-XXXXXX.json)"
status=0
# One worker: each suite boots a guest, and a guest under TCG takes a core while it works.
jest --selectProjects hosts --maxWorkers=1 --json --outputFile="$results" "${args[@]}" || status=$?
# A table per suite: what it runs, and its tests passed, failed, skipped.
node -e '
  const fs = require("fs"), path = require("path");
  const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  const count = {};
  for (const file of r.testResults) for (const t of file.assertionResults) {
    const suite = (t.ancestorTitles[0] || "?").replace(/ guest$/, "");
    count[suite] ??= { passed: 0, failed: 0, skipped: 0 };
    count[suite][t.status === "passed" ? "passed" : t.status === "failed" ? "failed" : "skipped"]++;
  }
  console.log("\nhosts summary");
  for (const [suite, c] of Object.entries(count)) {
    const file = path.join("tests/.work/hosts", suite + ".txt");
    const v = fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim().split("\n") : [];
    console.log(`  ${suite.padEnd(9)} ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped   kernel ${v[0] ?? "?"}; ${(v[1] ?? "").replace(/^ip utility, /, "")}; ${v[2] ?? ""}; ${v[3] ?? ""}; ${v[4] ?? ""}`);
  }
' "$results" || true
rm -f "$results"
exit "$status"
