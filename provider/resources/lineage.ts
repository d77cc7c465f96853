/**
 * What a resource sits on, so that replacing a parent replaces what sits on it in the same `up`.
 * The kernel removes objects with their parent — a link's addresses and routes with the link,
 * everything in a namespace with the namespace, a bridge's ports come off with the bridge, routes
 * through a device with its last address — while Pulumi replaces a dependent only when one of
 * its replacing inputs changes, and a parent replaced under the same name changes none.
 *
 * So every object gets an `instanceId` when it is created, new with each creation (an update
 * keeps it). The SDK gives a resource the instanceIds of the resources it names in its inputs or
 * `dependsOn` (`__parents`); when a parent is replaced, its new instanceId is unknown at preview
 * and different afterwards, and `__parents` is a replacing input: the dependent is deleted before
 * its parent goes and made again after the new parent exists.
 */
import { randomUUID } from "crypto";
import { isUnknown } from "../validate/fields";

/** The hidden input: the parents' instanceIds. Not a schema field: the engine's `__` prefix keeps it out of sight. */
export const PARENTS = "__parents";
/** The output every resource has: the id of this creation of its kernel object. */
export const INSTANCE_ID = "instanceId";

type Props = object;

/** The lineage fields of `from`, to carry into checked inputs or new state. */
const field = (from: Props, key: string): unknown => (from as Record<string, unknown>)[key];

export function parentsOf(from: Props): Props {
    return field(from, PARENTS) === undefined ? {} : { [PARENTS]: field(from, PARENTS) };
}

/** A fresh identity for an object just created. */
export function newInstance(): Props {
    return { [INSTANCE_ID]: randomUUID() };
}

/** The identity an object keeps across updates and refreshes. */
export function sameInstance(state: Props): Props {
    return field(state, INSTANCE_ID) === undefined ? {} : { [INSTANCE_ID]: field(state, INSTANCE_ID) };
}

/**
 * Whether the parents changed: a parent replaced (its instanceId unknown at preview, or new). A
 * state from before lineage existed has none: that is no change, and the next update stores them.
 */
export function parentsReplaced(olds: Props, news: Props): boolean {
    const [before, after] = [field(olds, PARENTS), field(news, PARENTS)];
    if (after === undefined || before === undefined) return false;
    if (isUnknown(after) || (Array.isArray(after) && after.some(isUnknown))) return true;
    return JSON.stringify(before) !== JSON.stringify(after);
}
