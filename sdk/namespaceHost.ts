import * as pulumi from "@pulumi/pulumi";
import { RemoteArgs } from "./connection";
import { LinuxnetResource } from "./resource";
import { namespaceHost } from "../provider/resources/namespaceHost";

export interface NamespaceHostArgs extends RemoteArgs {
    /**
     * Name of the host's network namespace. Replaces the host.
     *
     * Equivalent to: `ip netns add NAME && ip -n NAME link set dev lo up`
     */
    name: pulumi.Input<string>;
    /**
     * Namespace of the bridge and of the host-side end of the cable. Default: the host namespace
     * (`linuxnet:hostNamespace`, else the root namespace). Replaces the host.
     */
    namespace?: pulumi.Input<string>;
    /**
     * Name of the interface inside the host. Default `"eth0"`. Replaces the host.
     *
     * Equivalent to: `ip link add name INTERFACE netns NAME type veth peer name HOSTINTERFACE netns NAMESPACE`
     */
    interface?: pulumi.Input<string>;
    /** Name of the host-side end of the cable, unique in `namespace`, at most 15 characters. Replaces the host. */
    hostInterface: pulumi.Input<string>;
    /**
     * Bridge (in `namespace`) the host-side end is attached to. Updated in place; removing it
     * detaches the end.
     *
     * Equivalent to: `ip -n NAMESPACE link set dev HOSTINTERFACE master BRIDGE up`
     */
    bridge?: pulumi.Input<string>;
    /**
     * Addresses with prefix on the interface, e.g. `["10.10.0.2/24", "fd00:10::2/64"]`. Updated in
     * place: new ones are added, ones left out removed.
     *
     * Equivalent to: `ip -n NAME addr add ADDRESS dev INTERFACE` for each
     */
    addresses?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Default route via this address, which must lie in one of `addresses`' networks (IPv6
     * link-local excepted). Updated in place; removing it removes the route.
     *
     * Equivalent to: `ip -n NAME route add default via GATEWAY proto 241`
     */
    gateway?: pulumi.Input<string>;
    /** MTU of both ends of the cable, 68-65535. Default: the kernel's (1500). Updated in place. */
    mtu?: pulumi.Input<number>;
    /** Whether both ends of the cable are up. Default `true`. Updated in place. */
    up?: pulumi.Input<boolean>;
    /** Whether the host's loopback is up. Default `true`. Updated in place. */
    loopbackUp?: pulumi.Input<boolean>;
    /**
     * Take over an existing namespace, cable, addresses or route with these names that
     * pulumi-linuxnet did not create. Default `false`: they are refused and left alone.
     */
    adopt?: pulumi.Input<boolean>;
}

/**
 * A lab host in one resource: a network namespace plugged into a bridge by a veth pair, with
 * addresses and a default route — what the CNI bridge plugin does for a container. Use it for
 * labs of many hosts: the engine pays per resource, and this is one resource per host instead of
 * four (see the README's performance section). The fine-grained resources remain for anything
 * shaped differently.
 *
 * Deleting a host deletes its cable, then its namespace, so the host-side name is free for a
 * replacement as soon as the delete returns. A process still running in the namespace (or a
 * bind mount of it) keeps the namespace alive, empty, after the delete: nothing of the host stays
 * on the bridge, and the holder is left alone.
 *
 * ```ts
 * const br = new linuxnet.Bridge("labbr0", { name: "labbr0" });
 * const h1 = new linuxnet.NamespaceHost("h1", {
 *     name: "h1", hostInterface: "lab1", bridge: br.name,
 *     addresses: ["10.10.0.2/24"], gateway: "10.10.0.1",
 * });
 * ```
 *
 * Equivalent to: `ip netns add h1 && ip link add name eth0 netns h1 type veth peer name lab1 && ip link set lab1 master labbr0 up && ip -n h1 link set eth0 up && ip -n h1 addr add 10.10.0.2/24 dev eth0 && ip -n h1 route add default via 10.10.0.1`
 */
export class NamespaceHost extends LinuxnetResource {
    declare public readonly name: pulumi.Output<string>;
    declare public readonly namespace: pulumi.Output<string | undefined>;
    declare public readonly interface: pulumi.Output<string>;
    declare public readonly hostInterface: pulumi.Output<string>;
    declare public readonly bridge: pulumi.Output<string | undefined>;
    declare public readonly addresses: pulumi.Output<string[]>;
    declare public readonly gateway: pulumi.Output<string | undefined>;
    declare public readonly mtu: pulumi.Output<number | undefined>;
    declare public readonly up: pulumi.Output<boolean>;
    /**
     * Inode of `/run/netns/NAME`: a recreated namespace has a different one. 0 after a refresh
     * found the name gone while the namespace is still held (its cable on the bridge): the next
     * `up` replaces the host.
     */
    declare public readonly inode: pulumi.Output<number>;
    /** Interface index of the interface inside the host. */
    declare public readonly ifindex: pulumi.Output<number>;
    /** MAC address of the interface inside the host, as the kernel has it. */
    declare public readonly macAddress: pulumi.Output<string>;
    declare public readonly hostIfindex: pulumi.Output<number>;
    declare public readonly hostMacAddress: pulumi.Output<string>;

    constructor(name: string, args: NamespaceHostArgs, opts?: pulumi.CustomResourceOptions) {
        super(namespaceHost, name, args, opts);
    }
}
