/**
 * BridgePort: attaches a link that something else created (a VM's tap device, a container's
 * veth end) to a bridge: `ip link set dev DEVICE master BRIDGE`. The device is not ours, so it
 * is never created, marked or deleted; we own only the attachment, and delete detaches it
 * (`nomaster`) only while it is still attached to the bridge we attached it to.
 */
import { setLink } from "../commands/link";
import { VerificationError } from "../exec/errors";
import { withUndo } from "../exec/intents";
import { Runner } from "../exec/run";
import { findLink } from "../kernel/link";
import { LinkState } from "../parse/link";
import * as t from "../validate/fields";
import { ResourceImplementation, readBack } from "../framework/implementation";

export interface BridgePortInputs {
    device: string;
    bridge: string;
    namespace?: string;
    /** Bring the device up as well; undefined leaves its state alone. */
    up?: boolean;
}

export interface BridgePortState extends BridgePortInputs {
    ifindex: number;
}

async function requireLink(run: Runner, namespace: string | undefined, name: string, what: string): Promise<LinkState> {
    const link = await findLink(run, namespace, name);
    if (!link) throw new Error(`${what} "${name}" does not exist`);
    return link;
}

/** What takes the device from how it is to attached (and up or down as wanted). */
function attachChange(inputs: BridgePortInputs, device: { master?: string; up?: boolean }): { master?: string; up?: boolean } {
    return {
        master: device.master === inputs.bridge ? undefined : inputs.bridge,
        up: inputs.up !== undefined && inputs.up !== device.up ? inputs.up : undefined,
    };
}

const commands = (...argvs: (string[] | undefined)[]): string[][] => argvs.filter((argv): argv is string[] => argv !== undefined);

/** Attaches the device (and sets it up or down); returns how to take back what it changed. */
async function attach(run: Runner, inputs: BridgePortInputs): Promise<(() => Promise<void>) | undefined> {
    const bridge = await requireLink(run, inputs.namespace, inputs.bridge, "bridge");
    if (bridge.kind !== "bridge") throw new Error(`"${inputs.bridge}" is a ${bridge.kind ?? "plain"} device, not a bridge`);
    const device = await requireLink(run, inputs.namespace, inputs.device, "device");
    const change = attachChange(inputs, device);
    const argv = setLink(inputs.namespace, inputs.device, change);
    if (!argv) return undefined;
    await run(argv);
    const back = setLink(inputs.namespace, inputs.device, {
        master: change.master === undefined ? undefined : (device.master ?? null),
        up: change.up === undefined ? undefined : device.up,
    });
    return back ? async () => void (await run(back)) : undefined;
}

export const bridgePort: ResourceImplementation<BridgePortInputs, BridgePortState> = {
    typeName: "BridgePort",
    kind: "bridge port",
    schema: {
        device: { type: t.interfaceName, required: true, replaces: true },
        bridge: { type: t.interfaceName, required: true },
        namespace: { type: t.namespaceName, replaces: true },
        up: { type: t.boolean },
    },
    outputs: ["ifindex"],

    nameOf: (inputs) => inputs.device,

    async create(run, inputs) {
        return withUndo(async (undo) => {
            const takeBack = await attach(run, inputs);
            if (takeBack) undo.add(takeBack);
            const outs = await this.read(run, inputs as BridgePortState);
            if (!outs || outs.bridge !== inputs.bridge) throw new VerificationError(`"${inputs.device}" is not attached to "${inputs.bridge}"`);
            return { id: `${inputs.namespace ?? ""}/${inputs.device}`, outs };
        });
    },

    async read(run, state) {
        const device = await findLink(run, state.namespace, state.device);
        if (!device) return undefined;
        const outs: BridgePortState = { ...state, bridge: device.master ?? "", ifindex: device.ifindex };
        if (state.up !== undefined) outs.up = device.up;
        return outs;
    },

    async update(run, olds, news) {
        await attach(run, news);
        return readBack(this, run, { ...olds, ...news });
    },

    async delete(run, state) {
        const device = await findLink(run, state.namespace, state.device);
        if (device && device.master === state.bridge) {
            await run(setLink(state.namespace, state.device, { master: null })!);
        }
    },

    // The device is someone else's; a port is its membership of the bridge.
    objects: (state) => (state.bridge ? [{ object: "link", namespace: state.namespace, name: state.device, master: state.bridge }] : []),

    plan: {
        // The device is someone else's: before us it is on no bridge, and its state is its own.
        create: (inputs) => commands(setLink(inputs.namespace, inputs.device, attachChange(inputs, {}))),
        update: (olds, news) => commands(setLink(news.namespace, news.device, attachChange(news, { master: olds.bridge, up: olds.up }))),
        delete: (state) => commands(setLink(state.namespace, state.device, { master: null })),
    },
};
