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
 * The props a class registers: every field and output of its type named as `undefined` first
 * (Pulumi exposes only named props as outputs, and the provider fills in defaults and what it
 * reads back), then the user's args, then each namespace field defaulted to the host namespace.
 */
export function registrationProps(type: AnyResourceType, args: object): pulumi.Inputs {
    const props: pulumi.Inputs = Object.fromEntries([...Object.keys(type.schema), ...type.outputs].map((key) => [key, undefined]));
    Object.assign(props, args);
    const fields = namespaceFields(type);
    if (fields.length) {
        const host = hostNamespace();
        for (const field of fields) props[field] = (args as Record<string, unknown>)[field] ?? host;
    }
    return props;
}
