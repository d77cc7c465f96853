/** Idempotent namespace operations. */
import { addNamespace, deleteNamespace } from "../commands/netns";
import { isCommandError } from "../exec/errors";
import { isHalfMadeNamespace, namespaceInode } from "../exec/files";
import { Runner } from "../exec/run";

export { namespaceInode };

/**
 * `ip netns add`; returns false when the name already exists (the caller decides whether that is
 * ours). `ours`: a creation of ours was in flight for this name when a run died (exec/intents), so
 * a half-made namespace file under it is that run's leftover: it is removed and the add retried.
 * Anyone else's half-made file is left alone (false).
 */
export async function addNamespaceIfAbsent(run: Runner, name: string, ours = false): Promise<boolean> {
    try {
        await run(addNamespace(name));
        return true;
    } catch (err) {
        if (!isCommandError(err, "exists")) throw err;
        if (!ours || !(await isHalfMadeNamespace(run, name))) return false;
        // `ip netns delete` unlinks the file (its unmount of a non-mount fails silently).
        await run(deleteNamespace(name));
        await run(addNamespace(name));
        return true;
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
