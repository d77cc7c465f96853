/**
 * NamespaceHost: one lab host in a single resource — a network namespace plugged into a bridge by
 * a veth pair, with addresses on its interface and a default route. It is what the CNI bridge
 * plugin's ADD does for a container, as one Pulumi resource.
 *
 * Why it exists beside the fine-grained resources: the Pulumi engine pays per resource (one step,
 * and with the file backend one rewrite of the whole checkpoint per step), so a lab of hundreds
 * of hosts built from four resources each spends most of its time in bookkeeping; one resource
 * per host keeps that cost a small constant per host. Building a host from nothing is lean
 * (build.ts), and so is reading one (observe.ts). Everything else — a namespace that already
 * exists (a crash leftover, or one to adopt), an update (update.ts), a delete (teardown.ts) — goes
 * through the fine-grained implementations (parts.ts), so every rule they keep holds here too.
 */
import { addNamespace } from "../../commands/netns";
import { isCommandError } from "../../exec/errors";
import { withUndo } from "../../exec/intents";
import { namespaceInode } from "../../kernel/netns";
import * as t from "../../validate/fields";
import { parseCidr, parseIp } from "../../validate/ip";
import { KernelObject, ResourceImplementation } from "../../framework/implementation";
import { CheckFailure } from "../../framework/schema";
import { address } from "../address";
import { networkNamespace } from "../networkNamespace";
import { route } from "../route";
import { vethPair } from "../vethPair";
import { buildCommands, buildFromNothing } from "./build";
import { applied, observe, stateOf, verified } from "./observe";
import { NamespaceHostInputs, NamespaceHostState, addressPart, believedCable, believedNamespace, cablePart, namespacePart, routePart } from "./parts";
import { isHostEnd, removeHost, teardownCommands } from "./teardown";
import { believedParts, partsNow, updateCommands } from "./update";

export type { NamespaceHostInputs, NamespaceHostState } from "./parts";

export const namespaceHost: ResourceImplementation<NamespaceHostInputs, NamespaceHostState> = {
    typeName: "NamespaceHost",
    kind: "namespace host",
    schema: {
        name: { type: t.namespaceName, required: true, replaces: true },
        namespace: { type: t.namespaceName, replaces: true },
        interface: { type: t.interfaceName, default: "eth0", replaces: true },
        hostInterface: { type: t.interfaceName, required: true, replaces: true },
        bridge: { type: t.interfaceName, unsetClears: true },
        addresses: { type: t.listOf(t.interfaceCidr, "address", "addresses"), default: [] },
        gateway: { type: t.ipAddress, unsetClears: true },
        mtu: { type: t.mtu },
        up: { type: t.boolean, default: true },
        loopbackUp: { type: t.boolean, default: true },
        adopt: { type: t.boolean, default: false },
    },
    outputs: ["inode", "ifindex", "macAddress", "hostIfindex", "hostMacAddress"],

    crossCheck(inputs): CheckFailure[] {
        const failures: CheckFailure[] = [];
        if (inputs.namespace === inputs.name) {
            failures.push({ property: "namespace", reason: `namespace "${inputs.namespace}" is the host's own namespace "${inputs.name}": the cable must lead out of it` });
        }
        if (inputs.gateway !== undefined && !inputs.up) {
            failures.push({ property: "gateway", reason: `gateway "${inputs.gateway}" needs the cable up, but up is false: a down link has no route to a gateway` });
        }
        const gateway = inputs.gateway === undefined ? undefined : parseIp(inputs.gateway);
        if (gateway && !(gateway.family === 6 && gateway.text.startsWith("fe80:"))) {
            const reachable = inputs.addresses.some((cidr) => {
                const own = parseCidr(cidr);
                return own?.family === gateway.family && parseCidr(`${gateway.text}/${own.prefix}`)?.network === own.network;
            });
            if (!reachable) {
                failures.push({
                    property: "gateway",
                    reason: `gateway "${inputs.gateway}" is in none of the host's networks (addresses ${JSON.stringify(inputs.addresses)}): the kernel could not reach it`,
                });
            }
        }
        return failures;
    },

    nameOf: (inputs) => inputs.name,

    async create(run, inputs) {
        const existedBefore = (await namespaceInode(run, inputs.name)) !== undefined;
        return withUndo(async (undo) => {
            // A host we started from nothing is removed again, so a failed create leaves nothing
            // behind; removeHost never touches the host side by name, so a cable of another host
            // that has our host-side name (the reason this create may have failed) stays.
            if (!existedBefore) undo.add(() => removeHost(run, inputs));
            if (!existedBefore) {
                try {
                    const built = await buildFromNothing(run, inputs);
                    if (built) return { id: inputs.name, outs: applied(inputs, stateOf(inputs, built)) };
                } catch (err) {
                    // A name taken outside the fresh namespace (the host-side end): the careful path
                    // below decides — adopt what is ours, refuse what is not — and says why.
                    if (!isCommandError(err, "exists")) throw err;
                }
            }
            const ns = await networkNamespace.create(run, namespacePart(inputs));
            // Each part verifies itself (apply, then verify), so their outputs make the state
            // without reading everything back a second time.
            const cable = await vethPair.create(run, cablePart(inputs));
            for (const cidr of inputs.addresses) await address.create(run, addressPart(inputs, cidr));
            const defaultRoute = inputs.gateway !== undefined ? await route.create(run, routePart(inputs, inputs.gateway)) : undefined;
            return { id: inputs.name, outs: stateOf(inputs, { ns: ns.outs, cable: cable.outs, addresses: inputs.addresses, route: defaultRoute?.outs }) };
        });
    },

    async read(run, state) {
        const inode = await namespaceInode(run, state.name);
        if (inode === undefined) {
            // No namespace by the name, but its cable still on the bridge: the namespace was
            // deleted by hand while something holds it (a process inside, a bind mount).
            // Forgetting the host would leave the cable there for good (and its host-side name
            // taken): keep it, with no namespace (inode 0), so that the next `up` replaces it.
            const held = state.hostIfindex > 0 && (await isHostEnd(run, state, state.hostIfindex));
            return held ? { ...state, inode: 0 } : undefined;
        }
        const host = await observe(run, state, inode);
        return host && stateOf(state, host);
    },

    lostWithRemains: (state) => (state.inode === 0 ? "inode" : undefined),

    async update(run, olds, news) {
        const now = await partsNow(run, olds, news);
        // A cable lost since the last look is made again the careful way (adopting what is ours).
        if (!now.cable) await vethPair.create(run, cablePart(news));
        for (const argv of updateCommands(olds, news, now)) await run(argv);
        return verified(run, news);
    },

    async delete(run, state) {
        await removeHost(run, state, state.hostIfindex);
    },

    // A host is a namespace with one cable to the bridge side.
    objects: (state) => [
        ...networkNamespace.objects(believedNamespace(state)),
        ...vethPair.objects(believedCable(state)),
        ...state.addresses.map((cidr): KernelObject => ({ object: "address", namespace: state.name, device: state.interface, address: cidr })),
    ],

    plan: {
        create: (inputs) => {
            const { hostSide, inside } = buildCommands(inputs);
            return [addNamespace(inputs.name), ...hostSide, ...inside];
        },
        update: (olds, news) => updateCommands(olds, news, believedParts(olds)),
        delete: (state) => teardownCommands(state),
    },
};
