/** argv builders for network namespaces (`ip netns`). Pure. */
import { ipArgv } from "./ip";

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

/**
 * `ip -n NAME netns delete NAME`: the namespace's name deleted by a process inside it, so that it
 * can end a batch that first deletes links there (one process instead of two). Measured: it
 * works, unlike `ip -n X netns add Y`. `-n` gives ip a mount namespace of its own, a slave of the
 * machine's: a bind mount made there never reaches the machine, but unlinking /run/netns/NAME
 * there detaches the mount everywhere (Linux 3.18 and later let a mount point in another mount
 * namespace be unlinked). The kernel frees the namespace once that process has exited, as after
 * a plain `ip netns delete` once the last user is gone.
 */
export function deleteNamespaceFromInside(name: string): string[] {
    return ipArgv(name, "netns", "delete", name);
}

/** `ip -j netns list` */
export function listNamespaces(): string[] {
    return ["ip", "-j", "netns", "list"];
}
