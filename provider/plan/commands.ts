/**
 * The command plan: for one engine step (create, update, delete, replace) of one resource, the
 * ordered kernel-changing commands `pulumi up` runs for it, built with the same argv builders the
 * provider runs. Reads (`ip -j ... show`) are left out: a reviewer wants to see what changes.
 * Pure; values still unknown at preview time show as `<unknown>`.
 */
import { addAddress, deleteAddress, replaceAddress } from "../commands/address";
import { appendMasquerade, deleteMasquerade } from "../commands/iptables";
import { addBridge, addVeth, deleteLink, setBridgeOptions, setLink } from "../commands/link";
import { addNamespace, deleteNamespace } from "../commands/netns";
import { addRoute, deleteRoute, replaceRoute } from "../commands/route";
import { writeSysctls, IPV4_FORWARDING, IPV6_FORWARDING } from "../commands/sysctl";
import { masqueradeSpec } from "../resources/masqueradeRule";
import { OWNER_MARK } from "../resources/ownership";
import { NamespaceHostInputs, buildCommands, hostParts } from "../resources/namespaceHost";
import { routeSpec } from "../resources/route";
import { UNKNOWN_VALUE } from "../validate/fields";
import { parseCidr } from "../validate/ip";

type Props = Record<string, any>;

export interface PlannedStep {
    /** The resource's name in the program. */
    name: string;
    /** The resource type, e.g. "VethPair". */
    type: string;
    op: string;
    commands: string[][];
}

const defined = (argv: string[] | undefined): string[][] => (argv ? [argv] : []);

function create(type: string, p: Props): string[][] {
    switch (type) {
        case "NetworkNamespace":
            return [addNamespace(p.name), ...defined(setLink(p.name, "lo", { alias: OWNER_MARK, up: p.loopbackUp ?? true }))];
        case "VethPair":
            return [
                addVeth({ name: p.name, namespace: p.namespace, mtu: p.mtu, mac: p.mac }, { name: p.peerName, namespace: p.peerNamespace, mtu: p.mtu, mac: p.peerMac }),
                ...defined(setLink(p.namespace, p.name, { alias: OWNER_MARK, master: p.master, up: (p.up ?? true) || undefined })),
                ...defined(setLink(p.peerNamespace, p.peerName, { alias: OWNER_MARK, master: p.peerMaster, up: (p.peerUp ?? true) || undefined })),
            ];
        case "Bridge":
            return [
                addBridge(p.namespace, p.name, p),
                ...defined(setLink(p.namespace, p.name, { alias: OWNER_MARK, up: (p.up ?? true) || undefined })),
            ];
        case "BridgePort":
            return defined(setLink(p.namespace, p.device, { master: p.bridge, up: p.up }));
        case "Address":
            return [addAddress(p.namespace, addressSpec(p))];
        case "Route":
            return [addRoute(p.namespace, routeSpec(withRouteDefaults(p)))];
        case "MasqueradeRule":
            return [appendMasquerade(p.namespace, masqueradeSpec(p as never))];
        case "IpForwarding":
            return [writeSysctls(p.namespace, { [IPV4_FORWARDING]: p.ipv4 === false ? "0" : "1", ...(p.ipv6 ? { [IPV6_FORWARDING]: "1" } : {}) })];
        case "NamespaceHost": {
            // What a host from nothing runs, in order; the provider sends each list as one `ip -batch`.
            const { hostSide, inside } = buildCommands(withHostDefaults(p));
            return [addNamespace(p.name), ...hostSide, ...inside];
        }
        default:
            return [];
    }
}

/**
 * A NamespaceHost's inputs with the defaults `check` applies, for steps that show raw props. An
 * address list still unknown in a preview counts as none.
 */
function withHostDefaults(p: Props): NamespaceHostInputs {
    return {
        ...p,
        interface: p.interface ?? "eth0",
        addresses: Array.isArray(p.addresses) ? p.addresses : [],
        up: p.up ?? true,
        loopbackUp: p.loopbackUp ?? true,
        adopt: p.adopt ?? false,
    } as NamespaceHostInputs;
}

function remove(type: string, p: Props): string[][] {
    switch (type) {
        case "NetworkNamespace":
            return [deleteNamespace(p.name)];
        case "VethPair":
            return [deleteLink(p.namespace, p.name)];
        case "Bridge":
            return [deleteLink(p.namespace, p.name)];
        case "BridgePort":
            return defined(setLink(p.namespace, p.device, { master: null }));
        case "Address":
            return [deleteAddress(p.namespace, p.device, p.address)];
        case "Route":
            return [deleteRoute(p.namespace, routeSpec(withRouteDefaults(p)))];
        case "MasqueradeRule":
            return [deleteMasquerade(p.namespace, masqueradeSpec(p as never))];
        case "IpForwarding":
            return [writeSysctls(p.namespace, { [IPV4_FORWARDING]: p.previousIpv4 ? "1" : "0", [IPV6_FORWARDING]: p.previousIpv6 ? "1" : "0" })];
        case "NamespaceHost": {
            // Deleting the namespace takes addresses and routes with it; the cable goes first.
            const host = hostParts(withHostDefaults(p));
            return [...remove("VethPair", host.cable), ...remove("NetworkNamespace", host.namespace)];
        }
        default:
            return [];
    }
}

/** In-place changes: only the fields that differ between the old state and the new inputs. */
function update(type: string, olds: Props, news: Props): string[][] {
    const changed = (key: string) => news[key] !== undefined && JSON.stringify(news[key]) !== JSON.stringify(olds[key]);
    const pick = (key: string) => (changed(key) ? news[key] : undefined);
    const detach = (key: string) => (news[key] === undefined && olds[key] !== undefined ? null : pick(key));
    switch (type) {
        case "NetworkNamespace":
            return defined(setLink(news.name, "lo", { up: pick("loopbackUp") }));
        case "VethPair":
            return [
                ...defined(setLink(news.namespace, news.name, { mtu: pick("mtu"), mac: pick("mac"), master: detach("master"), up: pick("up") })),
                ...defined(setLink(news.peerNamespace, news.peerName, { mtu: pick("mtu"), mac: pick("peerMac"), master: detach("peerMaster"), up: pick("peerUp") })),
            ];
        case "Bridge":
            return [
                ...defined(setBridgeOptions(news.namespace, news.name, { stp: pick("stp"), vlanFiltering: pick("vlanFiltering"), forwardDelay: pick("forwardDelay"), ageingTime: pick("ageingTime") })),
                ...defined(setLink(news.namespace, news.name, { mtu: pick("mtu"), mac: pick("mac"), up: pick("up") })),
            ];
        case "BridgePort":
            return defined(setLink(news.namespace, news.device, { master: pick("bridge"), up: pick("up") }));
        case "Address":
            return [replaceAddress(news.namespace, addressSpec(news))];
        case "Route":
            return [replaceRoute(news.namespace, routeSpec(withRouteDefaults(news)))];
        case "MasqueradeRule":
            return [appendMasquerade(news.namespace, masqueradeSpec(news as never)), deleteMasquerade(olds.namespace, masqueradeSpec(olds as never))];
        case "IpForwarding":
            return [writeSysctls(news.namespace, {
                ...(changed("ipv4") ? { [IPV4_FORWARDING]: news.ipv4 ? "1" : "0" } : {}),
                ...(changed("ipv6") ? { [IPV6_FORWARDING]: news.ipv6 ? "1" : "0" } : {}),
            })].filter((argv) => argv.some((a) => a.includes("=")));
        case "NamespaceHost": {
            const before = hostParts(withHostDefaults(olds));
            const after = hostParts(withHostDefaults(news));
            const had = new Set(before.addresses.map((a) => a.address));
            const has = new Set(after.addresses.map((a) => a.address));
            return [
                ...update("NetworkNamespace", before.namespace, after.namespace),
                ...update("VethPair", before.cable, after.cable),
                ...after.addresses.filter((a) => !had.has(a.address)).flatMap((a) => create("Address", a)),
                ...before.addresses.filter((a) => !has.has(a.address)).flatMap((a) => remove("Address", a)),
                ...(after.route && !before.route ? create("Route", after.route) : []),
                ...(after.route && before.route && after.route.gateway !== before.route.gateway ? update("Route", before.route, after.route) : []),
                ...(!after.route && before.route ? remove("Route", before.route) : []),
            ];
        }
        default:
            return [];
    }
}

function addressSpec(p: Props) {
    const family = parseCidr(String(p.address))?.family;
    return {
        device: p.device,
        address: p.address,
        broadcast: p.broadcast,
        label: p.label,
        validLifetime: p.validLifetime,
        preferredLifetime: p.preferredLifetime ?? p.validLifetime,
        noDad: family === 6 && !p.duplicateAddressDetection,
    };
}

function withRouteDefaults(p: Props) {
    return { ...p, table: p.table === "main" || p.table === undefined ? 254 : p.table === "local" ? 255 : p.table } as never;
}

/** Every command of one engine step. `type` is the SDK class name. */
export function planStep(step: { name: string; type: string; op: string; olds?: Props; news?: Props }): PlannedStep {
    const type = step.type.split(":").pop()!;
    const olds = step.olds ?? {};
    const news = step.news ?? {};
    let commands: string[][];
    switch (step.op) {
        case "create":
        case "create-replacement":
            commands = create(type, news);
            break;
        case "delete":
        case "delete-replaced":
            commands = remove(type, olds);
            break;
        case "replace":
            commands = [...remove(type, olds), ...create(type, news)];
            break;
        case "update":
            commands = update(type, olds, news);
            break;
        default:
            commands = [];
    }
    return { name: step.name, type, op: step.op, commands: commands.map((argv) => argv.map((a) => (a === UNKNOWN_VALUE ? "<unknown>" : a))) };
}

/** Whether a command changes the kernel (everything but `show`/`list` reads, `-S` listings and `sysctl -n` reads). */
export function isKernelWrite(argv: readonly string[]): boolean {
    return !argv.some((a) => a === "show" || a === "list" || a === "-S" || a === "-n" && argv[argv.indexOf(a) - 1] === "sysctl");
}
