# ensure_debian_packages PKG...: installs the Debian packages that are not installed yet (as root;
# `apt-get update` only when something is missing). Sourced by setup.sh and bench.sh.
ensure_debian_packages() {
  local pkg missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "setup: missing Debian packages: ${missing[*]}; install them as root once: sudo apt-get install ${missing[*]}" >&2
    return 1
  fi
  printf '\033[1m[setup]\033[0m installing Debian packages: %s\n' "${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
