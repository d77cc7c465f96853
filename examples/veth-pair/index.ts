/**
 * Two namespaces joined directly by a veth pair: the first half of the walkthrough.
 *
 *   ┌─ left ───────────────┐          ┌─ right ──────────────┐
 *   │ veth-l  10.0.0.1/30  ├──────────┤ veth-r  10.0.0.2/30  │
 *   └──────────────────────┘          └──────────────────────┘
 *
 * Stack settings: `left` and `right` name the namespaces (defaults "left" and "right").
 */
import * as pulumi from "@pulumi/pulumi";
import * as linuxnet from "pulumi-linuxnet";

const config = new pulumi.Config();
const left = new linuxnet.NetworkNamespace("left", { name: config.get("left") ?? "left" });
const right = new linuxnet.NetworkNamespace("right", { name: config.get("right") ?? "right" });

// Both ends are created directly in their namespaces, in one `ip link add`.
const cable = new linuxnet.VethPair("cable", {
    name: "veth-l",
    namespace: left.name,
    peerName: "veth-r",
    peerNamespace: right.name,
});

const leftAddress = new linuxnet.Address("left-address", { namespace: left.name, device: cable.name, address: "10.0.0.1/30" });
const rightAddress = new linuxnet.Address("right-address", { namespace: right.name, device: cable.peerName, address: "10.0.0.2/30" });

export const leftNamespace = left.name;
export const rightNamespace = right.name;
export const addresses = [leftAddress.address, rightAddress.address];
export const macAddresses = [cable.macAddress, cable.peerMacAddress];
