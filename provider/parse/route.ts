/** Parses `ip -N -j route show` output (numeric protocol and scope). Pure. */
import { parseCidr, parseIp } from "../validate/ip";

export interface RouteState {
    /** "default" or canonical `network/prefix` (host routes get their /32 or /128 back). */
    destination: string;
    type: string;
    gateway?: string;
    device?: string;
    source?: string;
    /** Numeric scope as the kernel keeps it: 0 global, 253 link, 254 host. */
    scope: number;
    protocol: number;
    metric?: number;
}

interface RawRoute {
    type?: string;
    dst: string;
    gateway?: string;
    dev?: string;
    prefsrc?: string;
    scope?: string;
    protocol?: string;
    metric?: number;
}

/** Names iproute2 may print even with -N, mapped to their numbers. */
const SCOPES: Record<string, number> = { global: 0, universe: 0, site: 200, link: 253, host: 254, nowhere: 255 };
const PROTOCOLS: Record<string, number> = { unspec: 0, redirect: 1, kernel: 2, boot: 3, static: 4 };
/** With -N, `ip` prints route types as numbers too (rtnetlink's RTN_*); unicast is left out. */
const ROUTE_TYPES = ["unspec", "unicast", "local", "broadcast", "anycast", "multicast", "blackhole", "unreachable", "prohibit", "throw", "nat"];

function routeType(type: string | undefined): string {
    if (type === undefined) return "unicast";
    return /^\d+$/.test(type) ? ROUTE_TYPES[Number(type)] ?? type : type;
}

export function scopeNumber(scope: string | undefined): number {
    if (scope === undefined) return 0;
    return /^\d+$/.test(scope) ? Number(scope) : SCOPES[scope] ?? -1;
}

function protocolNumber(protocol: string | undefined): number {
    if (protocol === undefined) return 0;
    return /^\d+$/.test(protocol) ? Number(protocol) : PROTOCOLS[protocol] ?? -1;
}

/** The canonical destination of a route as printed: "default", a host address, or a network. */
export function canonicalDestination(dst: string): string {
    if (dst === "default") return dst;
    if (!dst.includes("/")) {
        const ip = parseIp(dst);
        return ip ? `${ip.text}/${ip.bytes.length * 8}` : dst;
    }
    const cidr = parseCidr(dst);
    if (cidr && cidr.prefix === 0) return "default";
    return cidr?.cidr ?? dst;
}

export function parseRoutes(json: unknown): RouteState[] {
    if (!Array.isArray(json)) {
        throw new Error(`unexpected \`ip -j route\` output: ${JSON.stringify(json).slice(0, 200)}`);
    }
    return (json as RawRoute[]).map((raw) => {
        const route: RouteState = {
            destination: canonicalDestination(raw.dst),
            type: routeType(raw.type),
            scope: scopeNumber(raw.scope),
            protocol: protocolNumber(raw.protocol),
        };
        if (raw.gateway) route.gateway = parseIp(raw.gateway)?.text ?? raw.gateway;
        if (raw.dev) route.device = raw.dev;
        if (raw.prefsrc) route.source = parseIp(raw.prefsrc)?.text ?? raw.prefsrc;
        if (raw.metric !== undefined) route.metric = raw.metric;
        return route;
    });
}
