#!/usr/bin/env bash
# `npm run demo` (up) and `npm run demo:destroy` (destroy): set up what is missing, then run the
# reference lab through the Pulumi engine. See scripts/demo.ts.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/setup.sh"
. "$here/env.sh"
# Not root: the lab's kernel commands go through `sudo -n` (README "Not root"); say so up front if
# sudo would refuse them, rather than half-way through a `pulumi up`.
if [ "$(id -u)" != 0 ] && ! sudo -n -- ip -V >/dev/null 2>&1; then
  echo "npm run demo: as $(id -un), the lab's commands run through \`sudo -n\`, and sudo refused \`ip\` without a password." >&2
  echo "  Allow ip, iptables, ip6tables and sysctl (visudo -f /etc/sudoers.d/pulumi-linuxnet):" >&2
  echo "  $(id -un) ALL=(root) NOPASSWD: /usr/sbin/ip, /usr/sbin/iptables, /usr/sbin/ip6tables, /usr/sbin/sysctl" >&2
  exit 1
fi
exec node "$LINUXNET_ROOT/dist/scripts/demo.js" "${1:-up}"
