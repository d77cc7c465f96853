/**
 * Vxlan: a VXLAN tunnel endpoint (`ip link add NAME type vxlan id VNI ...`), one end of a layer-2
 * segment carried in UDP across an underlay network: put it on a bridge on two hosts and the two
 * bridges are one segment. Marked as ours by its alias, up by default. What `link add` fixes
 * (VNI, peer or group, local address, port, underlay device, learning) replaces the device when
 * changed; MTU, MAC, the bridge it is a port of and up/down change in place.
 */
import { VxlanOptions, addVxlan } from "../commands/link";
import { LinkState } from "../parse/link";
import * as t from "../validate/fields";
import { ParsedIp, parseIp } from "../validate/ip";
import { ResourceImplementation } from "../framework/implementation";
import { CheckFailure } from "../framework/schema";
import { freshLink } from "../framework/links";
import { LinkInputs, LinkOutputs, linkIdentityFields, linkSettingFields, singleLink } from "../framework/singleLink";

/** A link's inputs and what `link add ... type vxlan` takes (commands/link.ts). */
export interface VxlanInputs extends LinkInputs, VxlanOptions {}

export interface VxlanState extends VxlanInputs, LinkOutputs {}

/** The IANA port for VXLAN (RFC 7348). */
export const VXLAN_PORT = 4789;

export const vxlan: ResourceImplementation<VxlanInputs, VxlanState> = singleLink<VxlanInputs, VxlanState>({
    typeName: "Vxlan",
    kind: "vxlan device",
    linkKind: "vxlan",
    schema: {
        ...linkIdentityFields,
        vni: { type: t.integer(1, 16_777_215), required: true, replaces: true },
        remote: { type: t.ipAddress, replaces: true },
        group: { type: t.ipAddress, replaces: true },
        local: { type: t.ipAddress, replaces: true },
        dstport: { type: t.integer(1, 65535), default: VXLAN_PORT, replaces: true },
        device: { type: t.interfaceName, replaces: true },
        learning: { type: t.boolean, default: true, replaces: true },
        ...linkSettingFields,
        master: { type: t.interfaceName, unsetClears: true },
    },
    crossCheck(inputs): CheckFailure[] {
        const failures: CheckFailure[] = [];
        if (inputs.remote !== undefined && inputs.group !== undefined) {
            failures.push({ property: "group", reason: `remote "${inputs.remote}" and group "${inputs.group}" exclude each other: a VXLAN device sends to one peer or to one multicast group` });
        }
        const group = inputs.group !== undefined ? parseIp(inputs.group) : undefined;
        if (group && !isMulticast(group)) failures.push({ property: "group", reason: `group "${inputs.group}" is not a multicast address (for one peer, use remote)` });
        if (group && inputs.device === undefined) failures.push({ property: "device", reason: `group "${inputs.group}" needs a device: the underlay link that joins the multicast group` });
        const remote = inputs.remote !== undefined ? parseIp(inputs.remote) : undefined;
        if (remote && isMulticast(remote)) failures.push({ property: "remote", reason: `remote "${inputs.remote}" is a multicast address: use group` });
        const local = inputs.local !== undefined ? parseIp(inputs.local) : undefined;
        const peer = remote ?? group;
        if (local && peer && local.family !== peer.family) failures.push({ property: "local", reason: `local "${inputs.local}" and ${remote ? "remote" : "group"} "${inputs.remote ?? inputs.group}" are of different IP families` });
        return failures;
    },
    add: (inputs) => addVxlan(inputs.namespace, inputs.name, inputs),
    fresh: (inputs): LinkState => ({
        ...freshLink("vxlan", inputs.name, inputs.mtu, inputs.mac),
        vxlan: vxlanSettings(inputs),
    }),
    // A device of ours made with other fixed settings (another VNI, peer or port) is another tunnel.
    unclaimable: (inputs, existing) => {
        const [want, have] = [JSON.stringify(vxlanSettings(inputs)), JSON.stringify(existing.vxlan ?? {})];
        return want === have ? undefined : `"${existing.name}" already exists as another tunnel (${have}, wanted ${want}); it is left untouched: delete it, or give the program its settings`;
    },
    believedKind: (state) => ({ vxlan: vxlanSettings(state) }),
});

/** 224.0.0.0/4 or ff00::/8. */
function isMulticast(ip: ParsedIp): boolean {
    return ip.family === 4 ? (ip.bytes[0] & 0xf0) === 0xe0 : ip.bytes[0] === 0xff;
}

/** What the kernel reports for the settings `link add` fixed, in `ip -d -j`'s terms. */
function vxlanSettings(inputs: VxlanInputs): NonNullable<LinkState["vxlan"]> {
    return {
        vni: inputs.vni, dstport: inputs.dstport, learning: inputs.learning,
        ...(inputs.remote !== undefined ? { remote: inputs.remote } : {}),
        ...(inputs.group !== undefined ? { group: inputs.group } : {}),
        ...(inputs.local !== undefined ? { local: inputs.local } : {}),
    };
}
