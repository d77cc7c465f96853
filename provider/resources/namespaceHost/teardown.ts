/**
 * Removing a host we own: the inside end of its cable, which takes the host-side end with it
 * whatever that end is called, then the namespace — never a host-side link by name alone (a link
 * with that name may belong to another host), and never a namespace that is not ours.
 */
import { ipBatch } from "../../commands/ip";
import { deleteLink } from "../../commands/link";
import { deleteNamespaceFromInside } from "../../commands/netns";
import { isCommandError } from "../../exec/errors";
import { Runner } from "../../exec/run";
import { deleteLinkIfPresent, findLink } from "../../kernel/link";
import { deleteNamespaceIfPresent, namespaceInode } from "../../kernel/netns";
import { isOurs } from "../../framework/ownership";
import { NamespaceHostInputs } from "./parts";

/**
 * Removes the host, if it is ours (marked, or adopted). `hostIfindex`, the host-side end the state
 * knows, finds the cable of a namespace that is gone by name but still held by something (a
 * process inside it, a bind mount elsewhere) — deleted by hand, say — so that it does not stay on
 * the bridge.
 */
export async function removeHost(run: Runner, h: NamespaceHostInputs, hostIfindex?: number): Promise<void> {
    if ((await namespaceInode(run, h.name)) === undefined) {
        if (hostIfindex) await deleteHostEnd(run, h, hostIfindex);
        return;
    }
    const lo = await findLink(run, h.name, "lo");
    if (!lo || (!isOurs(lo.alias) && !h.adopt)) return;
    await tearDown(run, h);
}

/**
 * Deletes the inside end of the cable, then the namespace, in one `ip -n NAME -batch -` (the name
 * deleted from inside: deleteNamespaceFromInside says why that works). The cable first: deleting
 * it is synchronous, while the kernel tears a namespace down in the background (and not at all
 * while a process or a mount still holds it), and a replacement may want the host-side name again
 * at once. A batch stops at its first failure, and "not found" can only mean that the cable is
 * gone already (drift, or a create undone before it made one), or the namespace itself: then the
 * namespace is deleted on its own, if it is still there.
 */
export async function tearDown(run: Runner, h: NamespaceHostInputs): Promise<void> {
    try {
        const batch = ipBatch(h.name, teardownCommands(h));
        await run(batch.argv, batch.input);
    } catch (err) {
        if (!isCommandError(err, "notFound")) throw err;
        await deleteNamespaceIfPresent(run, h.name);
    }
}

/** What tearDown runs, in its one batch. */
export const teardownCommands = (h: Pick<NamespaceHostInputs, "name" | "interface">) => [deleteLink(h.name, h.interface), deleteNamespaceFromInside(h.name)];

/** Deletes the host-side end of the cable when the link by that name is still the end `ifindex`, and ours. */
async function deleteHostEnd(run: Runner, h: NamespaceHostInputs, ifindex: number): Promise<void> {
    if (await isHostEnd(run, h, ifindex)) await deleteLinkIfPresent(run, h.namespace, h.hostInterface);
}

/** Whether the link by the host-side name is still the end `ifindex` of this host's cable, and ours. */
export async function isHostEnd(run: Runner, h: NamespaceHostInputs, ifindex: number): Promise<boolean> {
    const end = await findLink(run, h.namespace, h.hostInterface);
    return end?.ifindex === ifindex && end.kind === "veth" && (isOurs(end.alias) || h.adopt);
}
