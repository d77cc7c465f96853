/**
 * A virtual machine on the lab bridge, in the same stack as the network it sits on: a QEMU guest
 * whose NIC is a linuxnet `TapDevice` on a linuxnet `Bridge`, a namespace on the same bridge that
 * pings it, and an outside network the guest reaches through a `MasqueradeRule`. The guest is
 * started and stopped by `@pulumi/command`; its kernel and initramfs are prepared from Debian
 * packages by `guest/prepare.sh`, run by the stack too.
 *
 *   ┌─ vmlab-host (stands for the lab host) ───────────────────────────────────────────────────┐
 *   │  QEMU guest ── tap-vm1 ─┐                                                                │
 *   │  10.20.0.10             labbr0 10.20.0.1/24 ── forwarding, MASQUERADE ── wan0 203.0.113.1/24├── eth0 203.0.113.2/24 ─ vmlab-outside
 *   │  vmlab-client ─ client0 ┘                                                                │   (no route back to 10.20.0.0/24)
 *   │  10.20.0.2                                                                               │
 *   └──────────────────────────────────────────────────────────────────────────────────────────┘
 *
 * Stack setting `prefix` goes in front of the three namespace names. QEMU uses KVM where the CPU
 * has virtualisation extensions and /dev/kvm is writable, TCG (emulation) otherwise; either way the
 * guest answers ping a few seconds after it starts.
 */
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import * as linuxnet from "pulumi-linuxnet";
import * as path from "path";

const prefix = new pulumi.Config().get("prefix") ?? "";

// The namespace that stands for the lab host: everything "on the host" is made inside it, so the
// example never touches the machine's own networking.
const host = new linuxnet.NetworkNamespace("host", { name: `${prefix}vmlab-host` });
const bridge = new linuxnet.Bridge("labbr0", { name: "labbr0", namespace: host.name });
const gateway = new linuxnet.Address("labbr0-address", { namespace: host.name, device: bridge.name, address: "10.20.0.1/24" });

// The VM's NIC: a persistent tap on the bridge, which QEMU opens by name (`ifname=tap-vm1`).
// `vnetHdr` lets QEMU pass checksum and segmentation offloads through (its `vnet_hdr=on`).
const tap = new linuxnet.TapDevice("tap-vm1", { name: "tap-vm1", namespace: host.name, master: bridge.name, vnetHdr: true });

// A namespace on the same segment, the guest's neighbour.
const client = new linuxnet.NetworkNamespace("client", { name: `${prefix}vmlab-client` });
const clientLink = new linuxnet.VethPair("client-link", { name: "eth0", namespace: client.name, peerName: "client0", peerNamespace: host.name, peerMaster: bridge.name });
new linuxnet.Address("client-address", { namespace: client.name, device: clientLink.name, address: "10.20.0.2/24" });

// The outside world: it has no route back to 10.20.0.0/24, so a reply reaches the guest only
// because MASQUERADE rewrote the guest's source to wan0's address.
const outside = new linuxnet.NetworkNamespace("outside", { name: `${prefix}vmlab-outside` });
const uplink = new linuxnet.VethPair("uplink", { name: "wan0", namespace: host.name, peerName: "eth0", peerNamespace: outside.name });
const wanAddress = new linuxnet.Address("wan0-address", { namespace: host.name, device: uplink.name, address: "203.0.113.1/24" });
new linuxnet.Address("outside-address", { namespace: outside.name, device: uplink.peerName, address: "203.0.113.2/24" });
const nat = new linuxnet.MasqueradeRule("lab-nat", { namespace: host.name, source: "10.20.0.0/24", outInterface: uplink.name, comment: "vm-lab" });
const forwarding = new linuxnet.IpForwarding("forwarding", { namespace: host.name });

// The guest's kernel and initramfs, from Debian packages (idempotent: milliseconds once built).
// stdout is the two paths; the files stay in the cache when the stack is destroyed.
const image = new command.local.Command("guest-image", {
    create: `bash ${path.join(__dirname, "guest", "prepare.sh")}`,
});
const [kernel, initrd] = [0, 1].map((line) => image.stdout.apply((out) => out.trim().split("\n")[line]));

// Where QEMU writes its pid (stopping the guest reads it) and the guest's console.
const runDir = "/run/pulumi-linuxnet-vm-lab";
const pidFile = pulumi.interpolate`${runDir}/${host.name}.pid`;
const serialLog = pulumi.interpolate`${runDir}/${host.name}.serial.log`;
const guestAddress = "10.20.0.10";

// The guest. `-daemonize` returns once QEMU runs, so `pulumi up` goes on; delete stops it by the
// pid it wrote (only if that pid is still a QEMU), before the tap it uses is deleted (it depends on
// the tap). A replaced tap restarts the guest on the new device (`replaceWith`: the engine replaces
// the guest whenever it replaces the tap, and a preview says so).
const guest = new command.local.Command("guest", {
    create: pulumi.interpolate`accel=tcg; grep -qsE "vmx|svm" /proc/cpuinfo && [ -w /dev/kvm ] && accel=kvm; mkdir -p ${runDir} && rm -f ${serialLog} && ip netns exec ${host.name} qemu-system-x86_64 -accel $accel -m 256 -display none -monitor none -no-reboot -daemonize -pidfile ${pidFile} -serial file:${serialLog} -kernel ${kernel} -initrd ${initrd} -append "console=ttyS0 quiet panic=-1 linuxnet.address=${guestAddress}/24 linuxnet.gateway=10.20.0.1 linuxnet.probe=203.0.113.2" -netdev tap,id=n0,ifname=${tap.name},script=no,downscript=no,vnet_hdr=on -device virtio-net-pci,netdev=n0`,
    delete: pulumi.interpolate`pid=$(cat ${pidFile} 2>/dev/null) || exit 0; if grep -qs qemu /proc/$pid/comm; then kill $pid; for i in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done; fi; rm -f ${pidFile} ${serialLog}`,
    triggers: [kernel, initrd],
}, { dependsOn: [tap, gateway, nat, forwarding, wanAddress], replaceWith: [tap] });

export const hostNamespace = host.name;
export const clientNamespace = client.name;
export const outsideNamespace = outside.name;
export const guestIp = guestAddress;
export const guestPidFile = pulumi.all([guest.id, pidFile]).apply(([, file]) => file);
export const guestConsole = pulumi.all([guest.id, serialLog]).apply(([, file]) => file);
