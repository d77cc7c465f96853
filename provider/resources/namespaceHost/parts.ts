/**
 * A host as the fine-grained resources it is made of — a NetworkNamespace, a VethPair (its cable),
 * Addresses and a Route — as those resources' own typed inputs and states, so that every path that
 * is not the batched build goes through their implementations and keeps their rules.
 */
import { AddressInputs } from "../address";
import { NetworkNamespaceInputs, NetworkNamespaceState } from "../networkNamespace";
import { RouteInputs } from "../route";
import { VethPairInputs, VethPairState } from "../vethPair";

export interface NamespaceHostInputs {
    /** The host's network namespace. */
    name: string;
    /** Where the bridge and the host-side end of the cable live (undefined: the root namespace). */
    namespace?: string;
    /** The interface inside the host. */
    interface: string;
    /** The other end of the cable, in `namespace`. */
    hostInterface: string;
    /** The bridge the host-side end is attached to. */
    bridge?: string;
    /** Addresses (with prefix) on `interface`. */
    addresses: string[];
    /** Default route via this address. */
    gateway?: string;
    mtu?: number;
    /**
     * Both ends of the cable up. Always set in inputs (check gives the default); absent in a
     * state read with the cable gone, so that the next diff shows it whatever the program asks.
     */
    up?: boolean;
    loopbackUp: boolean;
    adopt: boolean;
}

export interface NamespaceHostState extends NamespaceHostInputs {
    /** Inode of /run/netns/NAME: identifies this namespace instance. */
    inode: number;
    ifindex: number;
    macAddress: string;
    hostIfindex: number;
    hostMacAddress: string;
}

export const namespacePart = (h: NamespaceHostInputs): NetworkNamespaceInputs => ({ name: h.name, loopbackUp: h.loopbackUp, adopt: h.adopt });

/** The namespace as the state says the kernel has it: ours. */
export const believedNamespace = (h: NamespaceHostInputs & { inode?: number }): NetworkNamespaceState => ({ ...namespacePart(h), inode: h.inode ?? 0, managed: true });

export const cablePart = (h: NamespaceHostInputs): VethPairInputs => ({
    name: h.interface,
    namespace: h.name,
    peerName: h.hostInterface,
    peerNamespace: h.namespace,
    peerMaster: h.bridge,
    mtu: h.mtu,
    up: h.up ?? true,
    peerUp: h.up ?? true,
    adopt: h.adopt,
});

/** The host's cable as the state says the kernel has it. */
export function believedCable(h: NamespaceHostState): VethPairState {
    return { ...cablePart(h), ifindex: h.ifindex, macAddress: h.macAddress, peerIfindex: h.hostIfindex, peerMacAddress: h.hostMacAddress };
}

export const addressPart = (h: NamespaceHostInputs, cidr: string): AddressInputs => ({
    device: h.interface,
    address: cidr,
    namespace: h.name,
    duplicateAddressDetection: false,
    adopt: h.adopt,
});

/** The default route names its device: a link-local (fe80::) gateway is reachable only through one. */
export const routePart = (h: NamespaceHostInputs, gateway: string): RouteInputs => ({
    destination: "default",
    namespace: h.name,
    table: 254,
    gateway,
    device: h.interface,
    adopt: h.adopt,
});
