/**
 * Two subnets joined by a router namespace that forwards between them.
 *
 *   ┌─ host-a ──────────┐      ┌─ router ─────────────────────────┐      ┌─ host-b ──────────┐
 *   │ eth0 10.1.0.2/24  ├──────┤ to-a 10.1.0.1/24  10.2.0.1/24 to-b├──────┤ eth0 10.2.0.2/24  │
 *   │ default via .1    │      │        ip_forward = 1            │      │ default via .1    │
 *   └───────────────────┘      └──────────────────────────────────┘      └───────────────────┘
 *
 * Stack setting `prefix` is put before every namespace name (default "").
 */
import * as pulumi from "@pulumi/pulumi";
import * as linuxnet from "pulumi-linuxnet";

const prefix = new pulumi.Config().get("prefix") ?? "";
const router = new linuxnet.NetworkNamespace("router", { name: `${prefix}router` });
const forwarding = new linuxnet.IpForwarding("router-forwarding", { namespace: router.name });

interface Subnet {
    name: string;
    /** The router's side, `10.x.0.1/24`; the host gets `.2`. */
    routerAddress: string;
    hostAddress: string;
}

function subnet({ name, routerAddress, hostAddress }: Subnet) {
    const host = new linuxnet.NetworkNamespace(`host-${name}`, { name: `${prefix}host-${name}` });
    const link = new linuxnet.VethPair(`link-${name}`, { name: "eth0", namespace: host.name, peerName: `to-${name}`, peerNamespace: router.name });
    new linuxnet.Address(`router-${name}`, { namespace: router.name, device: link.peerName, address: routerAddress });
    const address = new linuxnet.Address(`host-${name}-address`, { namespace: host.name, device: link.name, address: hostAddress });
    new linuxnet.Route(`host-${name}-default`, {
        namespace: host.name,
        destination: "default",
        gateway: routerAddress.split("/")[0],
    }, { dependsOn: [address, forwarding] });
    return { namespace: host.name, address: address.address };
}

export const hostA = subnet({ name: "a", routerAddress: "10.1.0.1/24", hostAddress: "10.1.0.2/24" });
export const hostB = subnet({ name: "b", routerAddress: "10.2.0.1/24", hostAddress: "10.2.0.2/24" });
export const routerNamespace = router.name;
