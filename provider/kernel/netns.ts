/** Idempotent namespace operations. */
import { addNamespace, deleteNamespace } from "../commands/netns";
import { isCommandError } from "../exec/errors";
import { namespaceInode } from "../exec/files";
import { Runner } from "../exec/run";

export { namespaceInode };

/** `ip netns add`; returns false when the name already exists (the caller decides whether that is ours). */
export async function addNamespaceIfAbsent(run: Runner, name: string): Promise<boolean> {
    try {
        await run(addNamespace(name));
        return true;
    } catch (err) {
        if (isCommandError(err, "exists")) {
            return false;
        }
        throw err;
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
