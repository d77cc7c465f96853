/**
 * The provider side of pulumi-linuxnet: what the dynamic-provider process loads, by package name,
 * when the engine calls check/diff/create/read/update/delete. The SDK never serialises this code:
 * a resource's state names only a tiny stub module (provider/dynamic/stub.ts) that requires
 * `pulumi-linuxnet/provider` at call time.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { resourceTypes } from "./registry";
import { toDynamicProvider } from "./framework/implementation";

/** The dynamic provider of each resource type in the registry, by type name. Building them starts nothing. */
export const providers: Readonly<Record<string, dynamic.ResourceProvider>> = Object.fromEntries(
    [...resourceTypes()].map(([typeName, type]) => [typeName, toDynamicProvider(type)]),
);

export { resourceType, resourceTypes, typeNameOf, typeToken } from "./registry";
export { CommandError, KernelObjectError, ForeignObjectError } from "./exec/errors";
export { runCommand } from "./exec/run";
export type { Runner } from "./exec/run";
