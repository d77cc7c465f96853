import * as pulumi from "@pulumi/pulumi";
import { noteNamespaceResource } from "./config";
import { RemoteArgs } from "./connection";
import { LinuxnetResource } from "./resource";
import { networkNamespace } from "../provider/resources/networkNamespace";

export interface NetworkNamespaceArgs extends RemoteArgs {
    /**
     * Name of the namespace, a file under /run/netns: 1-64 characters of letters, digits, `_`, `.`
     * and `-`. Replaces the namespace (and everything in it).
     *
     * Equivalent to: `ip netns add NAME`
     */
    name: pulumi.Input<string>;
    /**
     * Whether the loopback device `lo` is up. Default `true`: a new namespace starts with `lo`
     * down. Updated in place.
     *
     * Equivalent to: `ip -n NAME link set dev lo up|down`
     */
    loopbackUp?: pulumi.Input<boolean>;
    /**
     * Take over a namespace of this name that pulumi-linuxnet did not create. Default `false`:
     * such a namespace is refused and left alone. When `true`, it is marked as ours and deleted on
     * `pulumi destroy` like any namespace we created. (`pulumi import` cannot adopt dynamic
     * resources, so adoption is this explicit input.)
     */
    adopt?: pulumi.Input<boolean>;
}

/**
 * A named Linux network namespace.
 *
 * Deleting it takes every device inside with it; resources for those devices accept that.
 * It is marked as ours by the alias of its loopback device.
 *
 * ```ts
 * import * as linuxnet from "pulumi-linuxnet";
 *
 * const ns1 = new linuxnet.NetworkNamespace("ns1", { name: "ns1" });
 * export const inode = ns1.inode;
 * ```
 *
 * Equivalent to: `ip netns add ns1 && ip -n ns1 link set dev lo alias managed-by=pulumi-linuxnet up`
 */
export class NetworkNamespace extends LinuxnetResource {
    /** The namespace's name, as given. */
    declare public readonly name: pulumi.Output<string>;
    declare public readonly loopbackUp: pulumi.Output<boolean>;
    declare public readonly adopt: pulumi.Output<boolean>;
    /** Inode of /run/netns/NAME; a namespace deleted and made again by hand gets a new one. */
    declare public readonly inode: pulumi.Output<number>;
    /** Whether the namespace carries our ownership mark. */
    declare public readonly managed: pulumi.Output<boolean>;

    constructor(name: string, args: NetworkNamespaceArgs, opts?: pulumi.CustomResourceOptions) {
        super(networkNamespace, name, args, opts);
        noteNamespaceResource(args.name, this);
    }
}
