import * as pulumi from "@pulumi/pulumi";

/**
 * The namespace that stands for "the host": where objects without a `namespace` go. Unset means
 * the real root namespace; the stack setting `linuxnet:hostNamespace` points it at a named
 * namespace instead, so a whole lab can be built inside one sandbox namespace.
 */
export function hostNamespace(): string | undefined {
    return new pulumi.Config("linuxnet").get("hostNamespace") || undefined;
}

/** The dynamic resource module every type token of this package is under: `pulumi-nodejs:dynamic/linuxnet:<Type>`. */
export const TYPE_MODULE = "linuxnet";
