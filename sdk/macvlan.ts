import * as pulumi from "@pulumi/pulumi";
import { RemoteArgs } from "./connection";
import { LinuxnetResource } from "./resource";
import { macvlan } from "../provider/resources/macvlan";

export interface MacvlanArgs extends RemoteArgs {
    /**
     * Name of the macvlan link, 1-15 characters of letters, digits, `_`, `.`, `-`. Replaces the link.
     *
     * Equivalent to: `ip -n PARENTNAMESPACE link add link PARENT name NAME netns NAMESPACE type macvlan mode MODE`
     */
    name: pulumi.Input<string>;
    /**
     * The parent link it sits on. Replaces the link. Deleting the parent deletes the macvlan: pass
     * the parent resource's output (`veth.name`) so that replacing the parent replaces it too.
     */
    parent: pulumi.Input<string>;
    /** Namespace of the parent link. Default: the host namespace. Replaces the link. */
    parentNamespace?: pulumi.Input<string>;
    /**
     * Namespace the macvlan lives in; it is made there directly. Default: the host namespace.
     * Replaces the link.
     */
    namespace?: pulumi.Input<string>;
    /**
     * How it talks to its siblings on the same parent: `bridge` (directly), `private` (not at all),
     * `vepa` (through the external switch), `passthru` (one macvlan takes the parent over).
     * Default `bridge`. Updated in place: `ip link set dev NAME type macvlan mode MODE`
     */
    mode?: pulumi.Input<"bridge" | "private" | "vepa" | "passthru">;
    /** Whether the link is up. Default `true`. Updated in place: `ip link set dev NAME up|down` */
    up?: pulumi.Input<boolean>;
    /** MTU, 68-65535 (at most the parent's). Default: the parent's. Updated in place: `ip link set dev NAME mtu MTU` */
    mtu?: pulumi.Input<number>;
    /** MAC address (unicast). Default: a random one from the kernel. Updated in place: `ip link set dev NAME address MAC` */
    mac?: pulumi.Input<string>;
    /** Take over an existing link of this name that pulumi-linuxnet did not create. Default `false`. */
    adopt?: pulumi.Input<boolean>;
}

/**
 * A macvlan link: a second MAC address on a parent link, so a namespace (or container) appears on
 * the parent's segment as a host of its own, without a bridge.
 *
 * ```ts
 * const ns = new linuxnet.NetworkNamespace("web", { name: "web" });
 * const mv = new linuxnet.Macvlan("web-nic", { name: "mv0", parent: uplink.name, namespace: ns.name });
 * new linuxnet.Address("web-address", { namespace: ns.name, device: mv.name, address: "10.0.0.20/24" });
 * ```
 *
 * Equivalent to: `ip link add link uplink name mv0 netns web type macvlan mode bridge && ip -n web link set dev mv0 up`
 */
export class Macvlan extends LinuxnetResource {
    declare public readonly name: pulumi.Output<string>;
    declare public readonly parent: pulumi.Output<string>;
    declare public readonly parentNamespace: pulumi.Output<string | undefined>;
    declare public readonly namespace: pulumi.Output<string | undefined>;
    declare public readonly mode: pulumi.Output<"bridge" | "private" | "vepa" | "passthru">;
    declare public readonly up: pulumi.Output<boolean>;
    declare public readonly mtu: pulumi.Output<number | undefined>;
    /** Interface index in its namespace. */
    declare public readonly ifindex: pulumi.Output<number>;
    /** MAC address as the kernel has it. */
    declare public readonly macAddress: pulumi.Output<string>;

    constructor(name: string, args: MacvlanArgs, opts?: pulumi.CustomResourceOptions) {
        super(macvlan, name, args, opts);
    }
}
