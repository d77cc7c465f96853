/**
 * Reads the live topology of some namespaces: their links (not `lo`), addresses, bridge ports,
 * veth cables, our NAT rules and the forwarding switch. For the picture of what the kernel has,
 * beside the picture of what the state says. Missing namespaces are simply absent.
 */
import { listLinks } from "../../provider/commands/link";
import { isCommandError } from "../../provider/exec/errors";
import { namespaceInode } from "../../provider/exec/files";
import { Runner, runJson } from "../../provider/exec/run";
import { parseAddresses } from "../../provider/parse/address";
import { LinkState, parseLinks } from "../../provider/parse/link";
import { OWNER_MARK } from "../../provider/framework/ownership";
import { Topology, emptyTopology, linkIn, normalizeTopology } from "./model";
import { listPostroutingRules } from "../../provider/kernel/iptables";
import { readForwarding } from "../../provider/kernel/sysctl";

async function exists(run: Runner, namespace: string): Promise<boolean> {
    return namespace === "" || (await namespaceInode(run, namespace)) !== undefined;
}

export async function scanTopology(run: Runner, namespaces: string[]): Promise<Topology> {
    const t = emptyTopology();
    const veths: { namespace: string; link: LinkState }[] = [];
    for (const namespace of namespaces) {
        if (!(await exists(run, namespace))) continue;
        const ns = namespace || undefined;
        let links: LinkState[];
        try {
            links = parseLinks(await runJson(run, listLinks(ns)));
        } catch (err) {
            if (isCommandError(err, "notFound")) continue;
            throw err;
        }
        t.namespaces.push(namespace);
        for (const link of links.filter((l) => l.name !== "lo")) {
            const node = linkIn(t, namespace, link.name, link.kind ?? "device");
            node.up = link.up;
            if (link.master) node.master = link.master;
            if (link.kind === "veth") veths.push({ namespace, link });
        }
        const addresses = parseAddresses(await runJson(run, ["ip", ...(ns ? ["-n", ns] : []), "-j", "addr", "show"]));
        for (const a of addresses.filter((a) => a.scope !== "link" && a.device !== "lo")) {
            linkIn(t, namespace, a.device).addresses.push(a.address);
        }
        for (const family of [4, 6] as const) {
            for (const rule of await listPostroutingRules(run, ns, family)) {
                const comment = rule.spec[rule.spec.indexOf("--comment") + 1];
                if (!rule.spec.includes("MASQUERADE") || !comment?.startsWith(OWNER_MARK)) continue;
                const source = rule.spec[rule.spec.indexOf("-s") + 1];
                const out = rule.spec.includes("-o") ? rule.spec[rule.spec.indexOf("-o") + 1] : undefined;
                t.nat.push({ namespace, source, ...(out ? { outInterface: out } : {}) });
            }
        }
        const forwarding = await readForwarding(run, ns);
        if (forwarding.ipv4 || forwarding.ipv6) t.forwarding.push({ namespace, ...forwarding });
    }
    // Cables: a veth end names its peer by name in the same namespace, by ifindex across namespaces.
    for (const [i, a] of veths.entries()) {
        for (const b of veths.slice(i + 1)) {
            const sameNs = a.namespace === b.namespace && a.link.peerName === b.link.name;
            const crossNs = a.namespace !== b.namespace && a.link.peerIfindex === b.link.ifindex && b.link.peerIfindex === a.link.ifindex;
            if (sameNs || crossNs) t.cables.push({ a: { namespace: a.namespace, name: a.link.name }, b: { namespace: b.namespace, name: b.link.name } });
        }
    }
    return normalizeTopology(t);
}
