/**
 * The topology a stack's state describes: what Pulumi believes the kernel has, from the kernel
 * objects each resource type says its state holds (`objects` of provider/resources). Pure.
 */
import { resourceType, typeNameOf } from "../../provider/registry";
import { Topology, addNamespace, emptyTopology, linkIn, normalizeTopology } from "./model";

export interface StateResource {
    type: string;
    outputs?: Record<string, unknown>;
}

/** The topology's name for the root namespace is "". */
const ns = (namespace: string | undefined) => namespace ?? "";

export function topologyFromState(resources: StateResource[]): Topology {
    const t = emptyTopology();
    for (const r of resources) {
        const typeName = typeNameOf(r.type);
        if (!typeName || !r.outputs) continue;
        for (const o of resourceType(typeName).objects(r.outputs)) {
            switch (o.object) {
                case "namespace":
                    addNamespace(t, o.name);
                    break;
                case "link": {
                    const link = linkIn(t, ns(o.namespace), o.name, o.kind);
                    if (o.kind !== undefined) link.kind = o.kind;
                    if (o.up !== undefined) link.up = o.up;
                    if (o.master) link.master = o.master;
                    break;
                }
                case "cable":
                    t.cables.push({ a: { namespace: ns(o.a.namespace), name: o.a.name }, b: { namespace: ns(o.b.namespace), name: o.b.name } });
                    break;
                case "address":
                    linkIn(t, ns(o.namespace), o.device).addresses.push(o.address);
                    break;
                case "nat":
                    addNamespace(t, ns(o.namespace));
                    t.nat.push({ namespace: ns(o.namespace), source: o.source, ...(o.outInterface ? { outInterface: o.outInterface } : {}) });
                    break;
                case "forwarding":
                    addNamespace(t, ns(o.namespace));
                    t.forwarding.push({ namespace: ns(o.namespace), ipv4: o.ipv4, ipv6: o.ipv6 });
                    break;
            }
        }
    }
    return normalizeTopology(t);
}
