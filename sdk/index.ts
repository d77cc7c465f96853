/**
 * pulumi-linuxnet: Pulumi resources for Linux virtual networking. Importing this module starts
 * no process and touches no kernel state; only the engine's calls into the provider do.
 */
export { NetworkNamespace, NetworkNamespaceArgs } from "./networkNamespace";
export { VethPair, VethPairArgs } from "./vethPair";
export { Bridge, BridgeArgs } from "./bridge";
export { BridgePort, BridgePortArgs } from "./bridgePort";
export { Address, AddressArgs } from "./address";
export { Route, RouteArgs } from "./route";
export { MasqueradeRule, MasqueradeRuleArgs } from "./masqueradeRule";
export { IpForwarding, IpForwardingArgs } from "./ipForwarding";
export { hostNamespace } from "./config";
