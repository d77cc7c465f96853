/**
 * `Lab`: N hosts on one bridge, addresses allocated in order from a CIDR, each with a default
 * route via the bridge, plus MASQUERADE and forwarding on the host side. The component a lab
 * engineer copies and grows.
 */
import * as pulumi from "@pulumi/pulumi";
import * as linuxnet from "pulumi-linuxnet";
import { allocateHostAddresses } from "./allocate";

export interface LabArgs {
    /** Number of host namespaces on the bridge. */
    hosts: number;
    /** The lab network; the bridge takes the first address, the hosts the ones after it. */
    cidr: string;
    /** Bridge name (default "labbr0"). */
    bridgeName?: string;
    /** Prefix of the host namespace names: `${namespacePrefix}1`, `${namespacePrefix}2`, ... */
    namespacePrefix: string;
    /** Namespace of the bridge, the NAT rule and forwarding. Default: the host namespace. */
    hostNamespace?: pulumi.Input<string>;
    /**
     * Build each host as one `NamespaceHost` (default `true`) instead of a `NetworkNamespace`,
     * `VethPair`, `Address` and `Route` each. Same kernel objects; the engine's bookkeeping is per
     * resource, so one per host is what keeps large labs fast. Switching a live lab from one form
     * to the other: `pulumi destroy` first (the old parts would otherwise delete what the new
     * hosts adopted).
     */
    oneResourcePerHost?: boolean;
}

export interface LabHost {
    namespace: pulumi.Output<string>;
    address: pulumi.Output<string>;
    macAddress: pulumi.Output<string>;
}

export class Lab extends pulumi.ComponentResource {
    public readonly bridge: linuxnet.Bridge;
    public readonly gateway: string;
    public readonly hosts: LabHost[];

    constructor(name: string, args: LabArgs, opts?: pulumi.ComponentResourceOptions) {
        super("linuxnet-examples:lab:Lab", name, {}, opts);
        const parent = { parent: this };
        const [gatewayCidr, ...hostCidrs] = allocateHostAddresses(args.cidr, args.hosts + 1);
        this.gateway = gatewayCidr.split("/")[0];
        const ns = args.hostNamespace;

        this.bridge = new linuxnet.Bridge(`${name}-bridge`, { name: args.bridgeName ?? "labbr0", namespace: ns }, parent);
        const gatewayAddress = new linuxnet.Address(`${name}-gateway`, { namespace: ns, device: this.bridge.name, address: gatewayCidr }, parent);
        new linuxnet.IpForwarding(`${name}-forwarding`, { namespace: ns }, parent);
        new linuxnet.MasqueradeRule(`${name}-nat`, { namespace: ns, source: args.cidr, comment: name }, parent);

        this.hosts = hostCidrs.map((cidr, i) => {
            const index = i + 1;
            // The host side is named after the index so names stay unique and within 15 characters.
            const names = { namespace: `${args.namespacePrefix}${index}`, inside: "eth0", outside: `lab${index}` };
            if (args.oneResourcePerHost ?? true) {
                const host = new linuxnet.NamespaceHost(`${name}-host${index}`, {
                    name: names.namespace,
                    namespace: ns,
                    interface: names.inside,
                    hostInterface: names.outside,
                    bridge: this.bridge.name,
                    addresses: [cidr],
                    gateway: this.gateway,
                }, { ...parent, dependsOn: [gatewayAddress] });
                return { namespace: host.name, address: host.addresses[0], macAddress: host.macAddress };
            }
            const hostNs = new linuxnet.NetworkNamespace(`${name}-ns${index}`, { name: names.namespace }, parent);
            const veth = new linuxnet.VethPair(`${name}-veth${index}`, {
                name: names.inside,
                namespace: hostNs.name,
                peerName: names.outside,
                peerNamespace: ns,
                peerMaster: this.bridge.name,
            }, parent);
            const address = new linuxnet.Address(`${name}-addr${index}`, { namespace: hostNs.name, device: veth.name, address: cidr }, parent);
            new linuxnet.Route(`${name}-default${index}`, { namespace: hostNs.name, destination: "default", gateway: this.gateway }, { ...parent, dependsOn: [address, gatewayAddress] });
            return { namespace: hostNs.name, address: address.address, macAddress: veth.macAddress };
        });
        this.registerOutputs({ hosts: this.hosts });
    }
}
