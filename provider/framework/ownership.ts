/**
 * How we recognise what we created. Links carry this text as their `ifalias` (a namespace carries
 * it on its loopback device), iptables rules carry it in a `-m comment`, and routes carry our own
 * `proto` number. `create` adopts an object that carries the mark (a crash between the kernel
 * change and the state write leaves exactly that), and refuses one that does not.
 */
export const OWNER_MARK = "managed-by=pulumi-linuxnet";

/**
 * Route protocol number for routes we add: unassigned in iproute2's rt_protos, so nothing else
 * writes it. Read back numerically (`ip -N`): some numbers print as names (99 prints "openr").
 */
export const ROUTE_PROTOCOL = 241;

export function isOurs(alias: string | undefined): boolean {
    return alias === OWNER_MARK;
}

/** The sentence every "refuse a foreign object" error ends with. */
export const ADOPT_HINT = "set `adopt: true` on the resource to take it over deliberately (it is then changed and deleted like one we created)";
