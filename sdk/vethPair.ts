import * as pulumi from "@pulumi/pulumi";
import { RemoteArgs } from "./connection";
import { LinuxnetResource } from "./resource";
import { vethPair } from "../provider/resources/vethPair";

export interface VethPairArgs extends RemoteArgs {
    /**
     * Name of the first end, 1-15 characters of letters, digits, `_`, `.`, `-`. Replaces the pair.
     *
     * Equivalent to: `ip link add NAME netns NAMESPACE type veth peer name PEERNAME netns PEERNAMESPACE`
     */
    name: pulumi.Input<string>;
    /** Name of the other end. Replaces the pair. */
    peerName: pulumi.Input<string>;
    /**
     * Namespace of the first end. Default: the host namespace (`linuxnet:hostNamespace`, else the
     * root namespace). Replaces the pair: both ends are created directly where they belong.
     */
    namespace?: pulumi.Input<string>;
    /** Namespace of the other end. Default: the host namespace. Replaces the pair. */
    peerNamespace?: pulumi.Input<string>;
    /**
     * MTU of both ends, 68-65535. Default: the kernel's (1500). Updated in place.
     *
     * Equivalent to: `ip -n NS link set dev NAME mtu MTU` on each end
     */
    mtu?: pulumi.Input<number>;
    /** Whether the first end is up. Default `true`. Updated in place: `ip -n NS link set dev NAME up|down` */
    up?: pulumi.Input<boolean>;
    /** Whether the other end is up. Default `true`. Updated in place. */
    peerUp?: pulumi.Input<boolean>;
    /** MAC address of the first end (unicast, e.g. `02:00:00:00:00:01`). Default: random. Updated in place: `ip link set dev NAME address MAC` */
    mac?: pulumi.Input<string>;
    /** MAC address of the other end. Default: random. Updated in place. */
    peerMac?: pulumi.Input<string>;
    /**
     * Bridge (in the first end's namespace) to attach the first end to. Updated in place;
     * removing it detaches the end.
     *
     * Equivalent to: `ip -n NS link set dev NAME master BRIDGE` (removal: `nomaster`)
     */
    master?: pulumi.Input<string>;
    /**
     * Bridge (in the other end's namespace) to attach the other end to — typically the host side
     * on the lab bridge. Updated in place; removing it detaches the end.
     *
     * Equivalent to: `ip -n PEERNAMESPACE link set dev PEERNAME master BRIDGE`
     */
    peerMaster?: pulumi.Input<string>;
    /**
     * Take over an existing pair with these names that pulumi-linuxnet did not create. Default
     * `false`: such a pair is refused and left alone.
     */
    adopt?: pulumi.Input<boolean>;
}

/**
 * A veth pair: two virtual Ethernet devices joined like a cable, each end in its own namespace.
 *
 * ```ts
 * const ns1 = new linuxnet.NetworkNamespace("ns1", { name: "ns1" });
 * const br1 = new linuxnet.Bridge("br1", { name: "br1" });
 * const veth1 = new linuxnet.VethPair("veth1", {
 *     name: "veth1", namespace: ns1.name,      // inside ns1
 *     peerName: "br-veth1", peerMaster: br1.name, // on the host, attached to br1
 * });
 * ```
 *
 * Equivalent to: `ip link add veth1 netns ns1 type veth peer name br-veth1 && ip link set br-veth1 master br1 up && ip -n ns1 link set veth1 up`
 */
export class VethPair extends LinuxnetResource {
    declare public readonly name: pulumi.Output<string>;
    declare public readonly peerName: pulumi.Output<string>;
    declare public readonly namespace: pulumi.Output<string | undefined>;
    declare public readonly peerNamespace: pulumi.Output<string | undefined>;
    declare public readonly mtu: pulumi.Output<number | undefined>;
    declare public readonly up: pulumi.Output<boolean>;
    declare public readonly peerUp: pulumi.Output<boolean>;
    declare public readonly master: pulumi.Output<string | undefined>;
    declare public readonly peerMaster: pulumi.Output<string | undefined>;
    /** Interface index of the first end, in its namespace. */
    declare public readonly ifindex: pulumi.Output<number>;
    declare public readonly peerIfindex: pulumi.Output<number>;
    /** MAC address of the first end as the kernel has it. */
    declare public readonly macAddress: pulumi.Output<string>;
    declare public readonly peerMacAddress: pulumi.Output<string>;

    constructor(name: string, args: VethPairArgs, opts?: pulumi.CustomResourceOptions) {
        super(vethPair, name, args, opts);
    }
}
