#!/usr/bin/env bash
# Builds (once) a bootable Debian guest for the tests' lab hosts and prints its directory:
#   $LINUXNET_CACHE/guests/<suite>-<hash>/{vmlinuz,initrd,image.ext4,host_key.pub,client_key}
# <hash> is of this script, the guest's init and the suite, so a change to either builds anew.
# The image: Debian's cloud kernel, iproute2, iptables, nftables, openssh-server, procps, ping,
# sudo; root logs in with client_key; the user linuxnet-lab may run the network tools through
# sudo without a password (the README's sudoers line); PID 1 is `init` beside this script.
# Usage: image.sh bullseye|bookworm|trixie. Needs root, mmdebstrap and e2fsprogs (test:hosts
# installs them). Building takes about a minute and a half; a built one, milliseconds.
set -euo pipefail
suite="${1:?usage: image.sh SUITE}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
hash="$(cat "${BASH_SOURCE[0]}" "$here/init" | { cat; echo "$suite"; } | sha256sum | cut -c1-12)"
dir="${LINUXNET_CACHE:-$HOME/.cache/pulumi-linuxnet}/guests/$suite-$hash"
if [ -s "$dir/image.ext4" ] && [ -s "$dir/host_key.pub" ]; then echo "$dir"; exit 0; fi

log() { printf '[guest %s] %s\n' "$suite" "$*" >&2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mirror=http://deb.debian.org/debian
sources=("deb $mirror $suite main" "deb $mirror $suite-updates main")
# bullseye's security suite serves a kernel package that answers 404: its main suite's is used.
[ "$suite" != bullseye ] && sources+=("deb http://deb.debian.org/debian-security $suite-security main")
ssh-keygen -q -t ed25519 -N "" -C "linuxnet-test-$suite" -f "$work/client_key"
log "building the root file system (mmdebstrap)"
mmdebstrap --quiet --variant=apt \
  --include=linux-image-cloud-amd64,iproute2,iptables,nftables,openssh-server,procps,iputils-ping,sudo,kmod \
  --customize-hook="install -m 0755 '$here/init' \"\$1/sbin/linuxnet-init\"" \
  --customize-hook="mkdir -m 0700 -p \"\$1/root/.ssh\" && install -m 0600 '$work/client_key.pub' \"\$1/root/.ssh/authorized_keys\"" \
  --customize-hook="chroot \"\$1\" useradd -m -s /bin/sh linuxnet-lab && mkdir -m 0700 \"\$1/home/linuxnet-lab/.ssh\" && install -m 0600 '$work/client_key.pub' \"\$1/home/linuxnet-lab/.ssh/authorized_keys\" && chroot \"\$1\" chown -R linuxnet-lab: /home/linuxnet-lab/.ssh" \
  --customize-hook="echo 'linuxnet-lab ALL=(root) NOPASSWD: /usr/sbin/ip, /usr/sbin/iptables, /usr/sbin/ip6tables, /usr/sbin/sysctl' > \"\$1/etc/sudoers.d/linuxnet\" && chmod 0440 \"\$1/etc/sudoers.d/linuxnet\"" \
  --customize-hook="printf 'PasswordAuthentication no\nUseDNS no\nMaxSessions 64\nMaxStartups 64\n' > \"\$1/etc/ssh/sshd_config.d/linuxnet.conf\"" \
  "$suite" "$work/root" "${sources[@]}" >&2
cp "$work"/root/boot/vmlinuz-* "$work/vmlinuz"
cp "$work"/root/boot/initrd.img-* "$work/initrd"
cut -d' ' -f1-2 "$work/root/etc/ssh/ssh_host_ed25519_key.pub" > "$work/host_key.pub"
log "making the disk image"
mkfs.ext4 -q -F -d "$work/root" "$work/image.ext4" 1G >&2
mkdir -p "$dir"
for f in vmlinuz initrd host_key.pub client_key image.ext4; do mv "$work/$f" "$dir/$f"; done
echo "$dir"
