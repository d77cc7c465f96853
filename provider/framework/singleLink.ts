/**
 * What every resource that is one link has in common — Bridge, TapDevice, Macvlan: create it
 * with its kind's own `link add`, adopting our own marked link and refusing anyone else's, bring
 * the generic settings (mark, MTU, MAC, bridge, up) and its kind's own ones to what is wanted,
 * verify by reading back, and delete only what is ours. A kind says only what differs: how it is
 * added, what it is right after, its own settings and outputs.
 */
import { deleteLink } from "../commands/link";
import { CommandFailureKind, KernelObjectError, isCommandError } from "../exec/errors";
import { withCreationIntent, withUndo } from "../exec/intents";
import { Runner } from "../exec/run";
import { deleteLinkIfPresent, findLink } from "../kernel/link";
import { LinkState } from "../parse/link";
import { CheckFailure, Schema } from "./schema";
import { KernelObject, ResourceImplementation, readBack } from "./implementation";
import { believedLink, claimExistingLink, convergeLink, verifyLink, wantedMaster } from "./links";
import { isOurs } from "./ownership";
import * as t from "../validate/fields";

/** The inputs every single-link resource has. */
export interface LinkInputs {
    name: string;
    /** Where the link lives (undefined: the root namespace). */
    namespace?: string;
    up: boolean;
    mtu?: number;
    mac?: string;
    /** The bridge it is a port of, for kinds that can be one. */
    master?: string;
    adopt: boolean;
}

/** The schema of what every single link has: its name and namespace (identity)... */
export const linkIdentityFields: Schema = {
    name: { type: t.interfaceName, required: true, replaces: true },
    namespace: { type: t.namespaceName, replaces: true },
};

/** ...and the settings that change in place (`ip link set`), plus adoption. */
export const linkSettingFields: Schema = {
    up: { type: t.boolean, default: true },
    mtu: { type: t.mtu },
    mac: { type: t.macAddress },
    adopt: { type: t.boolean, default: false },
};

/** The outputs every single-link resource reads back. */
export interface LinkOutputs {
    ifindex: number;
    macAddress: string;
}

export interface SingleLinkKind<I extends LinkInputs, O extends I & LinkOutputs> {
    typeName: string;
    /** For messages: "bridge", "tap device", ... */
    kind: string;
    /** The kind `ip -d link` reports (`linkinfo.info_kind`). */
    linkKind: string;
    schema: Schema;
    /** Outputs beyond ifindex and macAddress. */
    outputs?: readonly string[];
    crossCheck?: (inputs: I) => CheckFailure[];
    /** The `link add` that makes it. */
    add(inputs: I): string[];
    /**
     * How `add` fails when the name is taken: "exists" for `ip link add` (File exists); `ip tuntap
     * add` says "Device or resource busy" instead.
     */
    nameTaken?: CommandFailureKind;
    /**
     * Why an existing link of the right kind still cannot be taken over (settings fixed at its
     * creation that differ from the inputs), or undefined.
     */
    unclaimable?: (inputs: I, existing: LinkState) => string | undefined;
    /** The link right after `add`: no alias, down, what `add` was told. */
    fresh(inputs: I): LinkState;
    /** Its kind's own settings that differ between `inputs` and the kernel, as commands. */
    kindCommands?(inputs: I, actual: LinkState | undefined): string[][];
    /** Its kind's own outputs and fields as the kernel has them. */
    observedKind?(inputs: I, link: LinkState): Partial<O>;
    /** Its kind's part of the link the state describes (for plans). */
    believedKind?(state: O): Partial<LinkState>;
}

/** The commands that take the link from what the kernel has to what is wanted: its kind's own, then the generic ones. */
function convergeCommands<I extends LinkInputs, O extends I & LinkOutputs>(k: SingleLinkKind<I, O>, inputs: I, actual: LinkState | undefined, previous?: I): string[][] {
    const linkArgv = convergeLink({ ...inputs, master: wantedMaster(inputs.master, previous?.master) }, actual);
    return [...(k.kindCommands?.(inputs, actual) ?? []), ...(linkArgv ? [linkArgv] : [])];
}

function observed<I extends LinkInputs, O extends I & LinkOutputs>(k: SingleLinkKind<I, O>, inputs: I, link: LinkState): O {
    const state = { ...inputs, up: link.up, ifindex: link.ifindex, macAddress: link.mac, ...k.observedKind?.(inputs, link) } as O;
    // Fields the program sets are replaced by what the kernel has, so refresh shows drift on them.
    if (inputs.mtu !== undefined) state.mtu = link.mtu;
    if (inputs.mac !== undefined) state.mac = link.mac;
    if (inputs.master !== undefined) state.master = link.master;
    return state;
}

/** The link as the kernel holds it when it is what the state says: ours, with the state's settings. */
function believed<I extends LinkInputs, O extends I & LinkOutputs>(k: SingleLinkKind<I, O>, state: O): LinkState {
    return { ...believedLink(k.linkKind, state), ...k.believedKind?.(state) };
}

/** A ResourceImplementation for a kind of single link. */
export function singleLink<I extends LinkInputs, O extends I & LinkOutputs>(k: SingleLinkKind<I, O>): ResourceImplementation<I, O> {
    const converge = async (run: Runner, inputs: I, known?: LinkState, previous?: I) => {
        const actual = known ?? (await findLink(run, inputs.namespace, inputs.name));
        for (const argv of convergeCommands(k, inputs, actual, previous)) await run(argv);
    };
    return {
        typeName: k.typeName,
        kind: k.kind,
        schema: k.schema,
        outputs: ["ifindex", "macAddress", ...(k.outputs ?? [])],
        crossCheck: k.crossCheck,

        nameOf: (inputs) => inputs.name,

        async create(run, inputs) {
            return withCreationIntent(run, "link", inputs.namespace, inputs.name, (intended) => withUndo(async (undo) => {
                let created = false;
                // Optimistic: add first; the kernel changes nothing when the name is taken.
                try {
                    await run(k.add(inputs));
                    created = true;
                    undo.add(() => deleteLinkIfPresent(run, inputs.namespace, inputs.name));
                } catch (err) {
                    if (!isCommandError(err, k.nameTaken ?? "exists")) throw err;
                    const existing = await findLink(run, inputs.namespace, inputs.name);
                    if (!existing) throw err;
                    claimExistingLink(existing, k.linkKind, k.kind, inputs.name, inputs.namespace, inputs.adopt, intended);
                    const refusal = k.unclaimable?.(inputs, existing);
                    if (refusal) throw new KernelObjectError("create", k.kind, inputs.name, inputs.namespace, refusal);
                }
                await converge(run, inputs, created ? k.fresh(inputs) : undefined);
                return { id: `${inputs.namespace ?? ""}/${inputs.name}`, outs: observed(k, inputs, await verifyLink(run, inputs.namespace, inputs.name)) };
            }));
        },

        async read(run, state) {
            const link = await findLink(run, state.namespace, state.name);
            return link && link.kind === k.linkKind ? observed(k, state, link) : undefined;
        },

        async update(run, olds, news) {
            await converge(run, news, undefined, olds);
            return readBack(this, run, { ...olds, ...news, master: news.master });
        },

        async delete(run, state) {
            const link = await findLink(run, state.namespace, state.name);
            if (link && link.kind === k.linkKind && (isOurs(link.alias) || state.adopt)) {
                await deleteLinkIfPresent(run, state.namespace, state.name);
            }
        },

        objects: (state): KernelObject[] => [{ object: "link", namespace: state.namespace, name: state.name, kind: k.linkKind, up: state.up, master: state.master }],

        plan: {
            create: (inputs) => [k.add(inputs), ...convergeCommands(k, inputs, k.fresh(inputs))],
            update: (olds, news) => convergeCommands(k, news, believed(k, olds), olds),
            delete: (state) => [deleteLink(state.namespace, state.name)],
        },
    };
}
