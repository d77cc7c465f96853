/**
 * Idempotent link operations over the argv builders: read one link (absent is undefined, not an
 * error) and delete one (already gone is success).
 */
import { deleteLink, showLink } from "../commands/link";
import { isCommandError } from "../exec/errors";
import { Runner, runJson } from "../exec/run";
import { LinkState, parseLinks } from "../parse/link";

/** The link NAME in NAMESPACE, or undefined when it (or the namespace) does not exist. */
export async function findLink(run: Runner, namespace: string | undefined, name: string): Promise<LinkState | undefined> {
    try {
        return parseLinks(await runJson(run, showLink(namespace, name)))[0];
    } catch (err) {
        if (isCommandError(err, "notFound")) {
            return undefined;
        }
        throw err;
    }
}

/** Deletes a link; "already gone" (including its whole namespace gone) is success. */
export async function deleteLinkIfPresent(run: Runner, namespace: string | undefined, name: string): Promise<void> {
    try {
        await run(deleteLink(namespace, name));
    } catch (err) {
        if (!isCommandError(err, "notFound")) {
            throw err;
        }
    }
}
