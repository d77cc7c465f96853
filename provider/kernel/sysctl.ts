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

export async function writeForwarding(run: Runner, namespace: string | undefined, wanted: Partial<ForwardingState>): Promise<void> {
    const values: Record<string, string> = {};
    if (wanted.ipv4 !== undefined) values[IPV4_FORWARDING] = wanted.ipv4 ? "1" : "0";
    if (wanted.ipv6 !== undefined) values[IPV6_FORWARDING] = wanted.ipv6 ? "1" : "0";
    if (Object.keys(values).length) await run(writeSysctls(namespace, values));
}
