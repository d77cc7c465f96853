# Builds the Pulumi CLI (and, when it can, the Node.js language host) from the Go module proxy.
# Sourced by setup.sh after env.sh. Nothing of Pulumi's is downloaded from anywhere else: the
# Go module proxy serves the CLI as ordinary Go modules.

pulumi_step() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# go_build_main MODULE_DIR OUTPUT MAIN_PACKAGE REQUIRE...
# Writes a wrapper module that requires REQUIRE (module@version pairs), copies the non-directory
# `replace` lines of pulumi/pkg's go.mod (`go install pkg@version` refuses modules that have
# replace directives, so a wrapper module is the only way), and builds MAIN_PACKAGE stamped with
# $PULUMI_VERSION: an unstamped CLI reports v0.0.0 and breaks the Automation API.
go_build_main() {
  local dir="$1" output="$2" main_package="$3"
  shift 3
  command -v go >/dev/null 2>&1 || { echo "setup: the Go toolchain (>= 1.26) is needed to build the Pulumi CLI" >&2; return 1; }
  mkdir -p "$dir"
  (
    cd "$dir"
    {
      echo "module linuxnet.local/build"
      echo
      echo "go 1.26.6"
      echo
      echo "tool $main_package"
      echo
      echo "require ("
      local req
      for req in "$@"; do echo "	${req%@*} ${req#*@}"; done
      echo ")"
    } > go.mod
    local pkg_mod
    pkg_mod="$(go mod download -json "github.com/pulumi/pulumi/pkg/v3@$PULUMI_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
    grep -E '^replace [^ ]+ => [^.]' "$pkg_mod" >> go.mod || true
    go mod tidy
    go build -trimpath -o "$output" \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
      "$main_package"
  )
}

pulumi_cli_ok() { [ -x "$1/pulumi" ] && [ "$("$1/pulumi" version 2>/dev/null)" = "$PULUMI_VERSION" ]; }

ensure_pulumi_cli() {
  local existing
  existing="$(command -v pulumi 2>/dev/null || true)"
  if [ -n "$existing" ] && [ "$(dirname "$existing")" != "$PULUMI_BIN_DIR" ] && command -v pulumi-language-nodejs >/dev/null 2>&1; then
    pulumi_step "using the Pulumi CLI already on PATH: $existing ($(pulumi version))"
    return 0
  fi
  local build="$LINUXNET_CACHE/pulumi-$PULUMI_VERSION"
  mkdir -p "$build/bin" "$PULUMI_BIN_DIR"
  if ! pulumi_cli_ok "$build/bin"; then
    pulumi_step "building the Pulumi CLI $PULUMI_VERSION from the Go module proxy (first time only; several minutes on 2 cores)"
    go_build_main "$build/cli" "$build/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
      "github.com/pulumi/pulumi/pkg/v3@$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@$PULUMI_VERSION"
  fi
  if [ -n "${PULUMI_LANGUAGE_NODEJS_VERSION:-}" ] && [ ! -x "$build/bin/pulumi-language-nodejs" ]; then
    pulumi_step "building the Node.js language host ($PULUMI_LANGUAGE_NODEJS_VERSION)"
    go_build_main "$build/language-nodejs" "$build/bin/pulumi-language-nodejs" \
      github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 \
      "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@$PULUMI_LANGUAGE_NODEJS_VERSION" \
      "github.com/pulumi/pulumi/pkg/v3@$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@$PULUMI_VERSION"
  fi
  # The dynamic-provider plugin is a small shell script shipped in the SDK module; the engine
  # looks for it next to the CLI.
  local sdk_dir
  sdk_dir="$(cd "$build/cli" && go mod download -json "github.com/pulumi/pulumi/sdk/v3@$PULUMI_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
  install -m 0755 "$sdk_dir/nodejs/dist/pulumi-resource-pulumi-nodejs" "$build/bin/pulumi-resource-pulumi-nodejs"
  local f
  for f in "$build"/bin/*; do
    cmp -s "$f" "$PULUMI_BIN_DIR/$(basename "$f")" 2>/dev/null || install -m 0755 "$f" "$PULUMI_BIN_DIR/"
  done
}
