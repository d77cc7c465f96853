#!/usr/bin/env bash
# Runs one command with the project's environment (pinned Node.js, Pulumi CLI on PATH).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
exec "$@"
