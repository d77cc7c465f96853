/**
 * The provider side of pulumi-linuxnet: what the dynamic-provider process loads, by package name,
 * when the engine calls check/diff/create/read/update/delete. The SDK never serialises this code;
 * it serialises only a tiny stub that requires `pulumi-linuxnet/provider` at call time.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { address } from "./resources/address";
import { bridge } from "./resources/bridge";
import { bridgePort } from "./resources/bridgePort";
import { toDynamicProvider } from "./resources/implementation";
import { ipForwarding } from "./resources/ipForwarding";
import { masqueradeRule } from "./resources/masqueradeRule";
import { namespaceHost } from "./resources/namespaceHost";
import { networkNamespace } from "./resources/networkNamespace";
import { route } from "./resources/route";
import { vethPair } from "./resources/vethPair";

/** The dynamic provider of each resource type, by SDK class name. Building them starts nothing. */
export const providers: Record<string, dynamic.ResourceProvider> = {
    NetworkNamespace: toDynamicProvider(networkNamespace),
    VethPair: toDynamicProvider(vethPair),
    Bridge: toDynamicProvider(bridge),
    BridgePort: toDynamicProvider(bridgePort),
    Address: toDynamicProvider(address),
    Route: toDynamicProvider(route),
    MasqueradeRule: toDynamicProvider(masqueradeRule),
    IpForwarding: toDynamicProvider(ipForwarding),
    NamespaceHost: toDynamicProvider(namespaceHost),
};

export { CommandError, KernelObjectError, ForeignObjectError } from "./exec/errors";
export { runCommand } from "./exec/run";
export type { Runner } from "./exec/run";
