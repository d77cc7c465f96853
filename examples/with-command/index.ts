/**
 * Composition with another provider: a `@pulumi/command` `local.Command` runs a connectivity
 * probe inside a namespace once the network exists. The engine orders it after the address and
 * route it depends on, and re-runs it when they change.
 *
 *   ┌─ probe-a ────────────┐          ┌─ probe-b ────────────┐
 *   │ veth-a 10.3.0.1/30   ├──────────┤ veth-b 10.3.0.2/30   │
 *   └──────────┬───────────┘          └──────────────────────┘
 *              └── command.local.Command "probe": ip netns exec probe-a ping -c1 10.3.0.2
 *
 * Needs the `pulumi-resource-command` plugin (installed with `pulumi plugin install resource
 * command 1.2.1` on a machine that can download plugins). Stack setting `prefix` goes in front
 * of the namespace names.
 */
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import * as linuxnet from "pulumi-linuxnet";

const prefix = new pulumi.Config().get("prefix") ?? "";
const a = new linuxnet.NetworkNamespace("probe-a", { name: `${prefix}probe-a` });
const b = new linuxnet.NetworkNamespace("probe-b", { name: `${prefix}probe-b` });
const link = new linuxnet.VethPair("link", { name: "veth-a", namespace: a.name, peerName: "veth-b", peerNamespace: b.name });
const addressA = new linuxnet.Address("address-a", { namespace: a.name, device: link.name, address: "10.3.0.1/30" });
const addressB = new linuxnet.Address("address-b", { namespace: b.name, device: link.peerName, address: "10.3.0.2/30" });

// The probe's command line is built from our outputs, so it runs only once they exist, and again
// whenever they change (`triggers`).
const probe = new command.local.Command("probe", {
    create: pulumi.interpolate`ip netns exec ${a.name} ping -c 1 -W 2 ${addressB.address.apply((cidr) => cidr.split("/")[0])}`,
    triggers: [addressA.address, addressB.address, link.ifindex],
}, { dependsOn: [addressA, addressB] });

export const probeOutput = probe.stdout;
