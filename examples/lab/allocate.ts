/**
 * Address allocation for the lab: the first `count` usable host addresses of an IPv4 network,
 * each with the network's prefix. Pure, so it is unit tested without a kernel.
 */
export function allocateHostAddresses(cidr: string, count: number): string[] {
    const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
    if (!match) throw new Error(`cidr ${JSON.stringify(cidr)} is not an IPv4 network like "10.10.0.0/24"`);
    const octets = match.slice(1, 5).map(Number);
    const prefix = Number(match[5]);
    if (octets.some((o) => o > 255) || prefix < 1 || prefix > 30) throw new Error(`cidr ${JSON.stringify(cidr)} needs a prefix from 1 to 30`);
    const base = octets.reduce((acc, o) => acc * 256 + o, 0);
    const size = 2 ** (32 - prefix);
    if (base % size !== 0) throw new Error(`cidr ${JSON.stringify(cidr)} has host bits set`);
    // Network and broadcast addresses are not usable.
    if (count < 0 || count > size - 2) throw new Error(`cidr ${cidr} has ${size - 2} usable addresses, ${count} asked for`);
    return Array.from({ length: count }, (_, i) => {
        const n = base + 1 + i;
        return `${[24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".")}/${prefix}`;
    });
}
