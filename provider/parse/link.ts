/** Parses `ip -d -j link show` output into typed link state. Pure. */

export interface BridgeState {
    stp: boolean;
    vlanFiltering: boolean;
    /** Seconds (the kernel reports centiseconds). */
    forwardDelay: number;
    ageingTime: number;
}

export interface LinkState {
    ifindex: number;
    name: string;
    /** `veth`, `bridge`, `tun`, ... or undefined for plain devices such as `lo`. */
    kind?: string;
    mtu: number;
    mac: string;
    operstate: string;
    /** Administratively up (`ip link set up`), whatever the carrier says. */
    up: boolean;
    master?: string;
    alias?: string;
    /** For a veth end whose peer is in another namespace: the peer's ifindex there. */
    peerIfindex?: number;
    /** For a veth end whose peer is in the same namespace: the peer's name (`ip` prints `link` then). */
    peerName?: string;
    bridge?: BridgeState;
    /** For a tun/tap device: what `ip tuntap add` made it. */
    tun?: TunState;
    /** For a macvlan: its mode. */
    macvlanMode?: string;
    /** For a VXLAN device: what `ip link add ... type vxlan` made it. */
    vxlan?: VxlanState;
}

export interface VxlanState {
    vni: number;
    /** The unicast peer, or the multicast group (with `group`), or neither. */
    remote?: string;
    group?: string;
    local?: string;
    dstport: number;
    learning: boolean;
}

export interface TunState {
    mode: string;
    multiQueue: boolean;
    vnetHdr: boolean;
    persist: boolean;
    /** As the kernel reports them: a name where one resolves, else the number. */
    user?: string;
    group?: string;
}

interface RawLink {
    ifindex: number;
    ifname: string;
    flags?: string[];
    mtu: number;
    address?: string;
    operstate?: string;
    master?: string;
    ifalias?: string;
    link_index?: number;
    link?: string;
    linkinfo?: {
        info_kind?: string;
        info_data?: {
            stp_state?: number;
            vlan_filtering?: number;
            forward_delay?: number;
            ageing_time?: number;
            // tun
            type?: string;
            vnet_hdr?: boolean;
            multi_queue?: boolean;
            persist?: boolean;
            user?: string | number;
            group?: string | number;
            // macvlan
            mode?: string;
            // vxlan
            id?: number;
            remote?: string;
            remote6?: string;
            // (group: as for tun, a string here)
            group6?: string;
            local?: string;
            local6?: string;
            port?: number;
            learning?: boolean;
        };
    };
}

export function parseLinks(json: unknown): LinkState[] {
    if (!Array.isArray(json)) {
        throw new Error(`unexpected \`ip -j link\` output: ${JSON.stringify(json).slice(0, 200)}`);
    }
    return (json as RawLink[]).map(parseLink);
}

function parseLink(raw: RawLink): LinkState {
    const info = raw.linkinfo;
    const data = info?.info_data;
    const link: LinkState = {
        ifindex: raw.ifindex,
        name: raw.ifname,
        mtu: raw.mtu,
        mac: (raw.address ?? "").toLowerCase(),
        operstate: raw.operstate ?? "UNKNOWN",
        up: (raw.flags ?? []).includes("UP"),
    };
    if (info?.info_kind) link.kind = info.info_kind;
    if (raw.master) link.master = raw.master;
    if (raw.ifalias) link.alias = raw.ifalias;
    if (raw.link_index !== undefined) link.peerIfindex = raw.link_index;
    if (raw.link !== undefined) link.peerName = raw.link;
    if (info?.info_kind === "tun" && data) {
        link.tun = {
            mode: data.type ?? "tun",
            multiQueue: data.multi_queue === true,
            vnetHdr: data.vnet_hdr === true,
            persist: data.persist === true,
            ...(data.user !== undefined ? { user: String(data.user) } : {}),
            ...(data.group !== undefined ? { group: String(data.group) } : {}),
        };
    }
    if (info?.info_kind === "macvlan" && data?.mode) link.macvlanMode = data.mode;
    if (info?.info_kind === "vxlan" && data?.id !== undefined) {
        const [remote, group, local] = [data.remote ?? data.remote6, typeof data.group === "string" ? data.group : data.group6, data.local ?? data.local6];
        link.vxlan = {
            vni: data.id, dstport: data.port ?? 0, learning: data.learning !== false,
            ...(remote ? { remote } : {}), ...(group ? { group } : {}), ...(local ? { local } : {}),
        };
    }
    if (info?.info_kind === "bridge" && data) {
        link.bridge = {
            stp: (data.stp_state ?? 0) !== 0,
            vlanFiltering: (data.vlan_filtering ?? 0) !== 0,
            forwardDelay: (data.forward_delay ?? 0) / 100,
            ageingTime: (data.ageing_time ?? 0) / 100,
        };
    }
    return link;
}
