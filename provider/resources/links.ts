/** What VethPair and Bridge share: claiming an existing link by name, and reading one back. */
import { ForeignObjectError, KernelObjectError } from "../exec/errors";
import { Runner } from "../exec/run";
import { findLink } from "../kernel/link";
import { LinkState } from "../parse/link";
import { ADOPT_HINT, isOurs } from "./ownership";

/**
 * Decides what to do with a link that already has the name we want: ours (marked, or unmarked
 * with our intent on record; right kind) is adopted — that is what a crash between the kernel
 * change and the state write leaves — and so is any link when `adopt` is set; anything else is
 * refused and left untouched.
 */
export function claimExistingLink(
    existing: LinkState,
    expectedKind: string,
    objectKind: string,
    /** The resource's name in messages ("veth1/br-veth1" for a pair). */
    objectName: string,
    namespace: string | undefined,
    adopt: boolean,
    /** A creation of ours was in flight for this name (see exec/intents): unmarked is still ours. */
    intended = false,
): void {
    if (existing.kind !== expectedKind) {
        throw new KernelObjectError(
            "create",
            objectKind,
            objectName,
            namespace,
            `"${existing.name}" already exists but is a ${existing.kind ?? "plain"} device, not a ${objectKind}; it is left untouched`,
        );
    }
    if (!isOurs(existing.alias) && !adopt && !intended) {
        throw new ForeignObjectError(objectKind, objectName, namespace, ADOPT_HINT);
    }
}

/** Reads a link that must exist right after we changed it (apply, then verify). */
export async function verifyLink(run: Runner, namespace: string | undefined, name: string): Promise<LinkState> {
    const link = await findLink(run, namespace, name);
    if (!link) {
        throw new Error(`link "${name}" not found after apply`);
    }
    return link;
}

/** Turns "apply this setting" into an `ip link set` argument only when it differs from what the kernel has. */
export function changedSetting<T>(wanted: T | undefined, actual: T | undefined): T | undefined {
    return wanted !== undefined && wanted !== actual ? wanted : undefined;
}
