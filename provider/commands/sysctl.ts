/** argv builders for the forwarding switches (`sysctl`), per namespace. Pure. */
import { inNamespace } from "./ip";

export const IPV4_FORWARDING = "net.ipv4.ip_forward";
export const IPV6_FORWARDING = "net.ipv6.conf.all.forwarding";

/** `[ip netns exec NS] sysctl -n KEY...`: one value per line, in order. */
export function readSysctls(namespace: string | undefined, keys: string[]): string[] {
    return inNamespace(namespace, ["sysctl", "-n", ...keys]);
}

/** `[ip netns exec NS] sysctl -q -w KEY=VALUE...` */
export function writeSysctls(namespace: string | undefined, values: Record<string, string>): string[] {
    return inNamespace(namespace, ["sysctl", "-q", "-w", ...Object.entries(values).map(([k, v]) => `${k}=${v}`)]);
}
