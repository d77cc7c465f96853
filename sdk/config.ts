import * as pulumi from "@pulumi/pulumi";

/**
 * The namespace that stands for "the host": where objects without a `namespace` go. Unset means
 * the real root namespace; the stack setting `linuxnet:hostNamespace` points it at a named
 * namespace instead, so a whole lab can be built inside one sandbox namespace.
 */
export function hostNamespace(): string | undefined {
    return new pulumi.Config("linuxnet").get("hostNamespace") || undefined;
}

/**
 * The props every class registers: each property the provider may fill in named as `undefined`
 * (Pulumi exposes only named props as outputs), then the user's args, then each namespace field
 * defaulted to the host namespace.
 */
export function registrationProps(args: object, outputs: readonly string[], namespaceFields: readonly string[] = ["namespace"]): pulumi.Inputs {
    const props: pulumi.Inputs = Object.fromEntries(outputs.map((key) => [key, undefined]));
    Object.assign(props, args);
    if (namespaceFields.length) {
        const host = hostNamespace();
        for (const field of namespaceFields) props[field] = (args as pulumi.Inputs)[field] ?? host;
    }
    return props;
}
