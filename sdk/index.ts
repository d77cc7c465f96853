/**
 * pulumi-linuxnet: Pulumi resources for Linux virtual networking. Importing this module starts
 * no process and touches no kernel state; only the engine's calls into the provider do.
 */
export { NetworkNamespace } from "./networkNamespace";
export type { NetworkNamespaceArgs } from "./networkNamespace";
export { VethPair } from "./vethPair";
export type { VethPairArgs } from "./vethPair";
export { Bridge } from "./bridge";
export type { BridgeArgs } from "./bridge";
export { BridgePort } from "./bridgePort";
export type { BridgePortArgs } from "./bridgePort";
export { Address } from "./address";
export type { AddressArgs } from "./address";
export { Route } from "./route";
export type { RouteArgs } from "./route";
export { MasqueradeRule } from "./masqueradeRule";
export type { MasqueradeRuleArgs } from "./masqueradeRule";
export { IpForwarding } from "./ipForwarding";
export type { IpForwardingArgs } from "./ipForwarding";
export { NamespaceHost } from "./namespaceHost";
export type { NamespaceHostArgs } from "./namespaceHost";
export { TapDevice } from "./tapDevice";
export type { TapDeviceArgs } from "./tapDevice";
export { Macvlan } from "./macvlan";
export type { MacvlanArgs } from "./macvlan";
export { Vxlan } from "./vxlan";
export type { VxlanArgs } from "./vxlan";
export { hostNamespace } from "./config";
export type { ConnectionArgs, JumpHostArgs, RemoteArgs } from "./connection";
