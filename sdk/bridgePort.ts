import * as pulumi from "@pulumi/pulumi";
import { RemoteArgs } from "./connection";
import { LinuxnetResource } from "./resource";
import { bridgePort } from "../provider/resources/bridgePort";

export interface BridgePortArgs extends RemoteArgs {
    /**
     * An existing device that something else created (a VM's tap, a container's veth end).
     * It is never created, marked or deleted by this resource. Replaces the attachment.
     *
     * Equivalent to: `ip -n NAMESPACE link set dev DEVICE master BRIDGE`
     */
    device: pulumi.Input<string>;
    /** The bridge to attach it to, in the same namespace. Updated in place (moves the port). */
    bridge: pulumi.Input<string>;
    /** Namespace of the device and the bridge. Default: the host namespace. Replaces the attachment. */
    namespace?: pulumi.Input<string>;
    /** Also bring the device up (or down). Default: leave it as it is. Updated in place. */
    up?: pulumi.Input<boolean>;
}

/**
 * Attaches a link that another resource created — a VM's tap device, say — to a bridge. Delete
 * detaches it (`nomaster`), and only while it is still on this bridge.
 *
 * ```ts
 * const tap = new command.local.Command("tap", { create: "ip tuntap add tap0 mode tap", delete: "ip link del tap0" });
 * new linuxnet.BridgePort("tap0-on-br1", { device: "tap0", bridge: br1.name, up: true }, { dependsOn: [tap] });
 * ```
 */
export class BridgePort extends LinuxnetResource {
    declare public readonly device: pulumi.Output<string>;
    /** The bridge the device is attached to now ("" when detached by hand). */
    declare public readonly bridge: pulumi.Output<string>;
    declare public readonly namespace: pulumi.Output<string | undefined>;
    declare public readonly ifindex: pulumi.Output<number>;

    constructor(name: string, args: BridgePortArgs, opts?: pulumi.CustomResourceOptions) {
        super(bridgePort, name, args, opts);
    }
}
