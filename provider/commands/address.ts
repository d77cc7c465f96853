/** argv builders for interface addresses (`ip addr`). Pure. */
import { ipArgv } from "./ip";

export interface AddressSpec {
    device: string;
    /** `address/prefix`, host bits kept. */
    address: string;
    broadcast?: string;
    label?: string;
    /** Seconds, or "forever". */
    validLifetime?: number | "forever";
    preferredLifetime?: number | "forever";
    /** IPv6 only: skip duplicate address detection, so the address is usable at once instead of "tentative". */
    noDad?: boolean;
}

function addressOptions(spec: AddressSpec): string[] {
    return [
        ...(spec.broadcast !== undefined ? ["broadcast", spec.broadcast] : []),
        ...(spec.label !== undefined ? ["label", spec.label] : []),
        ...(spec.validLifetime !== undefined ? ["valid_lft", String(spec.validLifetime)] : []),
        ...(spec.preferredLifetime !== undefined ? ["preferred_lft", String(spec.preferredLifetime)] : []),
        ...(spec.noDad ? ["nodad"] : []),
    ];
}

/** `ip [-n NS] addr add ADDRESS dev DEVICE [broadcast B] [label L] [valid_lft ...] [nodad]` */
export function addAddress(namespace: string | undefined, spec: AddressSpec): string[] {
    return ipArgv(namespace, "addr", "add", spec.address, "dev", spec.device, ...addressOptions(spec));
}

/** `ip [-n NS] addr replace ...`: changes broadcast, label and lifetimes of an existing address in place. */
export function replaceAddress(namespace: string | undefined, spec: AddressSpec): string[] {
    return ipArgv(namespace, "addr", "replace", spec.address, "dev", spec.device, ...addressOptions(spec));
}

/** `ip [-n NS] addr delete ADDRESS dev DEVICE` */
export function deleteAddress(namespace: string | undefined, device: string, address: string): string[] {
    return ipArgv(namespace, "addr", "delete", address, "dev", device);
}

/** `ip [-n NS] -j addr show dev DEVICE` */
export function showAddresses(namespace: string | undefined, device: string): string[] {
    return ipArgv(namespace, "-j", "addr", "show", "dev", device);
}

/** `ip [-n NS] -d -j addr show`: every link of a namespace with its details and addresses. */
export function showLinksWithAddresses(namespace: string | undefined): string[] {
    return ipArgv(namespace, "-d", "-j", "addr", "show");
}
