#!/usr/bin/env bash
# `npm run build`: compiles the TypeScript, then installs the package into this repository's own
# node_modules the way `npm install pulumi-linuxnet` would (a real copy, not a symlink). Programs
# inside the repository (demo, examples, tests, bench) import it by name, and the dynamic-provider
# process loads `pulumi-linuxnet/provider` from the program's directory, as it loads the
# `require("pulumi-linuxnet/dynamic/<Type>")` each resource's state keeps as its provider
# (see provider/dynamic/stub.ts).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/env.sh"
cd "$LINUXNET_ROOT"
# From empty, so a module that moved or went away does not linger in dist/ (and in the package).
rm -rf dist
tsc -p tsconfig.json
# The provider modules Pulumi stores by reference, one per resource type (provider/dynamic/stub.ts).
node dist/scripts/providerModules.js
installed=node_modules/pulumi-linuxnet
rm -rf "$installed"
mkdir -p "$installed/dist"
cp package.json README.md "$installed/"
cp -r dist/sdk dist/provider "$installed/dist/"
