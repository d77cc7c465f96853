/**
 * TapDevice: a persistent tun or tap device (`ip tuntap add`), the link a VM's NIC or a VPN
 * process opens by name. Marked as ours by its alias, up by default, optionally a port of a
 * bridge. What `ip tuntap add` decides (mode, owner, queues, virtio header) cannot change
 * afterwards: a change replaces the device.
 */
import { addTap } from "../commands/link";
import { LinkState } from "../parse/link";
import * as t from "../validate/fields";
import { ResourceImplementation } from "../framework/implementation";
import { CheckFailure } from "../framework/schema";
import { freshLink } from "../framework/links";
import { LinkInputs, LinkOutputs, linkIdentityFields, linkSettingFields, singleLink } from "../framework/singleLink";

export interface TapDeviceInputs extends LinkInputs {
    mode: "tap" | "tun";
    user?: string;
    group?: string;
    multiQueue: boolean;
    vnetHdr: boolean;
}

export interface TapDeviceState extends TapDeviceInputs, LinkOutputs {}

export const tapDevice: ResourceImplementation<TapDeviceInputs, TapDeviceState> = singleLink<TapDeviceInputs, TapDeviceState>({
    typeName: "TapDevice",
    kind: "tap device",
    linkKind: "tun",
    schema: {
        ...linkIdentityFields,
        mode: { type: t.oneOf("tap", "tun"), default: "tap", replaces: true },
        user: { type: t.owner, replaces: true },
        group: { type: t.owner, replaces: true },
        multiQueue: { type: t.boolean, default: false, replaces: true },
        vnetHdr: { type: t.boolean, default: false, replaces: true },
        ...linkSettingFields,
        master: { type: t.interfaceName, unsetClears: true },
    },
    crossCheck(inputs): CheckFailure[] {
        const failures: CheckFailure[] = [];
        // A tun device carries IP packets, no Ethernet frames: no MAC, and no bridge can take it.
        if (inputs.mode === "tun" && inputs.master !== undefined) {
            failures.push({ property: "master", reason: `master "${inputs.master}" needs mode "tap": a tun device carries IP packets, which a bridge cannot switch` });
        }
        if (inputs.mode === "tun" && inputs.mac !== undefined) {
            failures.push({ property: "mac", reason: `mac "${inputs.mac}" needs mode "tap": a tun device has no MAC address` });
        }
        return failures;
    },
    add: (inputs) => addTap(inputs.namespace, inputs.name, inputs),
    nameTaken: "busy",
    // What `tuntap add` fixed cannot be changed on a device that exists: taking it over would
    // leave the program believing in a mode or queue layout the device does not have.
    unclaimable: (inputs, existing) => {
        const tun = existing.tun;
        if (!tun) return undefined;
        const differ = [
            tun.mode !== inputs.mode && `mode ${tun.mode} (wanted ${inputs.mode})`,
            tun.multiQueue !== inputs.multiQueue && `multiQueue ${tun.multiQueue} (wanted ${inputs.multiQueue})`,
            tun.vnetHdr !== inputs.vnetHdr && `vnetHdr ${tun.vnetHdr} (wanted ${inputs.vnetHdr})`,
        ].filter(Boolean);
        return differ.length ? `"${existing.name}" already exists with ${differ.join(", ")}, fixed when it was made; it is left untouched: delete it, or give the program its settings` : undefined;
    },
    fresh: (inputs): LinkState => ({
        ...freshLink("tun", inputs.name, 1500),
        tun: { mode: inputs.mode, multiQueue: inputs.multiQueue, vnetHdr: inputs.vnetHdr, persist: true },
    }),
    // Mode, queues and header are fixed at creation; the owner is shown by name where one resolves,
    // so it is kept as the program gave it rather than read back.
    observedKind: (_inputs, link) => (link.tun ? { mode: link.tun.mode as "tap" | "tun", multiQueue: link.tun.multiQueue, vnetHdr: link.tun.vnetHdr } : {}),
});
