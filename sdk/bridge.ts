import * as pulumi from "@pulumi/pulumi";
import { RemoteArgs } from "./connection";
import { LinuxnetResource } from "./resource";
import { bridge } from "../provider/resources/bridge";

export interface BridgeArgs extends RemoteArgs {
    /**
     * Bridge name, 1-15 characters of letters, digits, `_`, `.`, `-`. Replaces the bridge.
     *
     * Equivalent to: `ip -n NAMESPACE link add NAME type bridge`
     */
    name: pulumi.Input<string>;
    /** Namespace of the bridge. Default: the host namespace. Replaces the bridge. */
    namespace?: pulumi.Input<string>;
    /** Whether the bridge is up. Default `true`. Updated in place: `ip link set dev NAME up|down` */
    up?: pulumi.Input<boolean>;
    /** MTU, 68-65535. Default: the kernel's. Updated in place: `ip link set dev NAME mtu MTU` */
    mtu?: pulumi.Input<number>;
    /** MAC address (unicast). Default: the kernel's choice. Updated in place: `ip link set dev NAME address MAC` */
    mac?: pulumi.Input<string>;
    /** Spanning tree protocol. Default: the kernel's (off). Updated in place: `ip link set dev NAME type bridge stp_state 0|1` */
    stp?: pulumi.Input<boolean>;
    /** VLAN filtering. Default: off. Updated in place: `ip link set dev NAME type bridge vlan_filtering 0|1` */
    vlanFiltering?: pulumi.Input<boolean>;
    /** Forward delay in seconds, 0-30 (2-30 with STP). Default: 15. Updated in place: `... type bridge forward_delay SECONDS*100` */
    forwardDelay?: pulumi.Input<number>;
    /** MAC ageing time in seconds. Default: 300. Updated in place: `... type bridge ageing_time SECONDS*100` */
    ageingTime?: pulumi.Input<number>;
    /** Take over an existing bridge of this name that pulumi-linuxnet did not create. Default `false`. */
    adopt?: pulumi.Input<boolean>;
}

/**
 * A Linux bridge: a virtual switch that namespaces, VMs and containers plug into.
 *
 * ```ts
 * const br1 = new linuxnet.Bridge("br1", { name: "br1" });
 * new linuxnet.Address("br1-address", { device: br1.name, address: "192.168.1.10/24" });
 * ```
 *
 * Equivalent to: `ip link add br1 type bridge && ip link set dev br1 up`
 */
export class Bridge extends LinuxnetResource {
    declare public readonly name: pulumi.Output<string>;
    declare public readonly namespace: pulumi.Output<string | undefined>;
    declare public readonly up: pulumi.Output<boolean>;
    declare public readonly mtu: pulumi.Output<number | undefined>;
    declare public readonly stp: pulumi.Output<boolean | undefined>;
    declare public readonly vlanFiltering: pulumi.Output<boolean | undefined>;
    declare public readonly forwardDelay: pulumi.Output<number | undefined>;
    declare public readonly ageingTime: pulumi.Output<number | undefined>;
    /** Interface index in its namespace. */
    declare public readonly ifindex: pulumi.Output<number>;
    /** MAC address as the kernel has it. */
    declare public readonly macAddress: pulumi.Output<string>;

    constructor(name: string, args: BridgeArgs, opts?: pulumi.CustomResourceOptions) {
        super(bridge, name, args, opts);
    }
}
