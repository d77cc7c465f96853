/** The topology a stack's state describes: what Pulumi believes the kernel has. Pure. */
import { Topology, addNamespace, emptyTopology, linkIn, normalizeTopology } from "./model";

export interface StateResource {
    type: string;
    outputs?: Record<string, any>;
}

export function topologyFromState(resources: StateResource[]): Topology {
    const t = emptyTopology();
    for (const r of resources) {
        const type = r.type.startsWith("pulumi-nodejs:dynamic/linuxnet:") ? r.type.split(":").pop() : undefined;
        const o = r.outputs ?? {};
        const ns = (value: unknown) => (typeof value === "string" ? value : "");
        switch (type) {
            case "NetworkNamespace":
                addNamespace(t, o.name);
                break;
            case "Bridge":
                Object.assign(linkIn(t, ns(o.namespace), o.name, "bridge"), { up: o.up });
                break;
            case "VethPair": {
                const end = Object.assign(linkIn(t, ns(o.namespace), o.name, "veth"), { up: o.up });
                const peer = Object.assign(linkIn(t, ns(o.peerNamespace), o.peerName, "veth"), { up: o.peerUp });
                if (o.master) end.master = o.master;
                if (o.peerMaster) peer.master = o.peerMaster;
                t.cables.push({ a: { namespace: end.namespace, name: end.name }, b: { namespace: peer.namespace, name: peer.name } });
                break;
            }
            case "NamespaceHost": {
                // A host is a namespace with one cable to the bridge side; its parts drawn as such.
                addNamespace(t, o.name);
                const inside = Object.assign(linkIn(t, o.name, o.interface, "veth"), { up: o.up });
                const outside = Object.assign(linkIn(t, ns(o.namespace), o.hostInterface, "veth"), { up: o.up });
                if (o.bridge) outside.master = o.bridge;
                inside.addresses.push(...(o.addresses ?? []));
                t.cables.push({ a: { namespace: inside.namespace, name: inside.name }, b: { namespace: outside.namespace, name: outside.name } });
                break;
            }
            case "BridgePort":
                if (o.bridge) linkIn(t, ns(o.namespace), o.device).master = o.bridge;
                break;
            case "Address":
                linkIn(t, ns(o.namespace), o.device).addresses.push(o.address);
                break;
            case "MasqueradeRule":
                addNamespace(t, ns(o.namespace));
                t.nat.push({ namespace: ns(o.namespace), source: o.source, ...(o.outInterface ? { outInterface: o.outInterface } : {}) });
                break;
            case "IpForwarding":
                addNamespace(t, ns(o.namespace));
                t.forwarding.push({ namespace: ns(o.namespace), ipv4: o.ipv4 === true, ipv6: o.ipv6 === true });
                break;
        }
    }
    return normalizeTopology(t);
}
