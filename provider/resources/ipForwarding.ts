/**
 * IpForwarding: turns packet forwarding on in one namespace (`sysctl -w net.ipv4.ip_forward=1`,
 * and `net.ipv6.conf.all.forwarding` for IPv6) and, on delete, restores the values it found, so
 * `pulumi destroy` leaves the namespace as it was.
 */
import { VerificationError, isCommandError } from "../exec/errors";
import { withUndo } from "../exec/intents";
import { Runner } from "../exec/run";
import { ForwardingState, forwardingWrites, readForwarding, writeForwarding } from "../kernel/sysctl";
import * as t from "../validate/fields";
import { ResourceImplementation } from "../framework/implementation";

export interface IpForwardingInputs {
    namespace?: string;
    ipv4: boolean;
    ipv6: boolean;
}

export interface IpForwardingState extends IpForwardingInputs {
    /** What the switches were before we changed them: restored on delete. */
    previousIpv4: boolean;
    previousIpv6: boolean;
}

async function apply(run: Runner, inputs: IpForwardingInputs, current: ForwardingState): Promise<ForwardingState> {
    await writeForwarding(run, inputs.namespace, inputs, current);
    return readForwarding(run, inputs.namespace);
}

/** What delete writes: each switch back to what it was before us, where it differs now. */
function restoreWrites(state: IpForwardingState, current: ForwardingState): string[][] {
    return forwardingWrites(state.namespace, { ipv4: state.previousIpv4, ipv6: state.previousIpv6 }, current);
}

/** A namespace's switches before anyone sets them: both off (the kernel's default). */
const KERNEL_DEFAULT: ForwardingState = { ipv4: false, ipv6: false };

function verified(inputs: IpForwardingInputs, actual: ForwardingState): void {
    if (actual.ipv4 !== inputs.ipv4 || actual.ipv6 !== inputs.ipv6) {
        throw new VerificationError(`forwarding reads ipv4=${actual.ipv4} ipv6=${actual.ipv6}`);
    }
}

export const ipForwarding: ResourceImplementation<IpForwardingInputs, IpForwardingState> = {
    typeName: "IpForwarding",
    kind: "forwarding setting",
    schema: {
        namespace: { type: t.namespaceName, replaces: true },
        ipv4: { type: t.boolean, default: true },
        ipv6: { type: t.boolean, default: false },
    },
    outputs: ["previousIpv4", "previousIpv6"],

    nameOf: () => "forwarding",

    async create(run, inputs) {
        const before = await readForwarding(run, inputs.namespace);
        await withUndo(async (undo) => {
            undo.add(() => writeForwarding(run, inputs.namespace, before));
            verified(inputs, await apply(run, inputs, before));
        });
        return { id: `${inputs.namespace ?? ""}/forwarding`, outs: { ...inputs, previousIpv4: before.ipv4, previousIpv6: before.ipv6 } };
    },

    async read(run, state) {
        try {
            const actual = await readForwarding(run, state.namespace);
            return { ...state, ...actual };
        } catch (err) {
            // The namespace is gone, and its switches with it.
            if (isCommandError(err, "notFound")) return undefined;
            throw err;
        }
    },

    async update(run, olds, news) {
        const after = await apply(run, news, await readForwarding(run, news.namespace));
        verified(news, after);
        return { ...olds, ...news };
    },

    async delete(run, state) {
        const current = await this.read(run, state);
        if (!current) return;
        for (const argv of restoreWrites(state, current)) await run(argv);
    },

    objects: (state) => [{ object: "forwarding", namespace: state.namespace, ipv4: state.ipv4, ipv6: state.ipv6 }],

    plan: {
        // What the switches were before is known only once read; the plan assumes the kernel's default.
        create: (inputs) => forwardingWrites(inputs.namespace, inputs, KERNEL_DEFAULT),
        update: (olds, news) => forwardingWrites(news.namespace, news, olds),
        delete: (state) => restoreWrites(state, state),
    },
};
