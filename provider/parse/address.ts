/** Parses `ip -j addr show` output. Pure. */
import { parseCidr } from "../validate/ip";

export interface AddressState {
    device: string;
    family: "inet" | "inet6";
    /** Canonical `address/prefix`. */
    address: string;
    prefix: number;
    scope: string;
    broadcast?: string;
    label?: string;
    /** Seconds, or "forever" (the kernel's 4294967295). */
    validLifetime: number | "forever";
    preferredLifetime: number | "forever";
    tentative: boolean;
}

interface RawAddrInfo {
    family: "inet" | "inet6";
    local: string;
    prefixlen: number;
    scope: string;
    broadcast?: string;
    label?: string;
    valid_life_time?: number;
    preferred_life_time?: number;
    tentative?: boolean;
}

const FOREVER = 4294967295;
const lifetime = (v: number | undefined) => (v === undefined || v === FOREVER ? "forever" : v);

export function parseAddresses(json: unknown): AddressState[] {
    if (!Array.isArray(json)) {
        throw new Error(`unexpected \`ip -j addr\` output: ${JSON.stringify(json).slice(0, 200)}`);
    }
    return (json as Array<{ ifname: string; addr_info?: RawAddrInfo[] }>).flatMap((link) =>
        (link.addr_info ?? []).map((info) => {
            const state: AddressState = {
                device: link.ifname,
                family: info.family,
                address: parseCidr(`${info.local}/${info.prefixlen}`)?.cidr ?? `${info.local}/${info.prefixlen}`,
                prefix: info.prefixlen,
                scope: info.scope,
                validLifetime: lifetime(info.valid_life_time),
                preferredLifetime: lifetime(info.preferred_life_time),
                tentative: info.tentative === true,
            };
            if (info.broadcast) state.broadcast = info.broadcast;
            if (info.label) state.label = info.label;
            return state;
        }),
    );
}
