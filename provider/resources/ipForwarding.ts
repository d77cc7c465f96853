/**
 * IpForwarding: turns packet forwarding on in one namespace (`sysctl -w net.ipv4.ip_forward=1`,
 * and `net.ipv6.conf.all.forwarding` for IPv6) and, on delete, restores the values it found, so
 * `pulumi destroy` leaves the namespace as it was.
 */
import { Runner } from "../exec/run";
import { ForwardingState, readForwarding, writeForwarding } from "../kernel/sysctl";
import * as t from "../validate/fields";
import { ResourceImplementation } from "./implementation";

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
    await writeForwarding(run, inputs.namespace, {
        ipv4: inputs.ipv4 !== current.ipv4 ? inputs.ipv4 : undefined,
        ipv6: inputs.ipv6 !== current.ipv6 ? inputs.ipv6 : undefined,
    });
    return readForwarding(run, inputs.namespace);
}

function verified(inputs: IpForwardingInputs, actual: ForwardingState): void {
    if (actual.ipv4 !== inputs.ipv4 || actual.ipv6 !== inputs.ipv6) {
        throw new Error(`forwarding reads back as ipv4=${actual.ipv4} ipv6=${actual.ipv6} after apply`);
    }
}

export const ipForwarding: ResourceImplementation<IpForwardingInputs, IpForwardingState> = {
    kind: "forwarding setting",
    schema: {
        namespace: { type: t.namespaceName, replaces: true },
        ipv4: { type: t.boolean, default: true },
        ipv6: { type: t.boolean, default: false },
    },

    nameOf: () => "forwarding",

    async create(run, inputs) {
        const before = await readForwarding(run, inputs.namespace);
        const after = await apply(run, inputs, before);
        try {
            verified(inputs, after);
        } catch (err) {
            await writeForwarding(run, inputs.namespace, before);
            throw err;
        }
        return { id: `${inputs.namespace ?? ""}/forwarding`, outs: { ...inputs, previousIpv4: before.ipv4, previousIpv6: before.ipv6 } };
    },

    async read(run, state) {
        try {
            const actual = await readForwarding(run, state.namespace);
            return { ...state, ...actual };
        } catch (err) {
            // The namespace is gone, and its switches with it.
            if (/Cannot open network namespace/.test((err as Error).message)) return undefined;
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
        await writeForwarding(run, state.namespace, {
            ipv4: current.ipv4 !== state.previousIpv4 ? state.previousIpv4 : undefined,
            ipv6: current.ipv6 !== state.previousIpv6 ? state.previousIpv6 : undefined,
        });
    },
};
