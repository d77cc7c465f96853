/**
 * The provider side of pulumi-linuxnet: what the dynamic-provider process loads, by package name,
 * when the engine calls check/diff/create/read/update/delete. The SDK never serialises this code;
 * it serialises only a tiny stub that requires `pulumi-linuxnet/provider` at call time.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { toDynamicProvider } from "./resources/implementation";
import { networkNamespace } from "./resources/networkNamespace";

export const providers: Record<string, dynamic.ResourceProvider> = {
    NetworkNamespace: toDynamicProvider(networkNamespace),
};

export { CommandError, KernelObjectError, ForeignObjectError } from "./exec/errors";
export { runCommand } from "./exec/run";
export type { Runner } from "./exec/run";
