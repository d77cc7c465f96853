/**
 * Two lab hosts, configured over SSH from one stack: on each, a bridge with a namespace on it, and
 * the two bridges joined into one layer-2 segment by a VXLAN tunnel across the hosts' own network.
 * A namespace on host 1 reaches the one on host 2 as if they shared a switch.
 *
 *   ┌─ host 1 (SSH) ─────────────────────────┐          ┌─ host 2 (SSH) ─────────────────────────┐
 *   │ lab [eth0 10.42.0.1/24] ── lab0 ─┐     │          │     ┌─ lab0 ── [eth0 10.42.0.2/24] lab │
 *   │                                  br0 ── vx42 ═══════ vx42 ── br0                            │
 *   └────────────────────────────────────────┘ VNI 42,  └────────────────────────────────────────┘
 *                                              UDP 4789 between the hosts' addresses
 *
 * Stack settings:
 *   hosts           [{ address, hostKey }, { address, hostKey }]: the two hosts, and their
 *                   public host keys (a host's /etc/ssh/ssh_host_ed25519_key.pub)
 *   privateKeyFile  a private key both hosts accept for root (read here, kept as a secret)
 *   prefix          goes in front of the namespace name (default "")
 */
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as linuxnet from "pulumi-linuxnet";

interface Host {
    address: string;
    hostKey: string;
}

const config = new pulumi.Config();
const hosts = config.requireObject<Host[]>("hosts");
const privateKey = pulumi.secret(fs.readFileSync(config.require("privateKeyFile"), "utf8"));
const prefix = config.get("prefix") ?? "";

// Host 2's address comes from another resource's output, as a VM's or a cloud instance's would:
// this command stands for the resource that makes host 2. Everything on host 2 waits for it.
const host2 = new command.local.Command("host2", { create: `echo ${hosts[1].address}` });
const addresses = [pulumi.output(hosts[0].address), host2.stdout.apply((out) => out.trim())];

export const labAddresses = [0, 1].map((i) => {
    const connection = { host: addresses[i], privateKey, hostKey: hosts[i].hostKey };
    const bridge = new linuxnet.Bridge(`br0-host${i + 1}`, { name: "br0", connection });
    new linuxnet.Vxlan(`vx42-host${i + 1}`, { name: "vx42", vni: 42, local: addresses[i], remote: addresses[1 - i], master: bridge.name, connection });
    const lab = new linuxnet.NetworkNamespace(`lab-host${i + 1}`, { name: `${prefix}lab`, connection });
    // 1450: VXLAN's 50 bytes of headers must fit in the hosts' 1500-byte network.
    const cable = new linuxnet.VethPair(`lab-cable-host${i + 1}`, { name: "eth0", namespace: lab.name, peerName: "lab0", peerMaster: bridge.name, mtu: 1450, connection });
    return new linuxnet.Address(`lab-address-host${i + 1}`, { namespace: lab.name, device: cable.name, address: `10.42.0.${i + 1}/24`, connection }).address;
});
