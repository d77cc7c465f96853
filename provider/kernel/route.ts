/** Route lookups, and the idempotent delete. */
import { RouteSpec, deleteRoute, listRoutes } from "../commands/route";
import { isCommandError } from "../exec/errors";
import { Runner, runJson } from "../exec/run";
import { RouteState, parseRoutes } from "../parse/route";

export interface RouteKey {
    family: 4 | 6;
    destination: string;
    table: number;
    metric?: number;
}

/** The kernel's default metric when none is given: 0 for IPv4, 1024 for IPv6. */
export function effectiveMetric(family: 4 | 6, metric: number | undefined): number {
    return metric ?? (family === 6 ? 1024 : 0);
}

/** Deletes a route; already gone (or its namespace with it) is success. */
export async function deleteRouteIfPresent(run: Runner, namespace: string | undefined, spec: RouteSpec): Promise<void> {
    try {
        await run(deleteRoute(namespace, spec));
    } catch (err) {
        if (!isCommandError(err, "notFound")) throw err;
    }
}

/** Routes with this key (destination, table, metric), or [] when none or the namespace is gone. */
export async function findRoutes(run: Runner, namespace: string | undefined, key: RouteKey): Promise<RouteState[]> {
    let routes: RouteState[];
    try {
        routes = parseRoutes(await runJson(run, listRoutes(namespace, key.family, key.table)));
    } catch (err) {
        if (isCommandError(err, "notFound")) return [];
        throw err;
    }
    return routesWithKey(routes, key);
}

/** The unicast routes among `routes` (one table's, one family's) that have this destination and metric. Pure. */
export function routesWithKey(routes: readonly RouteState[], key: RouteKey): RouteState[] {
    const metric = effectiveMetric(key.family, key.metric);
    return routes.filter((r) => r.destination === key.destination && (r.metric ?? 0) === metric && r.type === "unicast");
}
