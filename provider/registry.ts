/**
 * The resource types, listed here once. Each is declared in its own module in resources/ (its
 * ResourceImplementation: name, fields, outputs, operations); everything per type is derived from
 * that declaration — the dynamic providers, the provider modules Pulumi stores by reference
 * (written at build time, see dynamic/stub.ts), the SDK classes' registration, type tokens, the
 * plan and the topology read from a state.
 */
import type { BaseInputs, ResourceImplementation } from "./framework/implementation";
import { address } from "./resources/address";
import { bridge } from "./resources/bridge";
import { bridgePort } from "./resources/bridgePort";
import { ipForwarding } from "./resources/ipForwarding";
import { macvlan } from "./resources/macvlan";
import { masqueradeRule } from "./resources/masqueradeRule";
import { namespaceHost } from "./resources/namespaceHost";
import { networkNamespace } from "./resources/networkNamespace";
import { route } from "./resources/route";
import { tapDevice } from "./resources/tapDevice";
import { vethPair } from "./resources/vethPair";
import { vxlan } from "./resources/vxlan";

/** A resource type whatever its inputs: each is read through its schema, not its TypeScript types. */
export type AnyResourceType = ResourceImplementation<BaseInputs, BaseInputs>;

const TYPES: AnyResourceType[] = [networkNamespace, vethPair, bridge, bridgePort, address, route, masqueradeRule, ipForwarding, namespaceHost, tapDevice, macvlan, vxlan];

/** Every type token of this package starts so: `pulumi-nodejs:dynamic/linuxnet:<typeName>`. */
export const TYPE_TOKEN_PREFIX = "pulumi-nodejs:dynamic/linuxnet:";

export function typeToken(typeName: string): string {
    return `${TYPE_TOKEN_PREFIX}${typeName}`;
}

/** The type name of one of this package's tokens; undefined for anything else (the stack, other providers). */
export function typeNameOf(token: string): string | undefined {
    return token.startsWith(TYPE_TOKEN_PREFIX) ? token.slice(TYPE_TOKEN_PREFIX.length) : undefined;
}

const byName: ReadonlyMap<string, AnyResourceType> = new Map(TYPES.map((type) => [type.typeName, type]));

/** Every resource type, by name. */
export function resourceTypes(): ReadonlyMap<string, AnyResourceType> {
    return byName;
}

/** One resource type by name; an unknown name is a programming error. */
export function resourceType(typeName: string): AnyResourceType {
    const found = byName.get(typeName);
    if (!found) throw new Error(`unknown resource type "${typeName}" (known: ${[...byName.keys()].join(", ")})`);
    return found;
}
