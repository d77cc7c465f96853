import * as pulumi from "@pulumi/pulumi";
import { RemoteArgs } from "./connection";
import { LinuxnetResource } from "./resource";
import { tapDevice } from "../provider/resources/tapDevice";

export interface TapDeviceArgs extends RemoteArgs {
    /**
     * Device name, 1-15 characters of letters, digits, `_`, `.`, `-`: what a VM's NIC opens
     * (QEMU's `-netdev tap,ifname=NAME`). Replaces the device.
     *
     * Equivalent to: `ip -n NAMESPACE tuntap add dev NAME mode tap`
     */
    name: pulumi.Input<string>;
    /** Namespace of the device. Default: the host namespace. Replaces the device. */
    namespace?: pulumi.Input<string>;
    /** `tap` (Ethernet frames: a VM's NIC, a bridge port) or `tun` (IP packets: a VPN). Default `tap`. Replaces the device. */
    mode?: pulumi.Input<"tap" | "tun">;
    /**
     * User (name or uid) who may open the device without privileges, such as an unprivileged QEMU.
     * Default: only root. Replaces the device. Kept as given, not read back (the kernel shows a
     * name where one resolves).
     *
     * Equivalent to: `... tuntap add ... user USER`
     */
    user?: pulumi.Input<string | number>;
    /** Group (name or gid) whose members may open the device. Default: none. Replaces the device. `... group GROUP` */
    group?: pulumi.Input<string | number>;
    /** Several queues, one per vCPU (QEMU's `queues=N`). Default `false`. Replaces the device. `... multi_queue` */
    multiQueue?: pulumi.Input<boolean>;
    /** The virtio-net header on each frame (QEMU's `vnet_hdr=on`). Default `false`. Replaces the device. `... vnet_hdr` */
    vnetHdr?: pulumi.Input<boolean>;
    /** Whether the device is up. Default `true`. Updated in place: `ip link set dev NAME up|down` */
    up?: pulumi.Input<boolean>;
    /** MTU, 68-65535. Default: the kernel's (1500). Updated in place: `ip link set dev NAME mtu MTU` */
    mtu?: pulumi.Input<number>;
    /** MAC address (unicast; tap only). Default: the kernel's choice. Updated in place: `ip link set dev NAME address MAC` */
    mac?: pulumi.Input<string>;
    /**
     * Bridge (in the same namespace) the device is a port of; tap only. Updated in place; removing
     * it detaches the device.
     *
     * Equivalent to: `ip link set dev NAME master BRIDGE`
     */
    master?: pulumi.Input<string>;
    /** Take over an existing device of this name that pulumi-linuxnet did not create. Default `false`. */
    adopt?: pulumi.Input<boolean>;
}

/**
 * A persistent tun or tap device: the link a VM's NIC (QEMU, Firecracker) or a VPN process opens
 * by name. It exists whether or not a process has it open; a tap on a bridge puts the VM on that
 * segment.
 *
 * ```ts
 * const br = new linuxnet.Bridge("lab", { name: "labbr0" });
 * const tap = new linuxnet.TapDevice("vm1-nic", { name: "tap-vm1", master: br.name, user: "qemu", vnetHdr: true });
 * // qemu-system-x86_64 ... -netdev tap,id=n0,ifname=tap-vm1,script=no,downscript=no,vnet_hdr=on
 * ```
 *
 * Equivalent to: `ip tuntap add dev tap-vm1 mode tap user qemu vnet_hdr && ip link set dev tap-vm1 master labbr0 up`
 */
export class TapDevice extends LinuxnetResource {
    declare public readonly name: pulumi.Output<string>;
    declare public readonly namespace: pulumi.Output<string | undefined>;
    declare public readonly mode: pulumi.Output<"tap" | "tun">;
    declare public readonly user: pulumi.Output<string | undefined>;
    declare public readonly group: pulumi.Output<string | undefined>;
    declare public readonly multiQueue: pulumi.Output<boolean>;
    declare public readonly vnetHdr: pulumi.Output<boolean>;
    declare public readonly up: pulumi.Output<boolean>;
    declare public readonly mtu: pulumi.Output<number | undefined>;
    declare public readonly master: pulumi.Output<string | undefined>;
    /** Interface index in its namespace. */
    declare public readonly ifindex: pulumi.Output<number>;
    /** MAC address as the kernel has it. */
    declare public readonly macAddress: pulumi.Output<string>;

    constructor(name: string, args: TapDeviceArgs, opts?: pulumi.CustomResourceOptions) {
        super(tapDevice, name, args, opts);
    }
}
