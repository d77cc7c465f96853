/** argv builders for routes (`ip route`). Pure. */
import { ipArgv } from "./ip";

export interface RouteSpec {
    family: 4 | 6;
    /** "default" or a network, canonical. */
    destination: string;
    table: number;
    metric?: number;
    gateway?: string;
    device?: string;
    source?: string;
    scope?: string;
    protocol: number;
}

/** The fields that identify a route to the kernel: destination, table, metric (and family). */
function routeKey(spec: Pick<RouteSpec, "destination" | "table" | "metric">): string[] {
    return [
        spec.destination,
        ...(spec.table !== 254 ? ["table", String(spec.table)] : []),
        ...(spec.metric !== undefined ? ["metric", String(spec.metric)] : []),
    ];
}

function familyFlag(family: 4 | 6): string {
    return family === 6 ? "-6" : "-4";
}

function routeArgs(spec: RouteSpec): string[] {
    return [
        ...routeKey(spec),
        ...(spec.gateway !== undefined ? ["via", spec.gateway] : []),
        ...(spec.device !== undefined ? ["dev", spec.device] : []),
        ...(spec.source !== undefined ? ["src", spec.source] : []),
        ...(spec.scope !== undefined ? ["scope", spec.scope] : []),
        "proto",
        String(spec.protocol),
    ];
}

/** `ip -4|-6 [-n NS] route add DEST [table T] [metric M] [via GW] [dev DEV] [src SRC] [scope S] proto P` */
export function addRoute(namespace: string | undefined, spec: RouteSpec): string[] {
    return ipArgv(namespace, familyFlag(spec.family), "route", "add", ...routeArgs(spec));
}

/**
 * `ip [-n NS] route add ...` without the family flag, for an `ip -batch` line (which cannot carry
 * `-4`/`-6`): the gateway's family decides, so a gateway is required.
 */
export function addRouteViaGateway(namespace: string | undefined, spec: RouteSpec): string[] {
    if (spec.gateway === undefined) throw new Error(`addRouteViaGateway: route ${spec.destination} has no gateway to tell its family`);
    return ipArgv(namespace, "route", "add", ...routeArgs(spec));
}

/** `ip route replace ...`: same key, new gateway/device/source/scope, atomically. */
export function replaceRoute(namespace: string | undefined, spec: RouteSpec): string[] {
    return ipArgv(namespace, familyFlag(spec.family), "route", "replace", ...routeArgs(spec));
}

/**
 * `ip route delete DEST [table T] [metric M] proto P`: naming our protocol makes the kernel
 * delete only a route we added, never someone else's route with the same destination.
 */
export function deleteRoute(namespace: string | undefined, spec: Pick<RouteSpec, "family" | "destination" | "table" | "metric" | "protocol">): string[] {
    return ipArgv(namespace, familyFlag(spec.family), "route", "delete", ...routeKey(spec), "proto", String(spec.protocol));
}

/** `ip -N -j -4|-6 [-n NS] route show table T`: numeric protocol and scope, so we read our mark reliably. */
export function listRoutes(namespace: string | undefined, family: 4 | 6, table: number): string[] {
    return ipArgv(namespace, "-N", "-j", familyFlag(family), "route", "show", "table", String(table));
}

/**
 * `ip -N -j [-n NS] route show table T` with no family flag, which lists IPv4 routes (iproute2
 * reads a table's IPv4 routes when no family is given; measured on 6.1). Only for a line of an
 * `ip -batch`, whose lines cannot carry `-4`; anywhere else listRoutes names the family.
 */
export function listIpv4RoutesInBatch(namespace: string | undefined, table: number): string[] {
    return ipArgv(namespace, "-N", "-j", "route", "show", "table", String(table));
}
