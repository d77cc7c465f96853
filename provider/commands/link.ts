/** argv builders for links (`ip link`, `ip tuntap`): veth pairs, bridges, taps, macvlans and the settings of any link. Pure. */
import { ipArgv } from "./ip";

/** `ip [-n NS] -d -j link show dev NAME`: one link with its kind-specific details. */
export function showLink(namespace: string | undefined, name: string): string[] {
    return ipArgv(namespace, "-d", "-j", "link", "show", "dev", name);
}

/** `ip [-n NS] -d -j link show`: every link of a namespace. */
export function listLinks(namespace: string | undefined): string[] {
    return ipArgv(namespace, "-d", "-j", "link", "show");
}

export interface VethEnd {
    name: string;
    namespace?: string;
    mtu?: number;
    mac?: string;
}

/**
 * `ip link add name A [netns N1] [mtu M] [address MAC] type veth peer name B [netns N2] ...`
 * creates both ends directly where they belong, in one call: moving a device afterwards costs
 * an RCU barrier per move. Runs from the root namespace so both `netns` names resolve.
 * The `name` keyword is not optional in practice: iproute2 matches keyword prefixes, so a
 * device called "a" or "addr" would otherwise be read as `address`.
 */
export function addVeth(end: VethEnd, peer: VethEnd): string[] {
    const endArgs = (e: VethEnd) => [
        ...(e.namespace ? ["netns", e.namespace] : []),
        ...(e.mtu !== undefined ? ["mtu", String(e.mtu)] : []),
        ...(e.mac !== undefined ? ["address", e.mac] : []),
    ];
    return ["ip", "link", "add", "name", end.name, ...endArgs(end), "type", "veth", "peer", "name", peer.name, ...endArgs(peer)];
}

/**
 * The same `link add`, run inside namespace `runIn` (so it can be a line of an `ip -batch` there).
 * `netns NAME` resolves through /run/netns from any namespace, so both ends still land where
 * they belong.
 */
export function addVethFrom(runIn: string | undefined, end: VethEnd, peer: VethEnd): string[] {
    return ipArgv(runIn, ...addVeth(end, peer).slice(1));
}

export interface BridgeOptions {
    mtu?: number;
    mac?: string;
    stp?: boolean;
    vlanFiltering?: boolean;
    /** Seconds, as users think of them; the kernel keeps centiseconds. */
    forwardDelay?: number;
    ageingTime?: number;
}

/** The `type bridge ...` options shared by `link add` and `link set`. */
function bridgeTypeArgs(options: BridgeOptions): string[] {
    return [
        ...(options.stp !== undefined ? ["stp_state", options.stp ? "1" : "0"] : []),
        ...(options.vlanFiltering !== undefined ? ["vlan_filtering", options.vlanFiltering ? "1" : "0"] : []),
        ...(options.forwardDelay !== undefined ? ["forward_delay", String(Math.round(options.forwardDelay * 100))] : []),
        ...(options.ageingTime !== undefined ? ["ageing_time", String(Math.round(options.ageingTime * 100))] : []),
    ];
}

/** `ip [-n NS] link add name NAME [mtu M] [address MAC] type bridge [stp_state ...] ...` */
export function addBridge(namespace: string | undefined, name: string, options: BridgeOptions): string[] {
    return ipArgv(
        namespace,
        "link",
        "add",
        "name",
        name,
        ...(options.mtu !== undefined ? ["mtu", String(options.mtu)] : []),
        ...(options.mac !== undefined ? ["address", options.mac] : []),
        "type",
        "bridge",
        ...bridgeTypeArgs(options),
    );
}

/** `ip [-n NS] link set dev NAME type bridge ...`: bridge settings in place. */
export function setBridgeOptions(namespace: string | undefined, name: string, options: BridgeOptions): string[] | undefined {
    const args = bridgeTypeArgs(options);
    return args.length ? ipArgv(namespace, "link", "set", "dev", name, "type", "bridge", ...args) : undefined;
}

/** `ip [-n NS] link delete dev NAME`. Deleting one end of a veth pair deletes both. */
export function deleteLink(namespace: string | undefined, name: string): string[] {
    return ipArgv(namespace, "link", "delete", "dev", name);
}

/** The generic settings of a link that can change in place. Undefined means "leave as is". */
export interface LinkSettings {
    up?: boolean;
    mtu?: number;
    mac?: string;
    /** A bridge name, or null to detach from any bridge (`nomaster`). */
    master?: string | null;
    alias?: string;
}

/**
 * `ip [-n NS] link set dev NAME [mtu M] [address MAC] [master BR|nomaster] [alias A] [up|down]`:
 * one process for every setting. `up` comes last so the link comes up already attached.
 */
export function setLink(namespace: string | undefined, name: string, settings: LinkSettings): string[] | undefined {
    const args = [
        ...(settings.mtu !== undefined ? ["mtu", String(settings.mtu)] : []),
        ...(settings.mac !== undefined ? ["address", settings.mac] : []),
        ...(settings.master === null ? ["nomaster"] : settings.master !== undefined ? ["master", settings.master] : []),
        ...(settings.alias !== undefined ? ["alias", settings.alias] : []),
        ...(settings.up !== undefined ? [settings.up ? "up" : "down"] : []),
    ];
    return args.length ? ipArgv(namespace, "link", "set", "dev", name, ...args) : undefined;
}

export interface TapOptions {
    mode: "tap" | "tun";
    /** Owner (user name or uid) who may open it without privileges: an unprivileged QEMU, say. */
    user?: string;
    group?: string;
    multiQueue: boolean;
    vnetHdr: boolean;
}

/**
 * `ip [-n NS] tuntap add dev NAME mode tap|tun [user U] [group G] [multi_queue] [vnet_hdr]`: a
 * persistent device, there whether or not a process has it open. `ip tuntap` takes no MTU or
 * MAC: those are set afterwards like any link's.
 */
export function addTap(namespace: string | undefined, name: string, options: TapOptions): string[] {
    return ipArgv(
        namespace,
        "tuntap", "add", "dev", name, "mode", options.mode,
        ...(options.user !== undefined ? ["user", options.user] : []),
        ...(options.group !== undefined ? ["group", options.group] : []),
        ...(options.multiQueue ? ["multi_queue"] : []),
        ...(options.vnetHdr ? ["vnet_hdr"] : []),
    );
}

export type MacvlanMode = "bridge" | "private" | "vepa" | "passthru";

export interface MacvlanOptions {
    mode: MacvlanMode;
    mtu?: number;
    mac?: string;
}

/**
 * `ip [-n PARENT_NS] link add link PARENT name NAME [netns NS] [mtu M] [address MAC] type macvlan
 * mode MODE`: made on its parent, in the parent's namespace, and put straight into `namespace`
 * when that differs (no move afterwards).
 */
export function addMacvlan(parentNamespace: string | undefined, parent: string, name: string, namespace: string | undefined, options: MacvlanOptions): string[] {
    return ipArgv(
        parentNamespace,
        "link", "add", "link", parent, "name", name,
        ...(namespace !== parentNamespace && namespace !== undefined ? ["netns", namespace] : []),
        ...(options.mtu !== undefined ? ["mtu", String(options.mtu)] : []),
        ...(options.mac !== undefined ? ["address", options.mac] : []),
        "type", "macvlan", "mode", options.mode,
    );
}

export interface VxlanOptions {
    vni: number;
    remote?: string;
    group?: string;
    local?: string;
    dstport: number;
    /** The underlay link (needed with a multicast group). */
    device?: string;
    learning: boolean;
    mtu?: number;
    mac?: string;
}

/**
 * `ip [-n NS] link add NAME [mtu M] [address MAC] type vxlan id VNI [remote IP | group IP]
 * [local IP] [dev DEV] dstport PORT [nolearning]`. The port is always given: without it the
 * kernel uses Linux's pre-IANA 8472, which no other VXLAN speaker expects.
 */
export function addVxlan(namespace: string | undefined, name: string, o: VxlanOptions): string[] {
    return ipArgv(
        namespace,
        "link", "add", name,
        ...(o.mtu !== undefined ? ["mtu", String(o.mtu)] : []),
        ...(o.mac !== undefined ? ["address", o.mac] : []),
        "type", "vxlan", "id", String(o.vni),
        ...(o.remote !== undefined ? ["remote", o.remote] : []),
        ...(o.group !== undefined ? ["group", o.group] : []),
        ...(o.local !== undefined ? ["local", o.local] : []),
        ...(o.device !== undefined ? ["dev", o.device] : []),
        "dstport", String(o.dstport),
        ...(o.learning ? [] : ["nolearning"]),
    );
}

/** `ip [-n NS] link set dev NAME type macvlan mode MODE`: the mode in place. */
export function setMacvlanMode(namespace: string | undefined, name: string, mode: MacvlanMode): string[] {
    return ipArgv(namespace, "link", "set", "dev", name, "type", "macvlan", "mode", mode);
}
