import * as pulumi from "@pulumi/pulumi";
import { RemoteArgs } from "./connection";
import { LinuxnetResource } from "./resource";
import { ipForwarding } from "../provider/resources/ipForwarding";

export interface IpForwardingArgs extends RemoteArgs {
    /** Namespace whose forwarding switches to set. Default: the host namespace. Replaces the setting. */
    namespace?: pulumi.Input<string>;
    /** IPv4 forwarding. Default `true`. Updated in place: `ip netns exec NS sysctl -w net.ipv4.ip_forward=1` */
    ipv4?: pulumi.Input<boolean>;
    /** IPv6 forwarding. Default `false`. Updated in place: `ip netns exec NS sysctl -w net.ipv6.conf.all.forwarding=1` */
    ipv6?: pulumi.Input<boolean>;
}

/**
 * Packet forwarding in a namespace, so it routes between its interfaces. Delete restores the
 * values that were there before.
 *
 * ```ts
 * new linuxnet.IpForwarding("forwarding", {}); // in the host namespace
 * ```
 *
 * Equivalent to: `sysctl -w net.ipv4.ip_forward=1`
 */
export class IpForwarding extends LinuxnetResource {
    declare public readonly namespace: pulumi.Output<string | undefined>;
    declare public readonly ipv4: pulumi.Output<boolean>;
    declare public readonly ipv6: pulumi.Output<boolean>;
    /** The values found before this resource changed them; restored on delete. */
    declare public readonly previousIpv4: pulumi.Output<boolean>;
    declare public readonly previousIpv6: pulumi.Output<boolean>;

    constructor(name: string, args: IpForwardingArgs = {}, opts?: pulumi.CustomResourceOptions) {
        super(ipForwarding, name, args, opts);
    }
}
