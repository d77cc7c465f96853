/**
 * VethPair: two connected virtual Ethernet ends, each created directly in its namespace
 * (`ip link add A netns N1 type veth peer name B netns N2`), each marked as ours by its alias,
 * optionally attached to a bridge in its own namespace, up by default.
 */
import { addVeth, deleteLink } from "../commands/link";
import { isCommandError } from "../exec/errors";
import { withCreationIntent, withUndo } from "../exec/intents";
import { Runner } from "../exec/run";
import { deleteLinkIfPresent, findLink } from "../kernel/link";
import { LinkState } from "../parse/link";
import * as t from "../validate/fields";
import { ResourceImplementation, readBack } from "../framework/implementation";
import { WantedLink, believedLink, claimExistingLink, convergeLink, freshLink, verifyLink, wantedMaster } from "../framework/links";
import { isOurs } from "../framework/ownership";
import { CheckFailure } from "../framework/schema";

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
}

function ends(inputs: VethPairInputs, previous?: VethPairInputs): [WantedLink, WantedLink] {
    return [
        { name: inputs.name, namespace: inputs.namespace, mtu: inputs.mtu, up: inputs.up, mac: inputs.mac, master: wantedMaster(inputs.master, previous?.master) },
        { name: inputs.peerName, namespace: inputs.peerNamespace, mtu: inputs.mtu, up: inputs.peerUp, mac: inputs.peerMac, master: wantedMaster(inputs.peerMaster, previous?.peerMaster) },
    ];
}

/** The `ip link add` of the pair, both ends created directly in their namespaces. */
function addPair([end, peer]: [WantedLink, WantedLink]): string[] {
    return addVeth({ name: end.name, namespace: end.namespace, mtu: end.mtu, mac: end.mac }, { name: peer.name, namespace: peer.namespace, mtu: peer.mtu, mac: peer.mac });
}

function convergeCommands(wanted: [WantedLink, WantedLink], actual: [LinkState | undefined, LinkState | undefined]): string[][] {
    return wanted.map((end, i) => convergeLink(end, actual[i])).filter((argv): argv is string[] => argv !== undefined);
}

/** The two ends as the kernel holds them when they are what the state says: ours, with the state's settings. */
function believedEnds(state: VethPairState): [LinkState, LinkState] {
    return [
        believedLink("veth", state),
        believedLink("veth", { name: state.peerName, namespace: state.peerNamespace, mtu: state.mtu, mac: state.peerMac, master: state.peerMaster, up: state.peerUp, ifindex: state.peerIfindex, macAddress: state.peerMacAddress }),
    ];
}

/** Brings both ends to what is wanted; `known` skips the read when the state is already known. */
async function converge(run: Runner, wanted: [WantedLink, WantedLink], known?: [LinkState, LinkState]): Promise<void> {
    const actual = known ?? [await findLink(run, wanted[0].namespace, wanted[0].name), await findLink(run, wanted[1].namespace, wanted[1].name)];
    for (const argv of convergeCommands(wanted, actual)) await run(argv);
}

/** What `ip link add` leaves of one end. */
const freshEnd = (end: WantedLink) => freshLink("veth", end.name, end.mtu, end.mac);

/** Both names are taken: adopt the pair if it is ours (or `adopt` is set), else refuse, touching nothing. */
async function claimExistingPair(run: Runner, inputs: VethPairInputs, end: WantedLink, peer: WantedLink, intended: boolean): Promise<void> {
    const existing = await findLink(run, end.namespace, end.name);
    const existingPeer = await findLink(run, peer.namespace, peer.name);
    const name = vethPair.nameOf(inputs);
    if (existing) claimExistingLink(existing, "veth", "veth pair", name, end.namespace, inputs.adopt, intended);
    if (existingPeer) claimExistingLink(existingPeer, "veth", "veth pair", name, peer.namespace, inputs.adopt, intended);
    if (existing && existingPeer && !arePeers(existing, existingPeer)) {
        throw new Error(`"${end.name}" and "${peer.name}" both exist but are not peers of each other; they are left untouched`);
    }
    if (!existing || !existingPeer) {
        const present = existing ?? existingPeer;
        throw new Error(present
            ? `only one end exists ("${present.name}"), and a veth end cannot exist without its peer; the existing one is left untouched`
            : "the kernel said the pair exists, but neither end can be found");
    }
}

/** Two links are the ends of one pair: by name in one namespace, by ifindex across two. */
function arePeers(end: LinkState, peer: LinkState): boolean {
    return end.peerName === peer.name || (end.peerName === undefined && end.peerIfindex === peer.ifindex);
}

/** The state of a pair from what the kernel shows of its two ends. */
export function vethPairState(inputs: VethPairInputs, end: LinkState, peer: LinkState): VethPairState {
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
    };
}

/** The pair these inputs name as the kernel has it, or undefined when either end is gone. */
export async function readPair(run: Runner, inputs: VethPairInputs): Promise<VethPairState | undefined> {
    const end = await findLink(run, inputs.namespace, inputs.name);
    const peer = await findLink(run, inputs.peerNamespace, inputs.peerName);
    if (!end || !peer) return undefined;
    return vethPairState(inputs, end, peer);
}

export const vethPair: ResourceImplementation<VethPairInputs, VethPairState> = {
    typeName: "VethPair",
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
    outputs: ["ifindex", "peerIfindex", "macAddress", "peerMacAddress"],

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
        return withCreationIntent(run, "link", end.namespace, end.name, (intended) => withUndo(async (undo) => {
            let created = false;
            // Optimistic: the usual case is a free name, and `ip link add` changes nothing when
            // either end exists. Only then is there something to inspect and decide about.
            try {
                await run(addPair([end, peer]));
                created = true;
                // Deleting one end deletes both.
                undo.add(() => deleteLinkIfPresent(run, end.namespace, end.name));
            } catch (err) {
                if (!isCommandError(err, "exists")) throw err;
                await claimExistingPair(run, inputs, end, peer, intended);
            }
            // A pair we just made is known without reading it: unmarked, down, unattached.
            await converge(run, [end, peer], created ? [freshEnd(end), freshEnd(peer)] : undefined);
            const outs = vethPairState(inputs, await verifyLink(run, end.namespace, end.name), await verifyLink(run, peer.namespace, peer.name));
            return { id: `${inputs.namespace ?? ""}/${inputs.name}`, outs };
        }));
    },

    read: readPair,

    async update(run, olds, news) {
        await converge(run, ends(news, olds));
        return readBack(this, run, { ...olds, ...news, master: news.master, peerMaster: news.peerMaster });
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

    objects: (state) => [
        { object: "link", namespace: state.namespace, name: state.name, kind: "veth", up: state.up, master: state.master },
        { object: "link", namespace: state.peerNamespace, name: state.peerName, kind: "veth", up: state.peerUp, master: state.peerMaster },
        { object: "cable", a: { namespace: state.namespace, name: state.name }, b: { namespace: state.peerNamespace, name: state.peerName } },
    ],

    plan: {
        create: (inputs) => {
            const wanted = ends(inputs);
            return [addPair(wanted), ...convergeCommands(wanted, [freshEnd(wanted[0]), freshEnd(wanted[1])])];
        },
        update: (olds, news) => convergeCommands(ends(news, olds), believedEnds(olds)),
        // Deleting one end deletes both.
        delete: (state) => [deleteLink(state.namespace, state.name)],
    },
};
