import * as pulumi from "@pulumi/pulumi";
import { RemoteArgs } from "./connection";
import { LinuxnetResource } from "./resource";
import { route } from "../provider/resources/route";

export interface RouteArgs extends RemoteArgs {
    /**
     * `"default"`, a network (`10.0.0.0/8`, `fd00:1::/64`) or a host address. Host bits must be
     * zero. Replaces the route.
     *
     * Equivalent to: `ip -n NAMESPACE route add DESTINATION ... proto 241`
     */
    destination: pulumi.Input<string>;
    /** Namespace. Default: the host namespace. Replaces the route. */
    namespace?: pulumi.Input<string>;
    /** Routing table: `"main"` (default), `"local"` or a number 1-4294967295. Replaces the route: `... table T` */
    table?: pulumi.Input<string | number>;
    /** Metric (priority). Default: the kernel's (0 for IPv4, 1024 for IPv6). Replaces the route: `... metric M` */
    metric?: pulumi.Input<number>;
    /** Next hop, same family as the destination. Updated in place: `ip route replace ... via GATEWAY` */
    gateway?: pulumi.Input<string>;
    /** Output device. Updated in place: `ip route replace ... dev DEVICE` */
    device?: pulumi.Input<string>;
    /** Preferred source address. Updated in place: `ip route replace ... src SOURCE` */
    source?: pulumi.Input<string>;
    /** `"global"`, `"link"` or `"host"`. Default: the kernel's. Updated in place: `... scope S` */
    scope?: pulumi.Input<"global" | "link" | "host">;
    /** `"ipv4"` or `"ipv6"`, needed only for a default route with neither gateway nor source. Replaces the route. */
    family?: pulumi.Input<"ipv4" | "ipv6">;
    /** Take over an existing route with this destination, table and metric that we did not add. Default `false`. */
    adopt?: pulumi.Input<boolean>;
}

/**
 * A route, tagged with our protocol number (241) so we only ever touch routes we added.
 *
 * ```ts
 * // the default route the walkthrough forgets: traffic leaves ns1 through the bridge address
 * new linuxnet.Route("ns1-default", { namespace: "ns1", destination: "default", gateway: "192.168.1.10" });
 * ```
 *
 * Equivalent to: `ip -n ns1 route add default via 192.168.1.10 proto 241`
 */
export class Route extends LinuxnetResource {
    declare public readonly destination: pulumi.Output<string>;
    declare public readonly namespace: pulumi.Output<string | undefined>;
    /** The table number (`main` is 254). */
    declare public readonly table: pulumi.Output<number>;
    declare public readonly metric: pulumi.Output<number | undefined>;
    declare public readonly gateway: pulumi.Output<string | undefined>;
    declare public readonly device: pulumi.Output<string | undefined>;
    declare public readonly source: pulumi.Output<string | undefined>;
    /** The route as the kernel shows it, e.g. `default via 192.168.1.10 dev veth1 proto 241`. */
    declare public readonly route: pulumi.Output<string>;

    constructor(name: string, args: RouteArgs, opts?: pulumi.CustomResourceOptions) {
        super(route, name, args, opts);
    }
}
