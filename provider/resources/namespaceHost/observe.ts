/**
 * Reading a host: everything inside its namespace in one `ip -batch` (links with their addresses
 * and, for an IPv4 gateway, the routes), the host-side end of its cable, and the state that makes
 * — with a part that is gone shown on the field that stands for it, so refresh reports the drift.
 */
import { showLinksWithAddresses } from "../../commands/address";
import { ipBatch } from "../../commands/ip";
import { listIpv4RoutesInBatch } from "../../commands/route";
import { VerificationError, isCommandError } from "../../exec/errors";
import { Runner } from "../../exec/run";
import { findLink } from "../../kernel/link";
import { namespaceInode } from "../../kernel/netns";
import { AddressState, parseAddresses } from "../../parse/address";
import { parseBatchAnswers } from "../../parse/batch";
import { LinkState, parseLinks } from "../../parse/link";
import { RouteState, parseRoutes } from "../../parse/route";
import { parseIp } from "../../validate/ip";
import { isOurs } from "../../framework/ownership";
import { NetworkNamespaceState } from "../networkNamespace";
import { RouteOutputs, ourRouteAmong, readRoute } from "../route";
import { VethPairState, vethPairState } from "../vethPair";
import { NamespaceHostInputs, NamespaceHostState, cablePart, namespacePart, routePart } from "./parts";

/** The parts of a host as read from the kernel. */
export interface Observed {
    ns: NetworkNamespaceState;
    cable?: VethPairState;
    /** Our addresses that the kernel has, in the order the program lists them. */
    addresses: string[];
    route?: RouteOutputs;
}

/** What one `ip` process reads inside a host: the links that matter with their addresses, and maybe its routes. */
export interface Inside {
    /** Its loopback (whose mark says whose the namespace is) and the inside end of its cable. */
    lo?: LinkState;
    end?: LinkState;
    addresses: AddressState[];
    /** The main table's IPv4 routes, read along when the gateway is IPv4 (see insideReads). */
    ipv4Routes?: RouteState[];
}

/**
 * The options of a batch that reads inside a host, for all its lines: details (a link's kind),
 * JSON, and numbers for a route's protocol (our mark) — which makes address scopes numbers too,
 * unused here.
 */
export const INSIDE_READ_OPTIONS = ["-d", "-N", "-j"];

/**
 * The reads inside a host, as lines of one batch: every link with its addresses and, for an IPv4
 * gateway, the main table's routes. `route show` reads one address family per process, IPv4
 * without a flag, and a batch line cannot carry one: an IPv6 gateway's route is read apart.
 */
export function insideReads(h: NamespaceHostInputs): string[][] {
    const ipv4Gateway = h.gateway !== undefined && parseIp(h.gateway)?.family === 4;
    return [showLinksWithAddresses(h.name), ...(ipv4Gateway ? [listIpv4RoutesInBatch(h.name, 254)] : [])];
}

export function parseInside(h: NamespaceHostInputs, answers: unknown[]): Inside {
    const links = parseLinks(answers[0]);
    return {
        lo: links.find((l) => l.name === "lo"),
        end: links.find((l) => l.name === h.interface),
        addresses: parseAddresses(answers[0]),
        ipv4Routes: answers[1] === undefined ? undefined : parseRoutes(answers[1]),
    };
}

/** Everything inside the host, in one process; undefined when the namespace is gone. */
async function readInside(run: Runner, h: NamespaceHostInputs): Promise<Inside | undefined> {
    const reads = insideReads(h);
    const batch = ipBatch(h.name, reads, INSIDE_READ_OPTIONS);
    try {
        return parseInside(h, parseBatchAnswers(await run(batch.argv, batch.input), reads.length));
    } catch (err) {
        if (isCommandError(err, "notFound")) return undefined; // deleted since we looked for it
        throw err;
    }
}

/**
 * The host in the namespace `inode` (the one by its name now), as the kernel has it: two reads —
 * everything inside the namespace, the host-side end — and a third for an IPv6 gateway's route.
 * Undefined when the namespace is gone meanwhile, or is not this host.
 */
export async function observe(run: Runner, h: NamespaceHostInputs, inode: number): Promise<Observed | undefined> {
    const inside = await readInside(run, h);
    if (!inside || !isThisHost(h, inside)) return undefined;
    const peer = inside.end ? await findLink(run, h.namespace, h.hostInterface) : undefined;
    return observed(run, h, inode, inside, peer);
}

/**
 * A namespace by this name that is not ours (deleted and made again by someone else) is not this
 * host: it is reported gone rather than have our cable put into someone else's namespace.
 */
function isThisHost(h: NamespaceHostInputs, inside: Inside): boolean {
    return h.adopt || isOurs(inside.lo?.alias);
}

/** The host from what was read: its namespace's inode, its inside, the host-side end of its cable. */
export async function observed(run: Runner, h: NamespaceHostInputs, inode: number, inside: Inside, peer: LinkState | undefined): Promise<Observed> {
    const { lo, end } = inside;
    const cable = end && peer ? vethPairState(cablePart(h), end, peer) : undefined;
    const present = new Set(inside.addresses.filter((a) => a.device === h.interface).map((a) => a.address));
    // Without the cable its device is gone, and every route through it. An IPv6 gateway's route
    // was not in the batch (insideReads): it is read now.
    const defaultRoute = !cable || h.gateway === undefined ? undefined
        : inside.ipv4Routes ? ourRouteAmong(routePart(h, h.gateway), inside.ipv4Routes) : await readRoute(run, routePart(h, h.gateway));
    return {
        ns: { ...namespacePart(h), inode, loopbackUp: lo?.up ?? false, managed: isOurs(lo?.alias) },
        cable,
        addresses: h.addresses.filter((cidr) => present.has(cidr)),
        route: defaultRoute,
    };
}

/**
 * The state as the kernel has it. A part that is gone shows on the field that stands for it —
 * a missing cable as no `up` at all (so the diff shows `up` whatever the program asks) and no
 * bridge, a lost address as a shorter `addresses`, a lost route as no `gateway` — so
 * `pulumi refresh` reports the drift and the next `up` puts it back (`pulumi up --refresh` does
 * both at once; a plain `up` trusts the state).
 */
export function stateOf(h: NamespaceHostInputs, o: Observed): NamespaceHostState {
    const { cable } = o;
    const { up: _wanted, ...rest } = h;
    return {
        ...rest,
        loopbackUp: o.ns.loopbackUp,
        bridge: cable ? cable.peerMaster : undefined,
        ...(cable ? { up: cable.up && cable.peerUp } : {}),
        ...(h.mtu !== undefined ? { mtu: cable?.mtu } : {}),
        addresses: o.addresses,
        gateway: o.route?.gateway,
        inode: o.ns.inode,
        ifindex: cable?.ifindex ?? 0,
        macAddress: cable?.macAddress ?? "",
        hostIfindex: cable?.peerIfindex ?? 0,
        hostMacAddress: cable?.peerMacAddress ?? "",
    };
}

/** What differs between the host the program wants and the one the kernel has; empty when none. */
function unmet(wanted: NamespaceHostInputs, actual: NamespaceHostState): string[] {
    return [
        ...(actual.up !== wanted.up ? [`cable ${wanted.up ? "down" : "up"}`] : []),
        ...(actual.loopbackUp !== wanted.loopbackUp ? [`loopback ${wanted.loopbackUp ? "down" : "up"}`] : []),
        ...(wanted.bridge !== undefined && actual.bridge !== wanted.bridge ? [`host side not on bridge "${wanted.bridge}"`] : []),
        ...(wanted.mtu !== undefined && actual.mtu !== wanted.mtu ? [`MTU ${actual.mtu} instead of ${wanted.mtu}`] : []),
        ...wanted.addresses.filter((cidr) => !actual.addresses.includes(cidr)).map((cidr) => `address ${cidr} missing`),
        ...(wanted.gateway !== undefined && actual.gateway !== wanted.gateway ? [`default route via ${wanted.gateway} missing`] : []),
    ];
}

/** The state read back after a change, when it is what the program wants; else what is not, as an error. */
export function applied(wanted: NamespaceHostInputs, actual: NamespaceHostState): NamespaceHostState {
    const problems = unmet(wanted, actual);
    if (problems.length) throw new VerificationError(problems.join("; "));
    return actual;
}

/** The host read back right after a change, which must be there and be what the program wants (apply, then verify). */
export async function verified(run: Runner, wanted: NamespaceHostInputs): Promise<NamespaceHostState> {
    const inode = await namespaceInode(run, wanted.name);
    const host = inode === undefined ? undefined : await observe(run, wanted, inode);
    if (!host) throw new VerificationError(`namespace "${wanted.name}" is gone`);
    return applied(wanted, stateOf(wanted, host));
}
