/** Idempotent namespace operations. */
import { addNamespace, deleteNamespace } from "../commands/netns";
import { isCommandError } from "../exec/errors";
import { isHalfMadeNamespace, namespaceInode } from "../exec/files";
import { Runner } from "../exec/run";

export { namespaceInode };

/**
 * What `addNamespaceIfAbsent` found: made it; the name taken (the caller decides whether that is
 * ours); or only a half-made namespace file under the name that no run of ours was making.
 */
export type NamespaceAddOutcome = "created" | "exists" | "half-made";

/**
 * `ip netns add`, unless the name is taken. `ours`: a creation of ours was in flight for this name
 * when a run died (exec/intents), so a half-made namespace file under it is that run's leftover: it
 * is removed and the add retried. Anyone else's half-made file is left alone ("half-made").
 */
export async function addNamespaceIfAbsent(run: Runner, name: string, ours = false): Promise<NamespaceAddOutcome> {
    try {
        await run(addNamespace(name));
        return "created";
    } catch (err) {
        if (!isCommandError(err, "exists")) throw err;
        if (!(await isHalfMadeNamespace(run, name))) return "exists";
        if (!ours) return "half-made";
        // `ip netns delete` unlinks the file (its unmount of a non-mount fails silently).
        await run(deleteNamespace(name));
        await run(addNamespace(name));
        return "created";
    }
}

/** `ip netns delete`; already gone is success. */
export async function deleteNamespaceIfPresent(run: Runner, name: string): Promise<void> {
    try {
        await run(deleteNamespace(name));
    } catch (err) {
        if (!isCommandError(err, "notFound")) {
            throw err;
        }
    }
}
