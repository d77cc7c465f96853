/** Idempotent address operations. */
import { deleteAddress, showAddresses } from "../commands/address";
import { isCommandError } from "../exec/errors";
import { Runner, runJson } from "../exec/run";
import { AddressState, parseAddresses } from "../parse/address";

/** Every address on DEVICE, or undefined when the device or the namespace is gone. */
export async function listAddresses(run: Runner, namespace: string | undefined, device: string): Promise<AddressState[] | undefined> {
    try {
        return parseAddresses(await runJson(run, showAddresses(namespace, device)));
    } catch (err) {
        if (isCommandError(err, "notFound")) return undefined;
        throw err;
    }
}

/** The address (canonical CIDR) on DEVICE, or undefined when it, the device or the namespace is gone. */
export async function findAddress(run: Runner, namespace: string | undefined, device: string, address: string): Promise<AddressState | undefined> {
    return (await listAddresses(run, namespace, device))?.find((a) => a.address === address);
}

/** Deletes an address; already gone (with its device or namespace) is success. */
export async function deleteAddressIfPresent(run: Runner, namespace: string | undefined, device: string, address: string): Promise<void> {
    try {
        await run(deleteAddress(namespace, device, address));
    } catch (err) {
        if (!isCommandError(err, "notFound")) throw err;
    }
}
