/**
 * Strict parsing of IP addresses and CIDRs, and their canonical text (the form `ip` prints), so
 * that `diff` compares like with like and `check` rejects anything the kernel would read
 * differently from what the user wrote. Pure; no Node networking calls.
 */

export type IpFamily = 4 | 6;

export interface ParsedIp {
    family: IpFamily;
    /** Canonical text: dotted quad, or RFC 5952 for IPv6 (lowercase, longest zero run as `::`). */
    text: string;
    /** The address as a big-endian bit string source: 4 or 16 bytes. */
    bytes: number[];
}

export interface ParsedCidr extends ParsedIp {
    prefix: number;
    /** `address/prefix` in canonical form, host bits kept (an interface address). */
    cidr: string;
    /** True when no host bits are set (a network, as a route destination must be). */
    isNetwork: boolean;
    /** The network in canonical form, host bits cleared. */
    network: string;
}

const IPV4_OCTET = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/;

export function parseIpv4(text: string): number[] | undefined {
    const parts = text.split(".");
    if (parts.length !== 4 || !parts.every((p) => IPV4_OCTET.test(p))) {
        return undefined;
    }
    return parts.map(Number);
}

function parseIpv6(text: string): number[] | undefined {
    if (!/^[0-9A-Fa-f:.]+$/.test(text) || text.length > 45) {
        return undefined;
    }
    let hexText = text;
    if (text.includes(".")) {
        // An embedded IPv4 tail ("::ffff:192.0.2.1") stands for the last two groups.
        const lastColon = text.lastIndexOf(":");
        const v4 = parseIpv4(text.slice(lastColon + 1));
        if (!v4) {
            return undefined;
        }
        hexText = `${text.slice(0, lastColon + 1)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
    }
    const halves = hexText.split("::");
    if (halves.length > 2) {
        return undefined;
    }
    const groupsOf = (s: string) => (s === "" ? [] : s.split(":"));
    const left = groupsOf(halves[0]);
    const right = halves.length === 2 ? groupsOf(halves[1]) : [];
    if (![...left, ...right].every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) {
        return undefined;
    }
    const missing = 8 - left.length - right.length;
    if (halves.length === 2 ? missing < 1 : missing !== 0) {
        return undefined;
    }
    const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...right];
    return groups.flatMap((g) => {
        const v = parseInt(g, 16);
        return [v >> 8, v & 0xff];
    });
}

export function formatIp(bytes: readonly number[]): string {
    if (bytes.length === 4) {
        return bytes.join(".");
    }
    const groups: number[] = [];
    for (let i = 0; i < 16; i += 2) {
        groups.push((bytes[i] << 8) | bytes[i + 1]);
    }
    // RFC 5952: compress the longest run (at least two) of zero groups, the first one on a tie.
    let bestStart = -1;
    let bestLen = 1;
    for (let i = 0; i < 8; ) {
        if (groups[i] !== 0) {
            i++;
            continue;
        }
        let j = i;
        while (j < 8 && groups[j] === 0) j++;
        if (j - i > bestLen) {
            bestStart = i;
            bestLen = j - i;
        }
        i = j;
    }
    const hex = groups.map((g) => g.toString(16));
    if (bestStart < 0) {
        return hex.join(":");
    }
    return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

/** Parses an IPv4 or IPv6 address without prefix. */
export function parseIp(text: string): ParsedIp | undefined {
    if (typeof text !== "string") {
        return undefined;
    }
    const v4 = parseIpv4(text);
    if (v4) {
        return { family: 4, text: formatIp(v4), bytes: v4 };
    }
    const v6 = text.includes(":") ? parseIpv6(text) : undefined;
    return v6 ? { family: 6, text: formatIp(v6), bytes: v6 } : undefined;
}

/** Parses `address/prefix` strictly: the prefix is required and within 0..32 or 0..128. */
export function parseCidr(text: string): ParsedCidr | undefined {
    if (typeof text !== "string") {
        return undefined;
    }
    const match = /^([^/]+)\/(0|[1-9][0-9]{0,2})$/.exec(text);
    if (!match) {
        return undefined;
    }
    const ip = parseIp(match[1]);
    const prefix = Number(match[2]);
    if (!ip || prefix > ip.bytes.length * 8) {
        return undefined;
    }
    const networkBytes = ip.bytes.map((b, i) => {
        const bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
        return b & ((0xff << (8 - bitsHere)) & 0xff);
    });
    return {
        ...ip,
        prefix,
        cidr: `${ip.text}/${prefix}`,
        isNetwork: networkBytes.every((b, i) => b === ip.bytes[i]),
        network: `${formatIp(networkBytes)}/${prefix}`,
    };
}
