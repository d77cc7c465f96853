/**
 * NamespaceHost: one lab host in a single resource — a network namespace plugged into a bridge by
 * a veth pair, with addresses on its interface and a default route. It is what the CNI bridge
 * plugin's ADD does for a container, as one Pulumi resource.
 *
 * Why it exists beside the fine-grained resources: the Pulumi engine pays per resource (one step,
 * and with the file backend one rewrite of the whole checkpoint per step), so a lab of hundreds
 * of hosts built from four resources each spends most of its time in bookkeeping (see bench/).
 * One resource per host keeps that cost a small constant per host.
 *
 * Process starts are the other per-host cost (each is milliseconds of CPU), so the common paths
 * are lean: building a host from nothing takes three processes — `ip netns add`, one `ip -batch`
 * on the host side (the cable and its end there, then that end read back) and one inside the
 * fresh namespace (where nothing can exist yet to look at first: loopback, the inside end,
 * addresses, the route, then all of it read back) — and reading one takes two (three with an
 * IPv6 gateway). The reads of a batch run after its writes have been applied, in the same
 * process: apply, then verify, without a process for each.
 *
 * Everything else — a namespace that already exists (a crash leftover, or one to adopt), an
 * update, a delete — goes through the fine-grained implementations, so every rule they keep holds
 * here too: marks and creation intents, adopting our own leftovers after a crash, refusing foreign
 * objects, apply then verify. `update` converges every part from what the kernel has now, so an
 * `up` after drift (a deleted veth, a lost address or route) puts it all back.
 */
import { addAddress, showLinksWithAddresses } from "../commands/address";
import { ipBatch } from "../commands/ip";
import { addVethFrom, deleteLink, setLink, showLink } from "../commands/link";
import { addNamespace, deleteNamespaceFromInside } from "../commands/netns";
import { addRouteViaGateway, listIpv4RoutesInBatch } from "../commands/route";
import { isCommandError } from "../exec/errors";
import { withCreationIntent, withUndo } from "../exec/intents";
import { Runner } from "../exec/run";
import { listAddresses } from "../kernel/address";
import { deleteLinkIfPresent, findLink } from "../kernel/link";
import { addNamespaceIfAbsent, deleteNamespaceIfPresent, namespaceInode } from "../kernel/netns";
import { AddressState, parseAddresses } from "../parse/address";
import { parseBatchAnswers } from "../parse/batch";
import { LinkState, parseLinks } from "../parse/link";
import { RouteState, parseRoutes } from "../parse/route";
import * as t from "../validate/fields";
import { parseCidr, parseIp } from "../validate/ip";
import { AddressInputs, address, addressSpec } from "./address";
import { KernelObject, ResourceImplementation, readBack } from "./implementation";
import { NetworkNamespaceInputs, NetworkNamespaceState, networkNamespace } from "./networkNamespace";
import { OWNER_MARK, isOurs } from "./ownership";
import { RouteInputs, RouteOutputs, ourRouteAmong, route, routeSpec } from "./route";
import { CheckFailure } from "./schema";
import { VethPairInputs, VethPairState, vethPair, vethPairState } from "./vethPair";

export interface NamespaceHostInputs {
    /** The host's network namespace. */
    name: string;
    /** Where the bridge and the host-side end of the cable live (undefined: the root namespace). */
    namespace?: string;
    /** The interface inside the host. */
    interface: string;
    /** The other end of the cable, in `namespace`. */
    hostInterface: string;
    /** The bridge the host-side end is attached to. */
    bridge?: string;
    /** Addresses (with prefix) on `interface`. */
    addresses: string[];
    /** Default route via this address. */
    gateway?: string;
    mtu?: number;
    /** Both ends of the cable up. */
    up: boolean;
    loopbackUp: boolean;
    adopt: boolean;
}

export interface NamespaceHostState extends NamespaceHostInputs {
    /** Inode of /run/netns/NAME: identifies this namespace instance. */
    inode: number;
    ifindex: number;
    macAddress: string;
    hostIfindex: number;
    hostMacAddress: string;
}

// The parts, as inputs of the fine-grained resources they are made of.
const namespacePart = (h: NamespaceHostInputs): NetworkNamespaceInputs => ({ name: h.name, loopbackUp: h.loopbackUp, adopt: h.adopt });

const cablePart = (h: NamespaceHostInputs): VethPairInputs => ({
    name: h.interface,
    namespace: h.name,
    peerName: h.hostInterface,
    peerNamespace: h.namespace,
    peerMaster: h.bridge,
    mtu: h.mtu,
    up: h.up,
    peerUp: h.up,
    adopt: h.adopt,
});

const addressPart = (h: NamespaceHostInputs, cidr: string): AddressInputs => ({
    device: h.interface,
    address: cidr,
    namespace: h.name,
    duplicateAddressDetection: false,
    adopt: h.adopt,
});

/** The default route names its device: a link-local (fe80::) gateway is reachable only through one. */
const routePart = (h: NamespaceHostInputs, gateway: string): RouteInputs => ({
    destination: "default",
    namespace: h.name,
    table: 254,
    gateway,
    device: h.interface,
    adopt: h.adopt,
});

/**
 * A host as the fine-grained resources' inputs it is made of. The plan shows an update or a
 * delete of a host as these parts' commands.
 */
export function hostParts(h: NamespaceHostInputs): { namespace: NetworkNamespaceInputs; cable: VethPairInputs; addresses: AddressInputs[]; route?: RouteInputs } {
    return {
        namespace: namespacePart(h),
        cable: cablePart(h),
        addresses: h.addresses.map((cidr) => addressPart(h, cidr)),
        route: h.gateway !== undefined ? routePart(h, h.gateway) : undefined,
    };
}

/** Read and verify need only the names of a part; its outputs are filled in by the kernel. */
const asState = <S>(inputs: object): S => inputs as S;

/** The host's cable as the state says the kernel has it. */
function believedCable(h: NamespaceHostState): VethPairState {
    return {
        ...cablePart(h), peerMaster: h.bridge, peerUp: h.up,
        ifindex: h.ifindex, macAddress: h.macAddress, peerIfindex: h.hostIfindex, peerMacAddress: h.hostMacAddress,
    };
}

interface Observed {
    ns: NetworkNamespaceState;
    cable?: VethPairState;
    /** Our addresses that the kernel has, in the order the program lists them. */
    addresses: string[];
    route?: RouteOutputs;
}

/** What one `ip` process reads inside a host: the links that matter with their addresses, and maybe its routes. */
interface Inside {
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
const INSIDE_READ_OPTIONS = ["-d", "-N", "-j"];

/**
 * The reads inside a host, as lines of one batch: every link with its addresses and, for an IPv4
 * gateway, the main table's routes. `route show` reads one address family per process, IPv4
 * without a flag, and a batch line cannot carry one: an IPv6 gateway's route is read apart.
 */
function insideReads(h: NamespaceHostInputs): string[][] {
    const ipv4Gateway = h.gateway !== undefined && parseIp(h.gateway)?.family === 4;
    return [showLinksWithAddresses(h.name), ...(ipv4Gateway ? [listIpv4RoutesInBatch(h.name, 254)] : [])];
}

function parseInside(h: NamespaceHostInputs, answers: unknown[]): Inside {
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
async function observe(run: Runner, h: NamespaceHostInputs, inode: number): Promise<Observed | undefined> {
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
async function observed(run: Runner, h: NamespaceHostInputs, inode: number, inside: Inside, peer: LinkState | undefined): Promise<Observed> {
    const { lo, end } = inside;
    const cable = end && peer ? vethPairState(cablePart(h), end, peer) : undefined;
    const present = new Set(inside.addresses.filter((a) => a.device === h.interface).map((a) => a.address));
    // Without the cable its device is gone, and every route through it. An IPv6 gateway's route
    // was not in the batch (insideReads): it is read now.
    const defaultRoute = !cable || h.gateway === undefined ? undefined
        : inside.ipv4Routes ? ourRouteAmong(routePart(h, h.gateway), inside.ipv4Routes) : await routeNow(run, h);
    return {
        ns: { ...namespacePart(h), inode, loopbackUp: lo?.up ?? false, managed: isOurs(lo?.alias) },
        cable,
        addresses: h.addresses.filter((cidr) => present.has(cidr)),
        route: defaultRoute,
    };
}

const routeNow = (run: Runner, h: NamespaceHostInputs) =>
    h.gateway === undefined ? Promise.resolve(undefined) : route.read(run, asState<RouteOutputs>(routePart(h, h.gateway)));

/**
 * The state as the kernel has it. A part that is gone shows on the field that stands for it —
 * a missing cable as no `up` at all (so the diff shows `up` whatever the program asks) and no
 * bridge, a lost address as a shorter `addresses`, a lost route as no `gateway` — so
 * `pulumi refresh` reports the drift and the next `up` puts it back (`pulumi up --refresh` does
 * both at once; a plain `up` trusts the state).
 */
function stateOf(h: NamespaceHostInputs, o: Observed): NamespaceHostState {
    const { cable } = o;
    return {
        ...h,
        loopbackUp: o.ns.loopbackUp,
        bridge: cable ? cable.peerMaster : undefined,
        // Pulumi's wire format drops undefined: the field is simply absent for a missing cable.
        up: cable ? cable.up && cable.peerUp : (undefined as unknown as boolean),
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

/** The parts of a host an update changes, as they are before it: the cable, the addresses present, the default route. */
interface PartsNow {
    cable?: VethPairState;
    addresses: ReadonlySet<string>;
    gateway?: string;
}

/** The parts as the kernel has them now: every read an update makes, made before it writes. */
async function partsNow(run: Runner, olds: NamespaceHostInputs, news: NamespaceHostInputs): Promise<PartsNow> {
    const cable = await vethPair.read(run, asState<VethPairState>(cablePart(news)));
    const addresses = new Set((await listAddresses(run, news.name, news.interface))?.map((a) => a.address));
    // Our default route, whichever gateway it has: the one wanted or the one the state had.
    const gateway = news.gateway ?? olds.gateway;
    const route = gateway === undefined ? undefined : await routeNow(run, { ...news, gateway });
    return { cable, addresses, gateway: route?.gateway };
}

/** The parts as the state says they are. */
function believedParts(h: NamespaceHostState): PartsNow {
    return { cable: believedCable(h), addresses: new Set(h.addresses), gateway: h.gateway };
}

/**
 * What takes a host from its parts as they are to what `news` wants: loopback, the cable (when
 * there is one; a lost cable is made again by VethPair's create), addresses and default route —
 * each by the commands of the part's own type. The update runs them; the plan shows them.
 *
 * Addresses that go are deleted before any is added, last first, and then every address that
 * stays is put back (`addr replace`, which adds it if missing) and so is the route: deleting a
 * subnet's primary address takes the subnet's other addresses with it (unless the namespace has
 * promote_secondaries), and a device's last IPv4 address takes the routes through it. Measured:
 * 10.40.0.3/24 → 10.40.0.4/24 with the new address added first lost both, and the route after.
 * Last first (the kernel lists a subnet's primary first) so that no delete finds its address gone.
 */
function updateCommands(olds: NamespaceHostInputs, news: NamespaceHostInputs, now: PartsNow): string[][] {
    const [before, after] = [hostParts(olds), hostParts(news)];
    const removed = [...now.addresses].reverse().flatMap((cidr) => before.addresses.filter((a) => a.address === cidr && !news.addresses.includes(cidr)));
    const lost = removed.length > 0;
    return [
        ...networkNamespace.plan.update(asState(before.namespace), after.namespace),
        // Before the cable changes: a cable going down takes the route with it.
        ...(!after.route && before.route && now.gateway !== undefined ? route.plan.delete(asState(before.route)) : []),
        // Passing the old bridge lets a removed `bridge` detach the host-side end.
        ...(now.cable ? vethPair.plan.update({ ...now.cable, peerMaster: olds.bridge }, after.cable) : []),
        ...removed.flatMap((a) => address.plan.delete(asState(a))),
        ...after.addresses.flatMap((a) => (!now.addresses.has(a.address) ? address.plan.create(a) : lost ? address.plan.update(asState(a), a) : [])),
        ...(after.route && now.gateway === undefined ? route.plan.create(after.route) : []),
        ...(after.route && now.gateway !== undefined && (now.gateway !== after.route.gateway || lost) ? route.plan.update(asState(routePart(news, now.gateway)), after.route) : []),
    ];
}

/**
 * The commands that build a host after `ip netns add`, as two lists for one `ip -batch` each: on
 * the host side the cable (made from there, its inside end landing in the fresh namespace
 * directly) and that end's mark, bridge and state; inside, loopback, the inside end, the
 * addresses and the default route. Pure: `npm run plan` shows a reviewer exactly these.
 */
export function buildCommands(h: NamespaceHostInputs): { hostSide: string[][]; inside: string[][] } {
    return {
        hostSide: [
            addVethFrom(h.namespace, { name: h.hostInterface, namespace: h.namespace, mtu: h.mtu }, { name: h.interface, namespace: h.name, mtu: h.mtu }),
            setLink(h.namespace, h.hostInterface, { alias: OWNER_MARK, master: h.bridge, up: h.up || undefined })!,
        ],
        inside: [
            setLink(h.name, "lo", { alias: OWNER_MARK, up: h.loopbackUp || undefined })!,
            setLink(h.name, h.interface, { alias: OWNER_MARK, up: h.up || undefined })!,
            ...h.addresses.map((cidr) => addAddress(h.name, addressSpec(addressPart(h, cidr)))),
            ...(h.gateway !== undefined ? [addRouteViaGateway(h.name, routeSpec(routePart(h, h.gateway)))] : []),
        ],
    };
}

/**
 * Builds a host whose namespace does not exist yet, and reads it back. Inside a namespace made a
 * moment ago nothing can exist to collide with or to adopt, so its links, addresses and route need
 * no look first and go to the kernel as one `ip -batch` per side, each ending with the reads that
 * verify it. Returns undefined, having changed nothing, when the namespace name turns out to be
 * taken after all (someone was quicker); any other failure removes what was made and throws. The
 * creation intents cover a crash before the marks are set, as in NetworkNamespace and VethPair, so
 * the next `up` adopts what this one left.
 */
async function buildFromNothing(run: Runner, h: NamespaceHostInputs): Promise<Observed | undefined> {
    return withCreationIntent(run, "netns", undefined, h.name, (intended) => withCreationIntent(run, "link", h.name, h.interface, () => withUndo(async (undo) => {
        if ((await addNamespaceIfAbsent(run, h.name, intended)) !== "created") return undefined;
        // Only what this call made: the inside end (which takes its peer along) and the namespace.
        undo.add(() => tearDown(run, h));
        const { hostSide, inside } = buildCommands(h);
        const hostBatch = ipBatch(h.namespace, [...hostSide, showLink(h.namespace, h.hostInterface)], ["-d", "-j"]);
        const [peer] = parseLinks(parseBatchAnswers(await run(hostBatch.argv, hostBatch.input), 1)[0]);
        const reads = insideReads(h);
        const insideBatch = ipBatch(h.name, [...inside, ...reads], INSIDE_READ_OPTIONS);
        const built = parseInside(h, parseBatchAnswers(await run(insideBatch.argv, insideBatch.input), reads.length));
        const inode = await namespaceInode(run, h.name);
        if (inode === undefined) throw new Error("its namespace vanished right after it was made");
        return observed(run, h, inode, built, peer);
    })));
}

/**
 * Removes a host we own: the inside end of its cable, which takes the host-side end with it
 * whatever that end is called, then the namespace. It never touches a host-side link by name
 * alone — a link with that name may belong to another host — and leaves a namespace that is not
 * ours (unmarked, and not adopted) alone. `hostIfindex`, the host-side end the state knows, finds
 * the cable of a namespace that is gone by name but still held by something (a process inside it,
 * a bind mount elsewhere) — deleted by hand, say — so that it does not stay on the bridge.
 */
async function removeHost(run: Runner, h: NamespaceHostInputs, hostIfindex?: number): Promise<void> {
    if ((await namespaceInode(run, h.name)) === undefined) {
        if (hostIfindex) await deleteHostEnd(run, h, hostIfindex);
        return;
    }
    const lo = await findLink(run, h.name, "lo");
    if (!lo || (!isOurs(lo.alias) && !h.adopt)) return;
    await tearDown(run, h);
}

/**
 * Deletes the inside end of the cable, then the namespace. The cable first: deleting it is
 * synchronous, while the kernel tears a namespace down in the background (and not at all while a
 * process or a mount still holds it), and a replacement may want the host-side name again at once.
 * Deleting the namespace first and waiting for the kernel, or renaming the host-side end out of
 * the way, measured slower in `pulumi destroy` (see the README's Performance section).
 *
 * Both in one `ip -n NAME -batch -` (the name deleted from inside: deleteNamespaceFromInside says
 * why that works). A batch stops at its first failure, and "not found" can only mean that the
 * cable is gone already (drift, or a create undone before it made one), or the namespace itself:
 * then the namespace is deleted on its own, if it is still there.
 */
async function tearDown(run: Runner, h: NamespaceHostInputs): Promise<void> {
    try {
        const batch = ipBatch(h.name, teardownCommands(h));
        await run(batch.argv, batch.input);
    } catch (err) {
        if (!isCommandError(err, "notFound")) throw err;
        await deleteNamespaceIfPresent(run, h.name);
    }
}

/** What tearDown runs, in its one batch. */
const teardownCommands = (h: Pick<NamespaceHostInputs, "name" | "interface">) => [deleteLink(h.name, h.interface), deleteNamespaceFromInside(h.name)];

/** Deletes the host-side end of the cable when the link by that name is still the end `ifindex`, and ours. */
async function deleteHostEnd(run: Runner, h: NamespaceHostInputs, ifindex: number): Promise<void> {
    if (await isHostEnd(run, h, ifindex)) await deleteLinkIfPresent(run, h.namespace, h.hostInterface);
}

/** Whether the link by the host-side name is still the end `ifindex` of this host's cable, and ours. */
async function isHostEnd(run: Runner, h: NamespaceHostInputs, ifindex: number): Promise<boolean> {
    const end = await findLink(run, h.namespace, h.hostInterface);
    return end?.ifindex === ifindex && end.kind === "veth" && (isOurs(end.alias) || h.adopt);
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
function applied(wanted: NamespaceHostInputs, actual: NamespaceHostState): NamespaceHostState {
    const problems = unmet(wanted, actual);
    if (problems.length) throw new Error(`after apply: ${problems.join("; ")}`);
    return actual;
}

async function verified(impl: ResourceImplementation<NamespaceHostInputs, NamespaceHostState>, run: Runner, wanted: NamespaceHostInputs): Promise<NamespaceHostState> {
    return applied(wanted, await readBack(impl, run, asState(wanted), "it vanished right after it was changed"));
}

export const namespaceHost: ResourceImplementation<NamespaceHostInputs, NamespaceHostState> = {
    typeName: "NamespaceHost",
    kind: "namespace host",
    schema: {
        name: { type: t.namespaceName, required: true, replaces: true },
        namespace: { type: t.namespaceName, replaces: true },
        interface: { type: t.interfaceName, default: "eth0", replaces: true },
        hostInterface: { type: t.interfaceName, required: true, replaces: true },
        bridge: { type: t.interfaceName, unsetClears: true },
        addresses: { type: t.listOf(t.interfaceCidr, "address", "addresses"), default: [] },
        gateway: { type: t.ipAddress, unsetClears: true },
        mtu: { type: t.mtu },
        up: { type: t.boolean, default: true },
        loopbackUp: { type: t.boolean, default: true },
        adopt: { type: t.boolean, default: false },
    },
    outputs: ["inode", "ifindex", "macAddress", "hostIfindex", "hostMacAddress"],

    crossCheck(inputs): CheckFailure[] {
        const failures: CheckFailure[] = [];
        if (inputs.namespace === inputs.name) {
            failures.push({ property: "namespace", reason: `namespace "${inputs.namespace}" is the host's own namespace "${inputs.name}": the cable must lead out of it` });
        }
        if (inputs.gateway !== undefined && !inputs.up) {
            failures.push({ property: "gateway", reason: `gateway "${inputs.gateway}" needs the cable up, but up is false: a down link has no route to a gateway` });
        }
        const gateway = inputs.gateway === undefined ? undefined : parseIp(inputs.gateway);
        if (gateway && !(gateway.family === 6 && gateway.text.startsWith("fe80:"))) {
            const reachable = inputs.addresses.some((cidr) => {
                const own = parseCidr(cidr);
                return own?.family === gateway.family && parseCidr(`${gateway.text}/${own.prefix}`)?.network === own.network;
            });
            if (!reachable) {
                failures.push({
                    property: "gateway",
                    reason: `gateway "${inputs.gateway}" is in none of the host's networks (addresses ${JSON.stringify(inputs.addresses)}): the kernel could not reach it`,
                });
            }
        }
        return failures;
    },

    nameOf: (inputs) => inputs.name,

    async create(run, inputs) {
        const existedBefore = (await namespaceInode(run, inputs.name)) !== undefined;
        return withUndo(async (undo) => {
            // A host we started from nothing is removed again, so a failed create leaves nothing
            // behind; removeHost never touches the host side by name, so a cable of another host
            // that has our host-side name (the reason this create may have failed) stays.
            if (!existedBefore) undo.add(() => removeHost(run, inputs));
            if (!existedBefore) {
                try {
                    const built = await buildFromNothing(run, inputs);
                    if (built) return { id: inputs.name, outs: applied(inputs, stateOf(inputs, built)) };
                } catch (err) {
                    // A name taken outside the fresh namespace (the host-side end): the careful path
                    // below decides — adopt what is ours, refuse what is not — and says why.
                    if (!isCommandError(err, "exists")) throw err;
                }
            }
            const ns = await networkNamespace.create(run, namespacePart(inputs));
            // Each part verifies itself (apply, then verify), so their outputs make the state
            // without reading everything back a second time.
            const cable = await vethPair.create(run, cablePart(inputs));
            for (const cidr of inputs.addresses) await address.create(run, addressPart(inputs, cidr));
            const defaultRoute = inputs.gateway !== undefined ? await route.create(run, routePart(inputs, inputs.gateway)) : undefined;
            return { id: inputs.name, outs: stateOf(inputs, { ns: ns.outs, cable: cable.outs, addresses: inputs.addresses, route: defaultRoute?.outs }) };
        });
    },

    async read(run, state) {
        const inode = await namespaceInode(run, state.name);
        if (inode === undefined) {
            // No namespace by the name, but its cable still on the bridge: the namespace was
            // deleted by hand while something holds it (a process inside, a bind mount).
            // Forgetting the host would leave the cable there for good (and its host-side name
            // taken): keep it, with no namespace (inode 0), so that the next `up` replaces it.
            const held = state.hostIfindex > 0 && (await isHostEnd(run, state, state.hostIfindex));
            return held ? { ...state, inode: 0 } : undefined;
        }
        const host = await observe(run, state, inode);
        return host && stateOf(state, host);
    },

    lostWithRemains: (state) => (state.inode === 0 ? "inode" : undefined),

    async update(run, olds, news) {
        const now = await partsNow(run, olds, news);
        // A cable lost since the last look is made again the careful way (adopting what is ours).
        if (!now.cable) await vethPair.create(run, cablePart(news));
        for (const argv of updateCommands(olds, news, now)) await run(argv);
        return verified(this, run, news);
    },

    async delete(run, state) {
        await removeHost(run, state, state.hostIfindex);
    },

    // A host is a namespace with one cable to the bridge side.
    objects: (state) => [
        ...networkNamespace.objects(asState(namespacePart(state))),
        ...vethPair.objects(believedCable(state)),
        ...state.addresses.map((cidr): KernelObject => ({ object: "address", namespace: state.name, device: state.interface, address: cidr })),
    ],

    plan: {
        create: (inputs) => {
            const { hostSide, inside } = buildCommands(inputs);
            return [addNamespace(inputs.name), ...hostSide, ...inside];
        },
        update: (olds, news) => updateCommands(olds, news, believedParts(olds)),
        delete: (state) => teardownCommands(state),
    },
};

/** This module's resource type, for the registry (../registry.ts). */
export const resourceType = namespaceHost;
