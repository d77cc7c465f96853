/**
 * Route: one route (`ip route add`), tagged with our own protocol number so that we find, adopt
 * and delete only routes we added. Destination, table and metric identify a route to the kernel
 * and force a replacement; gateway, device, source and scope change in place with the atomic
 * `ip route replace`.
 */
import { RouteSpec, addRoute, deleteRoute, replaceRoute } from "../commands/route";
import { ForeignObjectError, VerificationError, isCommandError } from "../exec/errors";
import { withUndo } from "../exec/intents";
import { Runner } from "../exec/run";
import { deleteRouteIfPresent, findRoutes, routesWithKey } from "../kernel/route";
import { RouteState } from "../parse/route";
import * as t from "../validate/fields";
import { parseCidr, parseIp } from "../validate/ip";
import { ResourceImplementation } from "../framework/implementation";
import { ADOPT_HINT, ROUTE_PROTOCOL } from "../framework/ownership";
import { CheckFailure } from "../framework/schema";

export interface RouteInputs {
    destination: string;
    namespace?: string;
    table: number;
    metric?: number;
    gateway?: string;
    device?: string;
    source?: string;
    scope?: "global" | "link" | "host";
    /** Only for a "default" route with neither gateway nor source to tell the family. */
    family?: "ipv4" | "ipv6";
    adopt: boolean;
}

export interface RouteOutputs extends RouteInputs {
    /** The route as `ip route` prints it, e.g. "default via 192.168.1.10 dev veth1 proto 241 metric 10". */
    route: string;
}

export function routeFamily(inputs: Pick<RouteInputs, "destination" | "gateway" | "source" | "family">): 4 | 6 {
    const fromDestination = inputs.destination === "default" ? undefined : (parseCidr(inputs.destination) ?? parseIp(inputs.destination))?.family;
    const fromAddress = (inputs.gateway ? parseIp(inputs.gateway)?.family : undefined) ?? (inputs.source ? parseIp(inputs.source)?.family : undefined);
    return fromDestination ?? fromAddress ?? (inputs.family === "ipv6" ? 6 : 4);
}

export function routeSpec(inputs: RouteInputs): RouteSpec {
    return {
        family: routeFamily(inputs),
        destination: inputs.destination,
        table: inputs.table,
        metric: inputs.metric,
        gateway: inputs.gateway,
        device: inputs.device,
        source: inputs.source,
        scope: inputs.scope,
        protocol: ROUTE_PROTOCOL,
    };
}

/** The route in `ip route` words, for outputs and messages. */
function describeRoute(route: RouteState): string {
    return [
        route.destination,
        ...(route.gateway ? ["via", route.gateway] : []),
        ...(route.device ? ["dev", route.device] : []),
        ...(route.source ? ["src", route.source] : []),
        ...(route.scope ? ["scope", String(route.scope)] : []),
        "proto", String(route.protocol),
        ...(route.metric !== undefined ? ["metric", String(route.metric)] : []),
    ].join(" ");
}

function observed(inputs: RouteInputs, route: RouteState): RouteOutputs {
    const outs: RouteOutputs = { ...inputs, route: describeRoute(route) };
    if (inputs.gateway !== undefined) outs.gateway = route.gateway;
    if (inputs.device !== undefined) outs.device = route.device;
    if (inputs.source !== undefined) outs.source = route.source;
    if (inputs.scope !== undefined) {
        const names: Record<number, RouteInputs["scope"]> = { 0: "global", 253: "link", 254: "host" };
        outs.scope = names[route.scope];
    }
    return outs;
}

const routeKey = (inputs: RouteInputs) => ({ family: routeFamily(inputs), destination: inputs.destination, table: inputs.table, metric: inputs.metric });

/** Among routes with one key (destination, table, metric): ours, by our protocol, and anyone else's. */
function byOwner(routes: readonly RouteState[]): { ours?: RouteState; foreign?: RouteState } {
    return { ours: routes.find((r) => r.protocol === ROUTE_PROTOCOL), foreign: routes.find((r) => r.protocol !== ROUTE_PROTOCOL) };
}

async function findOurs(run: Runner, inputs: RouteInputs): Promise<{ ours?: RouteState; foreign?: RouteState }> {
    return byOwner(await findRoutes(run, inputs.namespace, routeKey(inputs)));
}

/**
 * The route as `read` reports it, from routes already read (its table's, its family's) — for a
 * caller that read them along with other things in one process. Pure.
 */
export function ourRouteAmong(inputs: RouteInputs, routes: readonly RouteState[]): RouteOutputs | undefined {
    const { ours } = byOwner(routesWithKey(routes, routeKey(inputs)));
    return ours && observed(inputs, ours);
}

/** Our route with these inputs' destination, table and metric as the kernel has it, or undefined. */
export async function readRoute(run: Runner, inputs: RouteInputs): Promise<RouteOutputs | undefined> {
    const { ours } = await findOurs(run, inputs);
    return ours && observed(inputs, ours);
}

async function verify(run: Runner, inputs: RouteInputs): Promise<RouteOutputs> {
    const { ours } = await findOurs(run, inputs);
    if (!ours) throw new VerificationError(`route ${inputs.destination} is missing`);
    return observed(inputs, ours);
}

export const route: ResourceImplementation<RouteInputs, RouteOutputs> = {
    typeName: "Route",
    kind: "route",
    schema: {
        destination: { type: t.routeDestination, required: true, replaces: true },
        namespace: { type: t.namespaceName, replaces: true },
        table: { type: t.routeTable, default: 254, replaces: true },
        metric: { type: t.integer(0, 4294967295), replaces: true },
        gateway: { type: t.ipAddress },
        device: { type: t.interfaceName },
        source: { type: t.ipAddress },
        scope: { type: t.oneOf("global", "link", "host") },
        family: { type: t.oneOf("ipv4", "ipv6"), replaces: true },
        adopt: { type: t.boolean, default: false },
    },
    outputs: ["route"],

    crossCheck(inputs): CheckFailure[] {
        const failures: CheckFailure[] = [];
        const family = routeFamily(inputs);
        for (const property of ["gateway", "source"] as const) {
            const value = inputs[property];
            const ip = value === undefined ? undefined : parseIp(value);
            if (ip && ip.family !== family) {
                failures.push({ property, reason: `${property} "${value}" is IPv${ip.family} but the route is IPv${family} (destination ${inputs.destination})` });
            }
        }
        if (inputs.family !== undefined && inputs.family !== (family === 6 ? "ipv6" : "ipv4")) {
            failures.push({ property: "family", reason: `family "${inputs.family}" contradicts destination ${inputs.destination}` });
        }
        if (inputs.gateway === undefined && inputs.device === undefined) {
            failures.push({ property: "gateway", reason: `a route needs a gateway, a device or both (destination ${inputs.destination})` });
        }
        return failures;
    },

    nameOf: (inputs) => inputs.destination,

    async create(run, inputs) {
        const spec = routeSpec(inputs);
        // Optimistic: add first; the kernel refuses (changing nothing) when a route with this
        // destination, table and metric exists. Only then is there something to decide.
        return withUndo(async (undo) => {
            try {
                await run(addRoute(inputs.namespace, spec));
                undo.add(() => deleteRouteIfPresent(run, inputs.namespace, spec));
            } catch (err) {
                if (!isCommandError(err, "exists")) throw err;
                const { ours } = await findOurs(run, inputs);
                if (!ours && !inputs.adopt) {
                    throw new ForeignObjectError("route", inputs.destination, inputs.namespace, ADOPT_HINT);
                }
                // Our own route left by a crash, or one adopted deliberately: `replace` takes it over with our protocol.
                await run(replaceRoute(inputs.namespace, spec));
            }
            return { id: `${inputs.namespace ?? ""}/${inputs.table}/${inputs.destination}`, outs: await verify(run, inputs) };
        });
    },

    // Routes are not drawn.
    objects: () => [],

    plan: {
        create: (inputs) => [addRoute(inputs.namespace, routeSpec(inputs))],
        update: (_olds, news) => [replaceRoute(news.namespace, routeSpec(news))],
        delete: (state) => [deleteRoute(state.namespace, routeSpec(state))],
    },

    read: readRoute,

    async update(run, _olds, news) {
        await run(replaceRoute(news.namespace, routeSpec(news)));
        return verify(run, news);
    },

    async delete(run, state) {
        await deleteRouteIfPresent(run, state.namespace, routeSpec(state));
    },
};
