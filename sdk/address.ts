import * as pulumi from "@pulumi/pulumi";
import { RemoteArgs } from "./connection";
import { LinuxnetResource } from "./resource";
import { address } from "../provider/resources/address";

export interface AddressArgs extends RemoteArgs {
    /** The device the address goes on. Replaces the address. */
    device: pulumi.Input<string>;
    /**
     * The address with its prefix, IPv4 or IPv6: `192.168.1.11/24`, `fd00::11/64`. Host bits are
     * the point and are kept. Replaces the address.
     *
     * Equivalent to: `ip -n NAMESPACE addr add ADDRESS dev DEVICE`
     */
    address: pulumi.Input<string>;
    /** Namespace of the device. Default: the host namespace. Replaces the address. */
    namespace?: pulumi.Input<string>;
    /**
     * IPv4 broadcast address. Default: none. Replaces the address: the kernel does not change the
     * broadcast of an existing address. `ip addr add ADDRESS dev DEVICE broadcast B`
     */
    broadcast?: pulumi.Input<string>;
    /**
     * IPv4 label; must start with the device name (`veth1:web`). Replaces the address, as the
     * kernel does not relabel an existing one. `ip addr add ... label L`
     */
    label?: pulumi.Input<string>;
    /** Valid lifetime in seconds. Default: forever. Updated in place: `ip addr replace ADDRESS dev DEVICE valid_lft SECONDS` */
    validLifetime?: pulumi.Input<number>;
    /** Preferred lifetime in seconds (at most the valid lifetime). Default: the valid lifetime. Updated in place: `... preferred_lft SECONDS` */
    preferredLifetime?: pulumi.Input<number>;
    /**
     * IPv6 duplicate address detection. Default `false` (`nodad`): in a lab the address should work
     * at once instead of staying "tentative" for a second or two. Updated in place.
     */
    duplicateAddressDetection?: pulumi.Input<boolean>;
    /** Take over the same address already on a device pulumi-linuxnet does not own. Default `false`. */
    adopt?: pulumi.Input<boolean>;
}

/**
 * An IPv4 or IPv6 address on a device. The kernel adds the connected route by itself.
 *
 * ```ts
 * new linuxnet.Address("ns1-address", { namespace: "ns1", device: "veth1", address: "192.168.1.11/24" });
 * ```
 *
 * Equivalent to: `ip -n ns1 addr add 192.168.1.11/24 dev veth1`
 */
export class Address extends LinuxnetResource {
    declare public readonly device: pulumi.Output<string>;
    /** The address in canonical form (`fd00::11/64`, lowercase, zeros compressed). */
    declare public readonly address: pulumi.Output<string>;
    declare public readonly namespace: pulumi.Output<string | undefined>;
    /** `inet` or `inet6`. */
    declare public readonly family: pulumi.Output<string>;
    declare public readonly prefix: pulumi.Output<number>;
    /** `global`, `link` or `host`, as the kernel chose. */
    declare public readonly scope: pulumi.Output<string>;

    constructor(name: string, args: AddressArgs, opts?: pulumi.CustomResourceOptions) {
        super(address, name, args, opts);
    }
}
