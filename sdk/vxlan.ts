import * as pulumi from "@pulumi/pulumi";
import { RemoteArgs } from "./connection";
import { LinuxnetResource } from "./resource";
import { vxlan } from "../provider/resources/vxlan";

export interface VxlanArgs extends RemoteArgs {
    /**
     * Device name, 1-15 characters of letters, digits, `_`, `.`, `-`. Replaces the device.
     *
     * Equivalent to: `ip -n NAMESPACE link add NAME type vxlan id VNI remote PEER local ADDRESS dstport 4789`
     */
    name: pulumi.Input<string>;
    /** Namespace of the device. Default: the host namespace. Replaces the device. */
    namespace?: pulumi.Input<string>;
    /** The VXLAN network identifier, 1-16777215: both ends of a segment use the same. Replaces the device. `... id VNI` */
    vni: pulumi.Input<number>;
    /** The one peer (unicast address of the other end's underlay). Excludes `group`. Replaces the device. `... remote IP` */
    remote?: pulumi.Input<string>;
    /** A multicast group the ends share (needs `device`). Excludes `remote`. Replaces the device. `... group IP dev DEVICE` */
    group?: pulumi.Input<string>;
    /** The underlay address packets leave from. Default: the kernel picks by route. Replaces the device. `... local IP` */
    local?: pulumi.Input<string>;
    /** UDP port, the same at both ends. Default 4789 (IANA; `ip` alone would use Linux's old 8472). Replaces the device. `... dstport PORT` */
    dstport?: pulumi.Input<number>;
    /** The underlay link (required with `group`). Replaces the device. `... dev DEVICE` */
    device?: pulumi.Input<string>;
    /** Learn remote MAC addresses from received packets. Default `true`. Replaces the device. `... nolearning` when false */
    learning?: pulumi.Input<boolean>;
    /** Whether the device is up. Default `true`. Updated in place: `ip link set dev NAME up|down` */
    up?: pulumi.Input<boolean>;
    /**
     * MTU, 68-65535. Default: the kernel's (the underlay's minus the 50-byte VXLAN header, with
     * `device`; else 1450). Updated in place: `ip link set dev NAME mtu MTU`
     */
    mtu?: pulumi.Input<number>;
    /** MAC address (unicast). Default: the kernel's choice. Updated in place: `ip link set dev NAME address MAC` */
    mac?: pulumi.Input<string>;
    /**
     * Bridge (in the same namespace) the device is a port of: the bridges at both ends become one
     * segment. Updated in place; removing it detaches the device. `ip link set dev NAME master BRIDGE`
     */
    master?: pulumi.Input<string>;
    /** Take over an existing device of this name that pulumi-linuxnet did not create. Default `false`. */
    adopt?: pulumi.Input<boolean>;
}

/**
 * A VXLAN tunnel endpoint: one end of a layer-2 segment carried in UDP across an underlay. On a
 * bridge at each of two hosts, it makes the two bridges one segment.
 *
 * ```ts
 * const br = new linuxnet.Bridge("lab", { name: "br0", connection: host1 });
 * new linuxnet.Vxlan("to-host2", { name: "vx42", vni: 42, remote: "10.250.2.2", local: "10.250.1.2", master: br.name, connection: host1 });
 * ```
 *
 * Equivalent to: `ip link add vx42 type vxlan id 42 remote 10.250.2.2 local 10.250.1.2 dstport 4789 && ip link set dev vx42 master br0 up`
 */
export class Vxlan extends LinuxnetResource {
    declare public readonly name: pulumi.Output<string>;
    declare public readonly namespace: pulumi.Output<string | undefined>;
    declare public readonly vni: pulumi.Output<number>;
    declare public readonly remote: pulumi.Output<string | undefined>;
    declare public readonly group: pulumi.Output<string | undefined>;
    declare public readonly local: pulumi.Output<string | undefined>;
    declare public readonly dstport: pulumi.Output<number>;
    declare public readonly device: pulumi.Output<string | undefined>;
    declare public readonly learning: pulumi.Output<boolean>;
    declare public readonly up: pulumi.Output<boolean>;
    declare public readonly mtu: pulumi.Output<number | undefined>;
    declare public readonly master: pulumi.Output<string | undefined>;
    /** Interface index in its namespace. */
    declare public readonly ifindex: pulumi.Output<number>;
    /** MAC address as the kernel has it. */
    declare public readonly macAddress: pulumi.Output<string>;

    constructor(name: string, args: VxlanArgs, opts?: pulumi.CustomResourceOptions) {
        super(vxlan, name, args, opts);
    }
}
