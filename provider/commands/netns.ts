/** argv builders for network namespaces (`ip netns`). Pure. */

/**
 * `ip netns add NAME`. Always run from the root mount namespace, never under `ip netns exec`:
 * there it leaves a dead /run/netns entry ("Peer netns reference is invalid").
 */
export function addNamespace(name: string): string[] {
    return ["ip", "netns", "add", name];
}

/** `ip netns delete NAME`: unmounts /run/netns/NAME; the kernel frees the namespace, and every device in it, once unused. */
export function deleteNamespace(name: string): string[] {
    return ["ip", "netns", "delete", name];
}

/** `ip -j netns list` */
export function listNamespaces(): string[] {
    return ["ip", "-j", "netns", "list"];
}
