/**
 * Namespace targeting for argv builders. `ip -n NS ...` runs iproute2 against NS directly;
 * other tools (iptables, sysctl) have no such flag and run under `ip netns exec NS`, which gives
 * them that namespace's own ruleset and /proc/sys/net. Undefined means the root namespace.
 */

/** `ip [-n NS] args...` */
export function ipArgv(namespace: string | undefined, ...args: string[]): string[] {
    return namespace ? ["ip", "-n", namespace, ...args] : ["ip", ...args];
}

/** Runs a non-iproute2 tool inside a namespace: `ip netns exec NS argv...`. */
export function inNamespace(namespace: string | undefined, argv: string[]): string[] {
    return namespace ? ["ip", "netns", "exec", namespace, ...argv] : argv;
}
