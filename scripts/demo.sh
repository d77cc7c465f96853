#!/usr/bin/env bash
# `npm run demo` / `npm run demo:destroy`: the reference lab. Not built yet (issue 4).
echo "npm run demo: not yet — the reference lab lands with the demo issue; see README.md" >&2
exit 1
