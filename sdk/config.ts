import * as pulumi from "@pulumi/pulumi";
import type { AnyResourceType } from "../provider/registry";

/**
 * The namespace that stands for "the host": where objects without a `namespace` go. Unset means
 * the real root namespace; the stack setting `linuxnet:hostNamespace` points it at a named
 * namespace instead, so a whole lab can be built inside one sandbox namespace.
 */
export function hostNamespace(): string | undefined {
    return new pulumi.Config("linuxnet").get("hostNamespace") || undefined;
}

/**
 * The fields of a type that name a namespace and default to the host namespace: `namespace` and
 * `<end>Namespace`. (A NetworkNamespace's or NamespaceHost's own `name` is a namespace it makes,
 * not one it goes into.)
 */
export function namespaceFields(type: AnyResourceType): string[] {
    return Object.keys(type.schema).filter((field) => field === "namespace" || /^[a-z]+Namespace$/.test(field));
}

/**
 * The program's NetworkNamespace resources by name, and the names objects were sent to by default
 * before a NetworkNamespace of that name was made. Why: when the host namespace is one the program
 * makes, everything sent there by default must come after it. Taking the resource's `name` output
 * instead of the plain name gives the engine that order (and replaces them with it).
 */
const namespaceResources = new Map<string, { name: pulumi.Output<string> }>();
const defaultedTo = new Map<string, number>();

/**
 * Called by NetworkNamespace when it is made: one that makes the host namespace after objects
 * were already sent there by default could not be ordered before them, so it is refused with what
 * to do instead.
 */
export function noteNamespaceResource(name: pulumi.Input<string>, resource: { name: pulumi.Output<string> }): void {
    if (typeof name !== "string") return;
    const early = defaultedTo.get(name) ?? 0;
    if (early > 0) {
        throw new Error(
            `the NetworkNamespace "${name}" is the host namespace (linuxnet:hostNamespace), but ${early} resource(s) without a namespace were made before it ` +
            `and would race it: make the NetworkNamespace before the resources that go into it`,
        );
    }
    namespaceResources.set(name, resource);
}

/**
 * The props a class registers: every field and output of its type named as `undefined` first
 * (Pulumi exposes only named props as outputs, and the provider fills in defaults and what it
 * reads back), then the user's args, then each namespace field defaulted to the host namespace —
 * as the `name` output of the program's NetworkNamespace of that name when there is one.
 */
export function registrationProps(type: AnyResourceType, args: object): pulumi.Inputs {
    const props: pulumi.Inputs = Object.fromEntries([...Object.keys(type.schema), ...type.outputs].map((key) => [key, undefined]));
    Object.assign(props, args);
    const host = hostNamespace();
    for (const field of namespaceFields(type)) {
        if ((args as Record<string, unknown>)[field] !== undefined || host === undefined) continue;
        const made = namespaceResources.get(host);
        if (made) {
            props[field] = made.name;
        } else {
            props[field] = host;
            defaultedTo.set(host, (defaultedTo.get(host) ?? 0) + 1);
        }
    }
    return props;
}
