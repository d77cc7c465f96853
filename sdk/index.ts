/**
 * pulumi-linuxnet: Pulumi resources for Linux virtual networking. Importing this module starts
 * no process and touches no kernel state; only the engine's calls into the provider do.
 */
export { NetworkNamespace, NetworkNamespaceArgs } from "./networkNamespace";
export { hostNamespace } from "./config";
