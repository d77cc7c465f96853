/**
 * Address: one IPv4 or IPv6 address on a device (`ip addr add CIDR dev DEVICE`).
 *
 * iproute2 6.1 has no `proto` for addresses, so an address cannot carry a mark of its own. The
 * rule instead: an existing identical address counts as ours when it sits on a link we own
 * (marked by its alias) — which is what a crash after `ip addr add` leaves — and as foreign on any
 * other link, unless `adopt` is set.
 */
import { AddressSpec, addAddress, deleteAddress, replaceAddress } from "../commands/address";
import { ForeignObjectError, VerificationError, isCommandError } from "../exec/errors";
import { withUndo } from "../exec/intents";
import { Runner } from "../exec/run";
import { deleteAddressIfPresent, findAddress } from "../kernel/address";
import { findLink } from "../kernel/link";
import { AddressState } from "../parse/address";
import * as t from "../validate/fields";
import { parseCidr } from "../validate/ip";
import { ResourceImplementation } from "../framework/implementation";
import { ADOPT_HINT, isOurs } from "../framework/ownership";
import { CheckFailure } from "../framework/schema";

export interface AddressInputs {
    device: string;
    address: string;
    namespace?: string;
    broadcast?: string;
    label?: string;
    validLifetime?: number;
    preferredLifetime?: number;
    /** IPv6 duplicate address detection; off by default so the address works at once. */
    duplicateAddressDetection: boolean;
    adopt: boolean;
}

export interface AddressOutputs extends AddressInputs {
    family: "inet" | "inet6";
    prefix: number;
    scope: string;
}

/** The `ip addr` arguments for an Address's inputs. */
export function addressSpec(inputs: AddressInputs): AddressSpec {
    const family = parseCidr(inputs.address)!.family;
    return {
        device: inputs.device,
        address: inputs.address,
        broadcast: inputs.broadcast,
        label: inputs.label,
        validLifetime: inputs.validLifetime,
        preferredLifetime: inputs.preferredLifetime ?? (inputs.validLifetime !== undefined ? inputs.validLifetime : undefined),
        noDad: family === 6 && !inputs.duplicateAddressDetection,
    };
}

function observed(inputs: AddressInputs, actual: AddressState): AddressOutputs {
    const outs: AddressOutputs = { ...inputs, family: actual.family, prefix: actual.prefix, scope: actual.scope };
    if (inputs.broadcast !== undefined) outs.broadcast = actual.broadcast;
    if (inputs.label !== undefined) outs.label = actual.label;
    return outs;
}

function addressId(inputs: AddressInputs): string {
    return `${inputs.namespace ?? ""}/${inputs.device}/${inputs.address}`;
}

async function verify(run: Runner, inputs: AddressInputs): Promise<AddressOutputs> {
    const actual = await findAddress(run, inputs.namespace, inputs.device, inputs.address);
    if (!actual) throw new VerificationError(`address ${inputs.address} is not on "${inputs.device}"`);
    return observed(inputs, actual);
}

export const address: ResourceImplementation<AddressInputs, AddressOutputs> = {
    typeName: "Address",
    kind: "address",
    schema: {
        device: { type: t.interfaceName, required: true, replaces: true },
        address: { type: t.interfaceCidr, required: true, replaces: true },
        namespace: { type: t.namespaceName, replaces: true },
        // The kernel keeps broadcast and label of an existing address as they are, even under
        // `ip addr replace` (it updates only lifetimes), so changing them re-adds the address.
        broadcast: { type: t.ipAddress, replaces: true },
        label: { type: t.addressLabel, replaces: true },
        validLifetime: { type: t.integer(1, 4294967294) },
        preferredLifetime: { type: t.integer(0, 4294967294) },
        duplicateAddressDetection: { type: t.boolean, default: false },
        adopt: { type: t.boolean, default: false },
    },
    outputs: ["family", "prefix", "scope"],

    crossCheck(inputs): CheckFailure[] {
        const failures: CheckFailure[] = [];
        const cidr = parseCidr(inputs.address)!;
        if (inputs.broadcast !== undefined) {
            const broadcast = parseCidr(`${inputs.broadcast}/32`);
            if (cidr.family !== 4 || !broadcast) {
                failures.push({ property: "broadcast", reason: `broadcast "${inputs.broadcast}" needs an IPv4 address on an IPv4 address (address is ${inputs.address})` });
            }
        }
        if (inputs.label !== undefined && (cidr.family !== 4 || !inputs.label.startsWith(inputs.device))) {
            failures.push({ property: "label", reason: `label "${inputs.label}" must start with the device name "${inputs.device}" and is IPv4 only` });
        }
        if (inputs.preferredLifetime !== undefined && inputs.validLifetime !== undefined && inputs.preferredLifetime > inputs.validLifetime) {
            failures.push({ property: "preferredLifetime", reason: `preferredLifetime ${inputs.preferredLifetime} is longer than validLifetime ${inputs.validLifetime}` });
        }
        return failures;
    },

    nameOf: (inputs) => `${inputs.address} on ${inputs.device}`,

    async create(run, inputs) {
        return withUndo(async (undo) => {
            // Optimistic: add first; the kernel refuses (changing nothing) when the address is there.
            try {
                await run(addAddress(inputs.namespace, addressSpec(inputs)));
                undo.add(() => deleteAddressIfPresent(run, inputs.namespace, inputs.device, inputs.address));
            } catch (err) {
                if (!isCommandError(err, "exists")) throw err;
                const link = await findLink(run, inputs.namespace, inputs.device);
                if (!isOurs(link?.alias) && !inputs.adopt) {
                    throw new ForeignObjectError("address", address.nameOf(inputs), inputs.namespace, ADOPT_HINT);
                }
                await run(replaceAddress(inputs.namespace, addressSpec(inputs)));
            }
            return { id: addressId(inputs), outs: await verify(run, inputs) };
        });
    },

    objects: (state) => [{ object: "address", namespace: state.namespace, device: state.device, address: state.address }],

    plan: {
        create: (inputs) => [addAddress(inputs.namespace, addressSpec(inputs))],
        update: (_olds, news) => [replaceAddress(news.namespace, addressSpec(news))],
        delete: (state) => [deleteAddress(state.namespace, state.device, state.address)],
    },

    async read(run, state) {
        const actual = await findAddress(run, state.namespace, state.device, state.address);
        return actual && observed(state, actual);
    },

    async update(run, _olds, news) {
        await run(replaceAddress(news.namespace, addressSpec(news)));
        return verify(run, news);
    },

    async delete(run, state) {
        await deleteAddressIfPresent(run, state.namespace, state.device, state.address);
    },
};
