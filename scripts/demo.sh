#!/usr/bin/env bash
# `npm run demo` (up) and `npm run demo:destroy` (destroy): set up what is missing, then run the
# reference lab through the Pulumi engine. See tools/demo.ts.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/setup.sh"
. "$here/env.sh"
if [ "$(id -u)" != 0 ]; then
  echo "npm run demo: building network namespaces needs root (or CAP_NET_ADMIN + CAP_SYS_ADMIN)" >&2
  exit 1
fi
exec node "$LINUXNET_ROOT/dist/tools/demo.js" "${1:-up}"
