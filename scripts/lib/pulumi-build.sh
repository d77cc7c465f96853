# Builds the Pulumi parts a TypeScript program needs and installs them where the CLI looks:
#   - the CLI itself, from the Go module proxy (it serves github.com/pulumi/pulumi/pkg/v3);
#   - the Node.js language host and the @pulumi/command provider plugin, which the proxy refuses,
#     from their unmodified sources in the workplace's vendor folder (../shared/vendor, see its
#     README); they are built from there, never copied into this repository.
# Every build is cached under $LINUXNET_CACHE by version, so a second setup takes seconds.
# Sourced by setup.sh after env.sh.

pulumi_step() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

need_go() {
  command -v go >/dev/null 2>&1 && return 0
  echo "setup: the Go toolchain (>= 1.26) is needed to build $1" >&2
  return 1
}

# go_build_main MODULE_DIR OUTPUT MAIN_PACKAGE REQUIRE...
# Writes a wrapper module that requires REQUIRE (module@version pairs), copies the non-directory
# `replace` lines of pulumi/pkg's go.mod (`go install pkg@version` refuses modules that have
# replace directives, so a wrapper module is the only way), and builds MAIN_PACKAGE stamped with
# $PULUMI_VERSION: an unstamped CLI reports v0.0.0, which plugins and the SDK refuse.
go_build_main() {
  local dir="$1" output="$2" main_package="$3"
  shift 3
  need_go "the Pulumi CLI" || return 1
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

# The vendor folder: $LINUXNET_PULUMI_VENDOR, else `shared/vendor` beside the checkout or beside
# one of its parents (CI clones somewhere else on the same machine), else /work/shared/vendor.
pulumi_vendor_dir() {
  local candidate dir="$LINUXNET_ROOT"
  if [ -n "${LINUXNET_PULUMI_VENDOR:-}" ]; then
    [ -d "$LINUXNET_PULUMI_VENDOR" ] && { echo "$LINUXNET_PULUMI_VENDOR"; return 0; }
    echo "setup: LINUXNET_PULUMI_VENDOR=$LINUXNET_PULUMI_VENDOR is not a directory" >&2
    return 1
  fi
  while [ "$dir" != "/" ]; do
    dir="$(dirname "$dir")"
    candidate="$dir/shared/vendor"
    [ -d "$candidate/pulumi-language-nodejs" ] && { echo "$candidate"; return 0; }
  done
  [ -d /work/shared/vendor/pulumi-language-nodejs ] && { echo /work/shared/vendor; return 0; }
  return 1
}

# vendor_build WHAT FOLDER OUTPUT GO_BUILD_ARGS...: builds one vendored component into OUTPUT.
# The vendor folder is read-only third-party code: `go build` writes nothing into it.
vendor_build() {
  local what="$1" folder="$2" output="$3"
  shift 3
  local vendor
  if ! vendor="$(pulumi_vendor_dir)"; then
    cat >&2 <<MSG
setup: cannot build $what: its source is not here.
  The Go module proxy does not serve it, so setup builds it from the vendored, unmodified source
  in a folder 'shared/vendor/$folder' beside this checkout (or set LINUXNET_PULUMI_VENDOR to the
  folder that holds '$folder'). Alternatively install Pulumi officially (https://www.pulumi.com/docs/install/):
  with 'pulumi' and 'pulumi-language-nodejs' on PATH setup uses them, and
  'pulumi plugin install resource command ${PULUMI_COMMAND_VERSION#v}' fetches the command plugin.
MSG
    return 1
  fi
  need_go "$what" || return 1
  pulumi_step "building $what from $vendor/$folder (first time only)"
  mkdir -p "$(dirname "$output")"
  (cd "$vendor/$folder" && go build -trimpath -o "$output.tmp" "$@") && mv "$output.tmp" "$output"
}

pulumi_cli_ok() { [ -x "$1/pulumi" ] && [ "$("$1/pulumi" version 2>/dev/null)" = "$PULUMI_VERSION" ]; }

# An official installation (pulumi and its language host on PATH, outside ~/.pulumi/bin) is used
# as it is.
official_pulumi_on_path() {
  local existing
  existing="$(command -v pulumi 2>/dev/null || true)"
  [ -n "$existing" ] && [ "$(dirname "$existing")" != "$PULUMI_BIN_DIR" ] && command -v pulumi-language-nodejs >/dev/null 2>&1
}

ensure_pulumi_cli() {
  if official_pulumi_on_path; then
    pulumi_step "using the Pulumi CLI already on PATH: $(command -v pulumi) ($(pulumi version))"
    return 0
  fi
  local build="$LINUXNET_CACHE/pulumi-$PULUMI_VERSION"
  mkdir -p "$build/bin" "$PULUMI_BIN_DIR"
  if ! pulumi_cli_ok "$build/bin"; then
    pulumi_step "building the Pulumi CLI $PULUMI_VERSION from the Go module proxy (first time only; several minutes on 2 cores)"
    go_build_main "$build/cli" "$build/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
      "github.com/pulumi/pulumi/pkg/v3@$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@$PULUMI_VERSION"
  fi
  # The dynamic-provider plugin is a small shell script shipped in the SDK module; the engine
  # looks for it next to the CLI.
  if [ ! -x "$build/bin/pulumi-resource-pulumi-nodejs" ]; then
    local sdk_dir
    sdk_dir="$(cd "$build/cli" && go mod download -json "github.com/pulumi/pulumi/sdk/v3@$PULUMI_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
    install -m 0755 "$sdk_dir/nodejs/dist/pulumi-resource-pulumi-nodejs" "$build/bin/pulumi-resource-pulumi-nodejs"
  fi
  local language_host="$LINUXNET_CACHE/pulumi-language-nodejs-$PULUMI_LANGUAGE_NODEJS_VERSION/pulumi-language-nodejs"
  if [ ! -x "$language_host" ]; then
    vendor_build "the Node.js language host $PULUMI_LANGUAGE_NODEJS_VERSION" pulumi-language-nodejs "$language_host" \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_LANGUAGE_NODEJS_VERSION" .
  fi
  local f
  for f in "$build"/bin/* "$language_host"; do
    cmp -s "$f" "$PULUMI_BIN_DIR/$(basename "$f")" 2>/dev/null || install -m 0755 "$f" "$PULUMI_BIN_DIR/"
  done
}

# The provider plugin of @pulumi/command, in Pulumi's plugin cache ($PULUMI_HOME/plugins).
ensure_command_plugin() {
  local version="$PULUMI_COMMAND_VERSION"
  local installed="${PULUMI_HOME:-$HOME/.pulumi}/plugins/resource-command-$version/pulumi-resource-command"
  [ -x "$installed" ] && return 0
  local binary="$LINUXNET_CACHE/pulumi-command-$version/pulumi-resource-command"
  if [ ! -x "$binary" ]; then
    if official_pulumi_on_path && ! pulumi_vendor_dir >/dev/null; then
      pulumi_step "installing the command provider plugin $version with the official CLI"
      pulumi plugin install resource command "${version#v}"
      return 0
    fi
    vendor_build "the @pulumi/command provider plugin $version" pulumi-command/provider "$binary" \
      -ldflags "-s -w -X github.com/pulumi/pulumi-command/provider/pkg/version.Version=$version" ./cmd/pulumi-resource-command
  fi
  pulumi_step "installing the command provider plugin $version into Pulumi's plugin cache"
  pulumi plugin install resource command "$version" --file "$binary" >/dev/null
}
