/** The forwarding switches of one namespace. */
import { IPV4_FORWARDING, IPV6_FORWARDING, readSysctls, writeSysctls } from "../commands/sysctl";
import { Runner } from "../exec/run";
import { parseSwitches } from "../parse/sysctl";

export interface ForwardingState {
    ipv4: boolean;
    ipv6: boolean;
}

export async function readForwarding(run: Runner, namespace: string | undefined): Promise<ForwardingState> {
    const [ipv4, ipv6] = parseSwitches(await run(readSysctls(namespace, [IPV4_FORWARDING, IPV6_FORWARDING])), 2);
    return { ipv4, ipv6 };
}

/** The `sysctl -w` that takes the switches from `current` to `wanted` (only those that differ); none when nothing does. */
export function forwardingWrites(namespace: string | undefined, wanted: Partial<ForwardingState>, current: Partial<ForwardingState> = {}): string[][] {
    const values: Record<string, string> = {};
    if (wanted.ipv4 !== undefined && wanted.ipv4 !== current.ipv4) values[IPV4_FORWARDING] = wanted.ipv4 ? "1" : "0";
    if (wanted.ipv6 !== undefined && wanted.ipv6 !== current.ipv6) values[IPV6_FORWARDING] = wanted.ipv6 ? "1" : "0";
    return Object.keys(values).length ? [writeSysctls(namespace, values)] : [];
}

export async function writeForwarding(run: Runner, namespace: string | undefined, wanted: Partial<ForwardingState>, current?: Partial<ForwardingState>): Promise<void> {
    for (const argv of forwardingWrites(namespace, wanted, current)) await run(argv);
}
