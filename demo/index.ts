/**
 * The reference lab ("Linux Virtual Networking" walkthrough), as a Pulumi program:
 *
 *   ns1 [veth1 192.168.1.11/24] ──── [br-veth1]┐
 *                                             br1 192.168.1.10/24 ── (MASQUERADE, forwarding) ── wan0 198.51.100.1/24 ── [eth0 198.51.100.2/24] wan
 *   ns2 [veth2 192.168.1.12/24] ──── [br-veth2]┘
 *
 * With the defaults everything on the "host" side is built inside the namespace
 * `linuxnet-demo-host`, so the demo never touches the machine's own networking. The `wan`
 * namespace plays the outside world: it has no route back to 192.168.1.0/24, so a reply from it
 * reaches ns1 only through the MASQUERADE rule.
 *
 * It gets right what the walkthrough gets wrong: the connected route comes with the address
 * (no `ip route 192.168.1.0/24 ...` line), the namespace ends are brought up, and each namespace
 * gets the default route via the bridge address that traffic to the outside needs.
 *
 * Stack settings:
 *   demo:sandboxHost  namespace that stands for the host (default "linuxnet-demo-host");
 *                     "" builds on the real host: bridge, NAT rule and forwarding in the root namespace
 *   demo:prefix       prefix for the namespace names (default "": ns1, ns2)
 */
import * as pulumi from "@pulumi/pulumi";
import * as linuxnet from "pulumi-linuxnet";

const config = new pulumi.Config("demo");
const prefix = config.get("prefix") ?? "";
const sandboxHost = config.get("sandboxHost") ?? "linuxnet-demo-host";

const host = sandboxHost ? new linuxnet.NetworkNamespace("host", { name: `${prefix}${sandboxHost}` }) : undefined;
const hostNamespace = host?.name;

const bridge = new linuxnet.Bridge("br1", { name: "br1", namespace: hostNamespace });
const bridgeAddress = new linuxnet.Address("br1-address", { namespace: hostNamespace, device: bridge.name, address: "192.168.1.10/24" });

function labHost(index: number) {
    const ns = new linuxnet.NetworkNamespace(`ns${index}`, { name: `${prefix}ns${index}` });
    const veth = new linuxnet.VethPair(`veth${index}`, {
        name: `veth${index}`,
        namespace: ns.name,
        peerName: `br-veth${index}`,
        peerNamespace: hostNamespace,
        peerMaster: bridge.name,
    });
    const address = new linuxnet.Address(`ns${index}-address`, { namespace: ns.name, device: veth.name, address: `192.168.1.${10 + index}/24` });
    // The route the walkthrough forgets: everything not on the bridge goes via the bridge address.
    new linuxnet.Route(`ns${index}-default`, { namespace: ns.name, destination: "default", gateway: "192.168.1.10" }, { dependsOn: [address, bridgeAddress] });
    return { namespace: ns.name, address: address.address, mac: veth.macAddress };
}

const hosts = [labHost(1), labHost(2)];

new linuxnet.MasqueradeRule("lab-nat", { namespace: hostNamespace, source: "192.168.1.0/24", comment: "demo lab" });
new linuxnet.IpForwarding("forwarding", { namespace: hostNamespace });

let wan: pulumi.Output<string> | undefined;
if (host) {
    const wanNs = new linuxnet.NetworkNamespace("wan", { name: `${prefix}wan` });
    const uplink = new linuxnet.VethPair("uplink", { name: "wan0", namespace: hostNamespace, peerName: "eth0", peerNamespace: wanNs.name });
    new linuxnet.Address("wan0-address", { namespace: hostNamespace, device: uplink.name, address: "198.51.100.1/24" });
    new linuxnet.Address("wan-address", { namespace: wanNs.name, device: uplink.peerName, address: "198.51.100.2/24" });
    wan = wanNs.name;
}

export const hostNamespaceName = hostNamespace ?? "(root namespace)";
export const bridgeName = bridge.name;
export const bridgeAddressCidr = bridgeAddress.address;
export const labHosts = hosts;
export const wanNamespace = wan;
