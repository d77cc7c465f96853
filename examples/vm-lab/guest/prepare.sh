#!/usr/bin/env bash
# Prepares the vm-lab guest: a Debian cloud kernel and a tiny busybox initramfs whose /init (the
# file `init` next to this script) brings up eth0 from linuxnet.* kernel parameters. Prints two
# lines on stdout, the kernel and the initramfs:
#   $LINUXNET_CACHE/vm-guest/<kernel release>/vmlinuz
#   $LINUXNET_CACHE/vm-guest/<kernel release>/initrd.img
# (LINUXNET_CACHE defaults to ~/.cache/pulumi-linuxnet). Everything else goes to stderr.
#
# Idempotent: a run that finds both files up to date only reads (dpkg-query, one readlink) and
# takes milliseconds. LINUXNET_VM_GUEST_REFRESH=1 re-resolves the kernel version through apt (to
# pick up a newer Debian kernel); otherwise the version recorded in vm-guest/current is reused.
#
# Installing packages needs root; with them installed, any user can build a guest.
# Boot it with: qemu-system-x86_64 -accel tcg -m 256 -kernel VMLINUZ -initrd INITRD
#   -append "console=ttyS0 quiet panic=-1 linuxnet.address=10.20.0.10/24 linuxnet.gateway=10.20.0.1"
#   -netdev tap,... -device virtio-net-pci,netdev=...   (see init for the console protocol)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
self="$here/${BASH_SOURCE[0]##*/}"
init_src="$here/init"
cache="${LINUXNET_CACHE:-$HOME/.cache/pulumi-linuxnet}/vm-guest"
# The metapackage always depends on the current linux-image-<release>-cloud-amd64. The cloud
# flavour is small (~27 MB .deb) and has virtio, which is all a QEMU guest needs.
kernel_meta=linux-image-cloud-amd64
# virtio_net and what it needs, in load order. Entries built into the kernel are skipped; any
# other dependency (checked with modinfo below) makes the build fail rather than the guest.
module_chain=(virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci
  failover net_failover virtio_net)
# busybox-static rather than busybox: the initramfs has no libc to link against.
busybox=/bin/busybox

log() { printf '[vm-guest] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- 1. host packages ---------------------------------------------------------------------
# dpkg-query per package; apt only runs (update + install) when one is missing. kmod brings
# modinfo for the dependency check; the archive is written by busybox's own cpio applet, so the
# cpio package is not needed. stdout belongs to the two paths, so the helper talks to stderr.
# (Written out here rather than sourced from the repository's scripts/lib/debian.sh, so that the
# example still works when copied out of the repository.)
ensure_debian_packages() {
  local pkg missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
ensure_debian_packages qemu-system-x86 busybox-static kmod >&2

# --- 2. which kernel ----------------------------------------------------------------------
# vm-guest/current -> <release> names the last kernel built, so that the usual run needs no apt
# at all (apt-cache alone costs ~0.7 s here). It is only trusted while the kernel files it names are
# complete; otherwise (fresh machine, deleted files, refresh) ask apt for the candidate.
kver='' current=''
if [ -L "$cache/current" ]; then current="$(readlink "$cache/current")"; fi
if [ -z "${LINUXNET_VM_GUEST_REFRESH:-}" ] && [ -n "$current" ]; then
  kver="$current"
  if [ ! -s "$cache/$kver/vmlinuz" ] || [ ! -e "$cache/$kver/modules/order" ]; then kver=''; fi
fi

# Prints linux-image-<release>-cloud-amd64, the package the metapackage's candidate depends on,
# or nothing (apt-cache fails when it has no package lists: `|| true` keeps set -e/pipefail from
# ending the script before the apt-get update below).
resolve_kernel_package() {
  { apt-cache show --no-all-versions "$kernel_meta" 2>/dev/null || true; } |
    sed -n 's/^Depends:.*\(linux-image-[0-9][^ ,]*-cloud-amd64\).*/\1/p'
}

if [ -z "$kver" ]; then
  kpkg="$(resolve_kernel_package)"
  if [ -z "$kpkg" ]; then
    # No package lists yet (e.g. a container image with /var/lib/apt/lists cleaned).
    log "apt knows no $kernel_meta; running apt-get update"
    apt-get update -qq >&2
    kpkg="$(resolve_kernel_package)"
  fi
  [ -n "$kpkg" ] || die "cannot find the kernel package $kernel_meta depends on"
  kver="${kpkg#linux-image-}"
fi
kdir="$cache/$kver"
initrd="$kdir/initrd.img"

# Everything below writes; it runs under a lock (concurrent test runs share the cache) in a
# scratch dir inside the cache, so results land with a same-filesystem, atomic mv and an
# interrupted run never leaves a half-written vmlinuz or initrd.img behind.
work=
cleanup() { if [ -n "$work" ]; then rm -rf -- "$work"; fi; }
trap cleanup EXIT
start_writing() {
  [ -z "$work" ] || return 0
  mkdir -p "$cache"
  exec 9>"$cache/.lock"
  flock 9
  work="$(mktemp -d "$cache/.work.XXXXXX")"
}

# --- 3. kernel and modules ----------------------------------------------------------------
# Fetched, not installed: `apt-get download` + `dpkg-deb -x` leave /boot, /lib/modules, the
# bootloader and dpkg's database of this machine alone. Only vmlinuz and the chain's modules are
# kept (~15 MB instead of the ~106 MB tree).
fetch_kernel() {
  start_writing
  [ -n "${kpkg:-}" ] || kpkg="linux-image-$kver"
  log "downloading $kpkg"
  local apt_opts=(-qq)
  # As root, apt drops to the _apt user for downloads, which cannot write into a root-owned
  # cache dir (and warns "Download is performed unsandboxed as root"); we are root already.
  if [ "$EUID" -eq 0 ]; then apt_opts+=(-o APT::Sandbox::User=root); fi
  (cd "$work" && apt-get download "${apt_opts[@]}" "$kpkg") >&2
  local debs=("$work"/*.deb)
  [ -f "${debs[0]}" ] || die "apt-get download $kpkg produced no .deb"
  log "extracting ${debs[0]##*/}"
  dpkg-deb -x "${debs[0]}" "$work/root"
  rm -f -- "${debs[@]}"

  local vmlinuz="$work/root/boot/vmlinuz-$kver" moddir
  [ -s "$vmlinuz" ] || die "$kpkg has no boot/vmlinuz-$kver"
  # bookworm ships /lib/modules; newer (merged-/usr) packages ship /usr/lib/modules.
  for moddir in "$work/root/lib/modules/$kver" "$work/root/usr/lib/modules/$kver" ""; do
    [ -z "$moddir" ] || [ ! -d "$moddir" ] || break
  done
  [ -n "$moddir" ] || die "$kpkg has no lib/modules/$kver"

  # Module file names may use '-' where the module name has '_'.
  local out="$work/modules" m pat src dep loaded=" "
  mkdir "$out"
  : >"$out/order"
  for m in "${module_chain[@]}"; do
    pat="${m//_/[_-]}"
    if grep -qE "/${pat}\.ko(\.[a-z]+)?\$" "$moddir/modules.builtin"; then
      log "module $m: built into the kernel"
      loaded+="$m "
      continue
    fi
    src="$(find "$moddir/kernel" -name "$pat.ko" -print -quit -o -name "$pat.ko.*" -print -quit)"
    [ -n "$src" ] || die "module $m is neither built in nor in $kpkg"
    # busybox insmod takes plain ELF only: decompress here (bookworm ships plain .ko, trixie
    # .ko.xz). The signature sits inside the uncompressed file, so it survives.
    case "$src" in
      *.ko) cp -- "$src" "$out/$m.ko" ;;
      *.ko.xz) "$busybox" xzcat "$src" >"$out/$m.ko" ;;
      *.ko.gz) "$busybox" zcat "$src" >"$out/$m.ko" ;;
      *.ko.zst)
        ensure_debian_packages zstd >&2
        zstd -dcq -- "$src" >"$out/$m.ko"
        ;;
      *) die "unknown module compression: $src" ;;
    esac
    # Every dependency must be loaded (or built in) before the module itself.
    for dep in $(/sbin/modinfo -F depends "$out/$m.ko" | tr ',' ' '); do
      case "$loaded" in
        *" ${dep//-/_} "*) ;;
        *) die "module $m needs $dep, which module_chain does not load before it" ;;
      esac
    done
    loaded+="$m "
    printf '%s\n' "$m" >>"$out/order"
  done

  # modules/ first and vmlinuz last: a complete kernel dir is "vmlinuz and modules/order exist".
  mkdir -p "$kdir"
  rm -f -- "$kdir/vmlinuz"
  rm -rf -- "$kdir/modules"
  mv -- "$out" "$kdir/modules"
  mv -- "$vmlinuz" "$kdir/vmlinuz"
}

if [ ! -s "$kdir/vmlinuz" ] || [ ! -e "$kdir/modules/order" ]; then
  fetch_kernel
fi

# --- 4. initramfs -------------------------------------------------------------------------
# Rebuilt when missing or older than anything it is made of (init, this script, busybox, the
# modules). Contents: /init, /bin/busybox (applet links are made at boot), /lib/modules/*.ko,
# /etc/modules (load order), empty /dev /proc /sys; gzip'd newc cpio, owned by root.
initrd_stale() {
  local input
  for input in "$init_src" "$self" "$busybox" "$kdir/modules/order"; do
    if [ "$input" -nt "$initrd" ]; then return 0; fi
  done
  return 1
}

build_initrd() {
  start_writing
  log "building initrd.img for $kver"
  local stage="$work/initramfs"
  rm -rf -- "$stage"
  mkdir -p "$stage/bin" "$stage/dev" "$stage/proc" "$stage/sys" "$stage/etc" "$stage/lib/modules"
  cp -- "$busybox" "$stage/bin/busybox"
  cp -- "$init_src" "$stage/init"
  chmod 0755 "$stage/init" "$stage/bin/busybox"
  cp -- "$kdir/modules/order" "$stage/etc/modules"
  local m
  while IFS= read -r m; do
    cp -- "$kdir/modules/$m.ko" "$stage/lib/modules/$m.ko"
  done <"$kdir/modules/order"
  # busybox cpio reports "N blocks" on stderr: keep it unless something fails.
  if ! (cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
    "$busybox" cpio -o -H newc -R 0:0 2>"$work/cpio.err") | gzip -9n >"$work/initrd.img"; then
    cat "$work/cpio.err" >&2
    die "building the initramfs failed"
  fi
  mv -f -- "$work/initrd.img" "$initrd"
}

if initrd_stale; then
  build_initrd
fi

# Record the kernel for the next run (atomic replace; untouched when already right).
if [ "$current" != "$kver" ]; then
  start_writing
  ln -sfn -- "$kver" "$cache/.current.tmp"
  mv -fT -- "$cache/.current.tmp" "$cache/current"
fi

printf '%s\n' "$kdir/vmlinuz" "$initrd"
