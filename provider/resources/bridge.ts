/**
 * Bridge: a Linux bridge (`ip link add NAME type bridge`), marked as ours by its alias, up by
 * default, with its STP, VLAN filtering and timer settings changed in place.
 */
import { createHash } from "crypto";
import { BridgeOptions, LinkSettings, addBridge, deleteLink, setBridgeOptions, setLink } from "../commands/link";
import { isCommandError } from "../exec/errors";
import { withCreationIntent, withUndo } from "../exec/intents";
import { Runner } from "../exec/run";
import { deleteLinkIfPresent, findLink } from "../kernel/link";
import { LinkState } from "../parse/link";
import * as t from "../validate/fields";
import { ResourceImplementation, readBack } from "./implementation";
import { claimExistingLink, verifyLink } from "./links";
import { OWNER_MARK, isOurs } from "./ownership";

/** The creation options (mtu, mac, stp, timers) plus what every link resource has. */
export interface BridgeInputs extends BridgeOptions {
    name: string;
    namespace?: string;
    up: boolean;
    adopt: boolean;
}

export interface BridgeState extends BridgeInputs {
    ifindex: number;
    macAddress: string;
}

const bridgeOptionKeys = ["stp", "vlanFiltering", "forwardDelay", "ageingTime"] as const;

/** Bridge settings that differ between what is wanted and what the kernel has. */
function changedBridgeOptions(inputs: BridgeInputs, actual: LinkState | undefined): BridgeOptions {
    const options: BridgeOptions = {};
    for (const key of bridgeOptionKeys) {
        if (inputs[key] !== undefined && inputs[key] !== actual?.bridge?.[key]) {
            (options as Record<string, unknown>)[key] = inputs[key];
        }
    }
    return options;
}

/** The commands that take the bridge from what the kernel has to what is wanted. */
function convergeCommands(inputs: BridgeInputs, actual: LinkState | undefined): string[][] {
    const optionsArgv = setBridgeOptions(inputs.namespace, inputs.name, changedBridgeOptions(inputs, actual));
    const settings: LinkSettings = {};
    if (actual?.alias !== OWNER_MARK) settings.alias = OWNER_MARK;
    if (inputs.mtu !== undefined && inputs.mtu !== actual?.mtu) settings.mtu = inputs.mtu;
    if (inputs.mac !== undefined && inputs.mac !== actual?.mac) settings.mac = inputs.mac;
    if (inputs.up !== actual?.up) settings.up = inputs.up;
    const linkArgv = setLink(inputs.namespace, inputs.name, settings);
    return [optionsArgv, linkArgv].filter((argv): argv is string[] => argv !== undefined);
}

/** Brings the bridge to what is wanted; `known` skips the read when its state is already known. */
async function converge(run: Runner, inputs: BridgeInputs, known?: LinkState): Promise<void> {
    const actual = known ?? (await findLink(run, inputs.namespace, inputs.name));
    for (const argv of convergeCommands(inputs, actual)) await run(argv);
}

/** The bridge as the kernel holds it when it is what the state says: ours, with the state's settings. */
function believedBridge(state: BridgeState): LinkState {
    return {
        ifindex: state.ifindex, name: state.name, kind: "bridge", mtu: state.mtu ?? 0, mac: state.mac ?? state.macAddress, operstate: "UP",
        up: state.up, alias: OWNER_MARK,
        bridge: { stp: state.stp ?? false, vlanFiltering: state.vlanFiltering ?? false, forwardDelay: state.forwardDelay ?? 15, ageingTime: state.ageingTime ?? 300 },
    };
}

/**
 * The MAC a bridge is created with when the program sets none: derived from its namespace and
 * name, locally administered and unicast, as systemd-networkd's "persistent" policy does. Given
 * at creation it stays; a bridge whose MAC the kernel picks takes the MAC of its first port when
 * that attaches, which would show as drift right after `up`, and it would change again with every
 * replacement.
 */
export function persistentBridgeMac(namespace: string | undefined, name: string): string {
    const digest = createHash("sha256").update(`pulumi-linuxnet bridge ${namespace ?? ""}/${name}`).digest();
    digest[0] = (digest[0] & 0xfe) | 0x02;
    return [...digest.subarray(0, 6)].map((byte) => byte.toString(16).padStart(2, "0")).join(":");
}

/** What `ip link add` is given: the options, with the persistent MAC when none is set. */
function creationOptions(inputs: BridgeInputs): BridgeInputs {
    return { ...inputs, mac: inputs.mac ?? persistentBridgeMac(inputs.namespace, inputs.name) };
}

/** What `ip link add ... type bridge` with these options leaves: no alias, down. */
function freshBridge(inputs: BridgeInputs): LinkState {
    return {
        ifindex: 0, name: inputs.name, kind: "bridge", mtu: inputs.mtu ?? 0, mac: inputs.mac ?? "", operstate: "DOWN", up: false,
        bridge: { stp: inputs.stp ?? false, vlanFiltering: inputs.vlanFiltering ?? false, forwardDelay: inputs.forwardDelay ?? 15, ageingTime: inputs.ageingTime ?? 300 },
    };
}

function observed(inputs: BridgeInputs, link: LinkState): BridgeState {
    const state: BridgeState = {
        ...inputs,
        up: link.up,
        ifindex: link.ifindex,
        macAddress: link.mac,
    };
    if (inputs.mtu !== undefined) state.mtu = link.mtu;
    if (inputs.mac !== undefined) state.mac = link.mac;
    for (const key of bridgeOptionKeys) {
        if (inputs[key] !== undefined && link.bridge) (state as unknown as Record<string, unknown>)[key] = link.bridge[key];
    }
    return state;
}

export const bridge: ResourceImplementation<BridgeInputs, BridgeState> = {
    typeName: "Bridge",
    kind: "bridge",
    schema: {
        name: { type: t.interfaceName, required: true, replaces: true },
        namespace: { type: t.namespaceName, replaces: true },
        up: { type: t.boolean, default: true },
        mtu: { type: t.mtu },
        mac: { type: t.macAddress },
        stp: { type: t.boolean },
        vlanFiltering: { type: t.boolean },
        // The kernel accepts forward delays of 2-30 s with STP on; 0 is common without STP.
        forwardDelay: { type: t.integer(0, 30) },
        ageingTime: { type: t.integer(0, 1_000_000) },
        adopt: { type: t.boolean, default: false },
    },
    outputs: ["ifindex", "macAddress"],

    nameOf: (inputs) => inputs.name,

    async create(run, inputs) {
        return withCreationIntent("link", inputs.namespace, inputs.name, (intended) => withUndo(async (undo) => {
            let created = false;
            // Optimistic: add first; the kernel changes nothing when the name is taken.
            try {
                await run(addBridge(inputs.namespace, inputs.name, creationOptions(inputs)));
                created = true;
                undo.add(() => deleteLinkIfPresent(run, inputs.namespace, inputs.name));
            } catch (err) {
                if (!isCommandError(err, "exists")) throw err;
                const existing = await findLink(run, inputs.namespace, inputs.name);
                if (!existing) throw err;
                claimExistingLink(existing, "bridge", "bridge", inputs.name, inputs.namespace, inputs.adopt, intended);
            }
            await converge(run, inputs, created ? freshBridge(creationOptions(inputs)) : undefined);
            return { id: `${inputs.namespace ?? ""}/${inputs.name}`, outs: observed(inputs, await verifyLink(run, inputs.namespace, inputs.name)) };
        }));
    },

    async read(run, state) {
        const link = await findLink(run, state.namespace, state.name);
        return link && link.kind === "bridge" ? observed(state, link) : undefined;
    },

    async update(run, olds, news) {
        await converge(run, news);
        return readBack(this, run, { ...olds, ...news });
    },

    async delete(run, state) {
        const link = await findLink(run, state.namespace, state.name);
        if (link && link.kind === "bridge" && (isOurs(link.alias) || state.adopt)) {
            await deleteLinkIfPresent(run, state.namespace, state.name);
        }
    },

    objects: (state) => [{ object: "link", namespace: state.namespace, name: state.name, kind: "bridge", up: state.up }],

    plan: {
        create: (inputs) => [addBridge(inputs.namespace, inputs.name, creationOptions(inputs)), ...convergeCommands(inputs, freshBridge(creationOptions(inputs)))],
        update: (olds, news) => convergeCommands(news, believedBridge(olds)),
        delete: (state) => [deleteLink(state.namespace, state.name)],
    },
};

/** This module's resource type, for the registry (../registry.ts). */
export const resourceType = bridge;
