/**
 * The resource types. Each is declared once, in its own module in resources/, which exports its
 * ResourceImplementation as `resourceType`: name, fields (type, default, identity or in place),
 * outputs and operations. Everything per type is derived from that declaration — the dynamic
 * providers, the provider modules Pulumi stores by reference (written at build time, see
 * dynamic/stub.ts), the SDK classes' registration, type tokens, the plan and the topology read
 * from a state. Adding a type is adding its module there and its class in ../sdk (with its export
 * line in sdk/index.ts).
 */
import { readdirSync } from "fs";
import * as path from "path";
import type { BaseInputs, ResourceImplementation } from "./resources/implementation";

/** A resource type whatever its inputs: each is read through its schema, not its TypeScript types. */
export type AnyResourceType = ResourceImplementation<BaseInputs, BaseInputs>;

/** Every type token of this package starts so: `pulumi-nodejs:dynamic/linuxnet:<typeName>`. */
export const TYPE_TOKEN_PREFIX = "pulumi-nodejs:dynamic/linuxnet:";

export function typeToken(typeName: string): string {
    return `${TYPE_TOKEN_PREFIX}${typeName}`;
}

/** The type name of one of this package's tokens; undefined for anything else (the stack, other providers). */
export function typeNameOf(token: string): string | undefined {
    return token.startsWith(TYPE_TOKEN_PREFIX) ? token.slice(TYPE_TOKEN_PREFIX.length) : undefined;
}

const RESOURCES = path.join(__dirname, "resources");

let loaded: Map<string, AnyResourceType> | undefined;

/** Every resource type, by name, from the modules in resources/ that export a `resourceType`. */
export function resourceTypes(): ReadonlyMap<string, AnyResourceType> {
    if (!loaded) {
        loaded = new Map();
        // Compiled (.js) or, under the tests' transform, source (.ts); declarations are not modules.
        for (const file of readdirSync(RESOURCES).filter((f) => /\.(js|ts)$/.test(f) && !f.endsWith(".d.ts")).sort()) {
            const declared = (require(path.join(RESOURCES, file)) as { resourceType?: AnyResourceType }).resourceType;
            if (!declared) continue;
            if (loaded.has(declared.typeName)) throw new Error(`resource type ${declared.typeName} is declared twice (in resources/${file})`);
            loaded.set(declared.typeName, declared);
        }
    }
    return loaded;
}

/** One resource type by name; an unknown name is a programming error. */
export function resourceType(typeName: string): AnyResourceType {
    const found = resourceTypes().get(typeName);
    if (!found) throw new Error(`unknown resource type "${typeName}" (known: ${[...resourceTypes().keys()].join(", ")})`);
    return found;
}
