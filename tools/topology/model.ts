/**
 * A network topology, as drawn: namespaces, the links in them (with addresses and bridge
 * membership), the veth cables between links, NAT rules and forwarding. Built from a stack's
 * state (fromState.ts) or from the live kernel (scan.ts), so the two pictures
 * can be compared side by side. "" is the root namespace.
 */
export interface LinkNode {
    namespace: string;
    name: string;
    kind: string;
    master?: string;
    up?: boolean;
    addresses: string[];
}

export interface Cable {
    a: { namespace: string; name: string };
    b: { namespace: string; name: string };
}

export interface Topology {
    namespaces: string[];
    links: LinkNode[];
    cables: Cable[];
    nat: { namespace: string; source: string; outInterface?: string }[];
    forwarding: { namespace: string; ipv4: boolean; ipv6: boolean }[];
}

export function emptyTopology(): Topology {
    return { namespaces: [], links: [], cables: [], nat: [], forwarding: [] };
}

/** The link node, created on first mention. */
export function linkIn(topology: Topology, namespace: string, name: string, kind = "device"): LinkNode {
    let link = topology.links.find((l) => l.namespace === namespace && l.name === name);
    if (!link) {
        link = { namespace, name, kind, addresses: [] };
        topology.links.push(link);
    }
    if (!topology.namespaces.includes(namespace)) topology.namespaces.push(namespace);
    return link;
}

export function addNamespace(topology: Topology, namespace: string): void {
    if (!topology.namespaces.includes(namespace)) topology.namespaces.push(namespace);
}

/** A stable order for drawing and comparing. */
export function normalizeTopology(topology: Topology): Topology {
    const byName = (a: { namespace: string; name: string }, b: { namespace: string; name: string }) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`);
    return {
        namespaces: [...topology.namespaces].sort(),
        links: [...topology.links].map((l) => ({ ...l, addresses: [...l.addresses].sort() })).sort(byName),
        cables: topology.cables.map((c) => (byName(c.a, c.b) <= 0 ? c : { a: c.b, b: c.a })).sort((x, y) => byName(x.a, y.a)),
        nat: [...topology.nat].sort((a, b) => `${a.namespace}${a.source}`.localeCompare(`${b.namespace}${b.source}`)),
        forwarding: [...topology.forwarding].sort((a, b) => a.namespace.localeCompare(b.namespace)),
    };
}
