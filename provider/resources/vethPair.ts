/**
 * VethPair: two connected virtual Ethernet ends, each created directly in its namespace
 * (`ip link add A netns N1 type veth peer name B netns N2`), each marked as ours by its alias,
 * optionally attached to a bridge in its own namespace, up by default.
 */
import { LinkSettings, addVeth, setLink } from "../commands/link";
import { clearIntent, hasIntent, recordIntent } from "../exec/intents";
import { Runner } from "../exec/run";
import { deleteLinkIfPresent, findLink } from "../kernel/link";
import { LinkState } from "../parse/link";
import * as t from "../validate/fields";
import { ResourceImplementation } from "./implementation";
import { claimExistingLink, verifyLink } from "./links";
import { OWNER_MARK, isOurs } from "./ownership";
import { CheckFailure } from "./schema";

export interface VethPairInputs {
    name: string;
    peerName: string;
    namespace?: string;
    peerNamespace?: string;
    mtu?: number;
    up: boolean;
    peerUp: boolean;
    mac?: string;
    peerMac?: string;
    master?: string;
    peerMaster?: string;
    adopt: boolean;
}

export interface VethPairState extends VethPairInputs {
    ifindex: number;
    peerIfindex: number;
    macAddress: string;
    peerMacAddress: string;
    operState: string;
    peerOperState: string;
}

/** One end's desired settings, from the inputs of that side. */
interface EndSpec {
    name: string;
    namespace?: string;
    mtu?: number;
    up: boolean;
    mac?: string;
    /** Bridge name, null to detach, undefined to leave as is. */
    master?: string | null;
}

function ends(inputs: VethPairInputs, previous?: VethPairInputs): [EndSpec, EndSpec] {
    const master = (wanted: string | undefined, before: string | undefined) => (wanted === undefined && before !== undefined ? null : wanted);
    return [
        { name: inputs.name, namespace: inputs.namespace, mtu: inputs.mtu, up: inputs.up, mac: inputs.mac, master: master(inputs.master, previous?.master) },
        { name: inputs.peerName, namespace: inputs.peerNamespace, mtu: inputs.mtu, up: inputs.peerUp, mac: inputs.peerMac, master: master(inputs.peerMaster, previous?.peerMaster) },
    ];
}

/** The `ip link set` that takes one end from what the kernel has to what is wanted, if anything differs. */
function convergeEnd(end: EndSpec, actual: LinkState | undefined): string[] | undefined {
    const settings: LinkSettings = {};
    if (actual?.alias !== OWNER_MARK) settings.alias = OWNER_MARK;
    if (end.mtu !== undefined && end.mtu !== actual?.mtu) settings.mtu = end.mtu;
    if (end.mac !== undefined && end.mac !== actual?.mac) settings.mac = end.mac;
    if (end.master === null && actual?.master !== undefined) settings.master = null;
    if (typeof end.master === "string" && end.master !== actual?.master) settings.master = end.master;
    if (end.up !== actual?.up) settings.up = end.up;
    return setLink(end.namespace, end.name, settings);
}

async function converge(run: Runner, wanted: [EndSpec, EndSpec]): Promise<void> {
    for (const end of wanted) {
        const argv = convergeEnd(end, await findLink(run, end.namespace, end.name));
        if (argv) await run(argv);
    }
}

/** Two links are the ends of one pair: by name in one namespace, by ifindex across two. */
function arePeers(end: LinkState, peer: LinkState): boolean {
    return end.peerName === peer.name || (end.peerName === undefined && end.peerIfindex === peer.ifindex);
}

function observed(inputs: VethPairInputs, end: LinkState, peer: LinkState): VethPairState {
    return {
        ...inputs,
        // Fields the program sets are replaced by what the kernel has, so refresh shows drift on them.
        ...(inputs.mtu !== undefined ? { mtu: end.mtu } : {}),
        ...(inputs.mac !== undefined ? { mac: end.mac } : {}),
        ...(inputs.peerMac !== undefined ? { peerMac: peer.mac } : {}),
        ...(inputs.master !== undefined ? { master: end.master } : {}),
        ...(inputs.peerMaster !== undefined ? { peerMaster: peer.master } : {}),
        up: end.up,
        peerUp: peer.up,
        ifindex: end.ifindex,
        peerIfindex: peer.ifindex,
        macAddress: end.mac,
        peerMacAddress: peer.mac,
        operState: end.operstate,
        peerOperState: peer.operstate,
    };
}

export const vethPair: ResourceImplementation<VethPairInputs, VethPairState> = {
    kind: "veth pair",
    schema: {
        name: { type: t.interfaceName, required: true, replaces: true },
        peerName: { type: t.interfaceName, required: true, replaces: true },
        namespace: { type: t.namespaceName, replaces: true },
        peerNamespace: { type: t.namespaceName, replaces: true },
        mtu: { type: t.mtu },
        up: { type: t.boolean, default: true },
        peerUp: { type: t.boolean, default: true },
        mac: { type: t.macAddress },
        peerMac: { type: t.macAddress },
        master: { type: t.interfaceName, unsetClears: true },
        peerMaster: { type: t.interfaceName, unsetClears: true },
        adopt: { type: t.boolean, default: false },
    },

    crossCheck(inputs): CheckFailure[] {
        if (inputs.name === inputs.peerName && inputs.namespace === inputs.peerNamespace) {
            return [{ property: "peerName", reason: `peerName "${inputs.peerName}" is the same as name in the same namespace: the two ends need different names` }];
        }
        if (inputs.mac !== undefined && inputs.mac === inputs.peerMac) {
            return [{ property: "peerMac", reason: `peerMac "${inputs.peerMac}" is the same as mac: the two ends need different addresses` }];
        }
        return [];
    },

    nameOf: (inputs) => `${inputs.name}/${inputs.peerName}`,

    async create(run, inputs) {
        const [end, peer] = ends(inputs);
        const existing = await findLink(run, end.namespace, end.name);
        const existingPeer = await findLink(run, peer.namespace, peer.name);
        try {
            const intended = await hasIntent("link", end.namespace, end.name);
            if (existing) claimExistingLink(existing, "veth", "veth pair", vethPair.nameOf(inputs), end.namespace, inputs.adopt, intended);
            if (existingPeer) claimExistingLink(existingPeer, "veth", "veth pair", vethPair.nameOf(inputs), peer.namespace, inputs.adopt, intended);
            if (existing && existingPeer && !arePeers(existing, existingPeer)) {
                throw new Error(`"${end.name}" and "${peer.name}" both exist but are not peers of each other; they are left untouched`);
            }
            if ((existing && !existingPeer) || (!existing && existingPeer)) {
                throw new Error(`only one end exists ("${(existing ?? existingPeer)!.name}"), and a veth end cannot exist without its peer; the existing one is left untouched`);
            }
        } catch (err) {
            await clearIntent("link", end.namespace, end.name);
            throw err;
        }
        const created = !existing && !existingPeer;
        try {
            if (created) {
                await recordIntent("link", end.namespace, end.name);
                await run(addVeth(
                    { name: end.name, namespace: end.namespace, mtu: end.mtu, mac: end.mac },
                    { name: peer.name, namespace: peer.namespace, mtu: peer.mtu, mac: peer.mac },
                ));
            }
            await converge(run, [end, peer]);
            await clearIntent("link", end.namespace, end.name);
            const outs = observed(inputs, await verifyLink(run, end.namespace, end.name), await verifyLink(run, peer.namespace, peer.name));
            return { id: `${inputs.namespace ?? ""}/${inputs.name}`, outs };
        } catch (err) {
            // Deleting one end deletes both: undo the half-made pair before reporting.
            if (created) await deleteLinkIfPresent(run, end.namespace, end.name);
            await clearIntent("link", end.namespace, end.name);
            throw err;
        }
    },

    async read(run, state) {
        const end = await findLink(run, state.namespace, state.name);
        const peer = await findLink(run, state.peerNamespace, state.peerName);
        if (!end || !peer) return undefined;
        return observed(state, end, peer);
    },

    async update(run, olds, news) {
        await converge(run, ends(news, olds));
        const outs = await this.read(run, { ...olds, ...news, master: news.master, peerMaster: news.peerMaster });
        if (!outs) throw new Error("it no longer exists");
        return outs;
    },

    async delete(run, state) {
        for (const [namespace, name] of [[state.namespace, state.name], [state.peerNamespace, state.peerName]] as const) {
            const link = await findLink(run, namespace, name);
            if (link && link.kind === "veth" && (isOurs(link.alias) || state.adopt)) {
                await deleteLinkIfPresent(run, namespace, name);
                return;
            }
        }
    },
};
