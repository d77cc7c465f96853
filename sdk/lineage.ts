/**
 * What a resource sits on, so that replacing a parent replaces what sits on it in the same `up`.
 *
 * The kernel removes objects with their parent — a link's addresses and routes with the link,
 * everything in a namespace with the namespace, a bridge's ports come off with the bridge, routes
 * through a device with its last address — while Pulumi replaces a dependent only when one of its
 * replacing inputs changes, and a parent replaced under the same name changes none.
 *
 * The engine's own `replaceWith` option says it: a resource is replaced whenever one of the
 * resources it lists is, decided by the engine from its own plan, so a preview shows exactly the
 * replacements `up` then makes (an in-place update of a parent replaces nothing), and `pulumi up
 * --replace`, a tainted parent and a parent replaced for any reason of its own cascade alike.
 * With `deleteBeforeReplace` (kernel names are unique), the engine deletes those dependents
 * before their parent and makes them again after it.
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * The resources of `ours` that `props` are made of (outputs of theirs, or they themselves) and
 * those in `dependsOn`. Which resource an output comes from is what the SDK itself tracks
 * dependencies by (`resources()` of an Output).
 */
export function parentResources<R extends pulumi.Resource>(
    ours: (value: unknown) => value is R,
    props: pulumi.Inputs,
    dependsOn: pulumi.CustomResourceOptions["dependsOn"],
): R[] {
    const parents = new Set<R>();
    const visit = (value: unknown): void => {
        if (ours(value)) {
            parents.add(value);
        } else if (pulumi.Output.isInstance(value)) {
            const resources = (value as unknown as { resources?: () => Set<pulumi.Resource> }).resources?.() ?? new Set();
            for (const resource of resources) visit(resource);
        } else if (Array.isArray(value)) {
            value.forEach(visit);
        }
    };
    Object.values(props).forEach(visit);
    visit(dependsOn);
    return [...parents];
}
