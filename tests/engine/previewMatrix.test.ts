/**
 * A preview is a promise: for every input field of every resource type, changed in a real stack,
 * the operation `pulumi preview` shows for each resource is the one `pulumi up` then performs, and
 * it is the right one — a change of an identity field replaces the resource (and the preview names
 * that field as the cause), a change of fields that update in place updates it, and both replace
 * what sits on a replaced resource; nothing else changes. After each `up`, `pulumi preview
 * --refresh --expect-no-changes` passes: the kernel is what the state says.
 *
 * The changes come in rounds, each a patch of the lab below; a round changes many resources at
 * once, so that the whole matrix takes a handful of `pulumi` runs. The expectation of each round is
 * derived from the resource types' own schemas (identity or in place) and the lab's references,
 * and a last check requires that the rounds changed every field of every type, so a field added
 * later without a round here fails this test.
 */
import { resourceTypes } from "../../provider/registry";
import { operationOf } from "../../tools/pulumiCli";
import { EngineProject, RunOptions, RunResult } from "../helpers/engine";
import { useSandbox } from "../helpers/sandbox";

const sandbox = useSandbox();

/** One resource of the lab: "@name.output" in an argument is that resource's output. */
interface Spec {
    name: string;
    type: string;
    args: Record<string, unknown>;
    dependsOn?: string[];
}
/** Per resource, the fields a round sets (null: leaves out). */
type Patch = Record<string, Record<string, unknown>>;

const program = `
import * as pulumi from "@pulumi/pulumi";
import * as linuxnet from "pulumi-linuxnet";

const made: Record<string, any> = {};
const resolve = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(resolve) :
    typeof v === "string" && v.startsWith("@") ? made[v.slice(1).split(".")[0]][v.split(".")[1]] : v;
for (const r of new pulumi.Config().requireObject<{ name: string; type: string; args: Record<string, unknown>; dependsOn?: string[] }[]>("lab")) {
    const args = Object.fromEntries(Object.entries(r.args).map(([k, v]) => [k, resolve(v)]));
    made[r.name] = new (linuxnet as any)[r.type](r.name, args, { dependsOn: (r.dependsOn ?? []).map((d) => made[d]) });
}
`;

/** The lab every type is in, inside a host namespace the test makes: in dependency order. */
function baseLab(P: string): Spec[] {
    return [
        { name: "ns", type: "NetworkNamespace", args: { name: `${P}a` } },
        { name: "ns2", type: "NetworkNamespace", args: { name: `${P}b` } },
        { name: "br", type: "Bridge", args: { name: "br0" } },
        { name: "br2", type: "Bridge", args: { name: "br9" } },
        { name: "uplink", type: "VethPair", args: { name: "up0", peerName: "eth0", peerNamespace: "@ns2.name" } },
        { name: "pair", type: "VethPair", args: { name: "q0", peerName: "q1" } },
        { name: "cable", type: "VethPair", args: { name: "eth0", namespace: "@ns.name", peerName: "p0", peerMaster: "@br.name" } },
        { name: "address", type: "Address", args: { namespace: "@cable.namespace", device: "@cable.name", address: "10.40.0.2/24" } },
        { name: "brAddress", type: "Address", args: { device: "@br.name", address: "10.40.0.1/24" } },
        { name: "route", type: "Route", args: { namespace: "@ns.name", destination: "default", gateway: "10.40.0.1" }, dependsOn: ["address"] },
        { name: "route2", type: "Route", args: { namespace: "@ns.name", destination: "10.77.0.0/24", device: "@cable.name", metric: 10 }, dependsOn: ["address"] },
        // In dependsOn: once IPv4, the kernel deletes it with its device's last IPv4 address (README).
        { name: "route6", type: "Route", args: { namespace: "@ns.name", destination: "default", family: "ipv6", device: "@cable.name", metric: 300 }, dependsOn: ["address"] },
        { name: "nat", type: "MasqueradeRule", args: { source: "10.40.0.0/24", outInterface: "@uplink.name" } },
        { name: "forwarding", type: "IpForwarding", args: {} },
        { name: "h", type: "NamespaceHost", args: { name: `${P}h`, hostInterface: "lab-h", bridge: "@br.name", addresses: ["10.40.0.3/24"], gateway: "10.40.0.1" } },
        { name: "hLoopback", type: "Address", args: { namespace: "@h.name", device: "lo", address: "10.99.0.1/32" } },
        { name: "tap", type: "TapDevice", args: { name: "tap0", master: "@br.name" } },
        { name: "mv", type: "Macvlan", args: { name: "mv0", parent: "@uplink.name" } },
        { name: "vx", type: "Vxlan", args: { name: "vx0", vni: 42, remote: "10.40.0.9", master: "@br.name" } },
        { name: "port", type: "BridgePort", args: { device: "hand0", bridge: "@br.name" } },
    ];
}

const rounds: { title: string; patch: Patch }[] = [
    {
        title: "every in-place field, at once",
        patch: {
            ns: { loopbackUp: false, adopt: true },
            br: { up: false, mtu: 1400, mac: "02:00:00:00:0a:01", stp: true, forwardDelay: 4, ageingTime: 60, vlanFiltering: false, adopt: true },
            uplink: { mtu: 1400, up: false, peerUp: false, mac: "02:00:00:00:0b:01", peerMac: "02:00:00:00:0b:02", adopt: true },
            pair: { master: "@br2.name", peerMaster: "@br.name", mtu: 1400 },
            cable: { peerMaster: "@br2.name" },
            address: { validLifetime: 3600, preferredLifetime: 1800, duplicateAddressDetection: true, adopt: true },
            route: { gateway: "10.40.0.3", source: "10.40.0.2", adopt: true },
            route2: { scope: "link", source: "10.40.0.2" },
            nat: { comment: "matrix", adopt: true },
            forwarding: { ipv4: false, ipv6: true },
            h: { bridge: "@br2.name", addresses: ["10.40.0.4/24"], gateway: "10.40.0.5", mtu: 1400, loopbackUp: false, adopt: true },
            hLoopback: { validLifetime: 600 },
            tap: { up: false, mtu: 1400, mac: "02:00:00:00:0c:01", master: "@br2.name", adopt: true },
            mv: { mode: "private", up: false, mtu: 1400, mac: "02:00:00:00:0d:01", adopt: true },
            vx: { up: false, mtu: 1400, mac: "02:00:00:00:0e:01", master: "@br2.name", adopt: true },
            port: { bridge: "@br2.name", up: true },
        },
    },
    {
        title: "every in-place field again, to other values",
        patch: {
            ns: { loopbackUp: true },
            br: { up: true, mtu: 1500, mac: "02:00:00:00:0a:02", stp: false, forwardDelay: 0, ageingTime: 300 },
            uplink: { mtu: 1500, up: true, peerUp: true },
            pair: { master: null, peerMaster: "@br.name", up: false, peerUp: false },
            cable: { peerMaster: "@br.name", mtu: 1450 },
            address: { validLifetime: 7200, preferredLifetime: 7200, duplicateAddressDetection: false },
            route: { gateway: "10.40.0.1", source: null },
            route2: { scope: "global", gateway: "10.40.0.1", source: null },
            nat: { comment: "matrix again" },
            forwarding: { ipv4: true, ipv6: false },
            // A down link has no route to a gateway: both go in one change.
            h: { bridge: "@br.name", addresses: ["10.40.0.3/24", "fd40::3/64"], gateway: null, mtu: 1500, up: false, loopbackUp: true },
            tap: { up: true, mtu: 1500, master: "@br.name" },
            mv: { mode: "bridge", up: true, mtu: 1500 },
            vx: { up: true, mtu: 1450, master: "@br.name" },
            port: { bridge: "@br.name", up: false },
        },
    },
    {
        title: "identity fields of leaves: addresses, routes, NAT, tap, VXLAN, bridge port",
        patch: {
            address: { address: "10.40.0.6/24", broadcast: "10.40.0.255", label: "eth0:m" },
            brAddress: { address: "10.40.0.10/24" },
            route: { metric: 5, gateway: "10.40.0.10" },
            route2: { destination: "10.78.0.0/24", table: 100, gateway: "10.40.0.10" },
            route6: { family: "ipv4", metric: 301 },
            nat: { source: "10.41.0.0/24" },
            hLoopback: { address: "10.99.0.2/32" },
            h: { name: `%Ph2` },
            tap: { user: "nobody", group: "nogroup", multiQueue: true, vnetHdr: true },
            vx: { vni: 43, remote: null, group: "239.1.1.1", device: "@uplink.name", local: "10.40.0.10", dstport: 4790, learning: false },
            port: { device: "hand1" },
        },
    },
    {
        title: "names: of a namespace, a bridge, veth ends, a namespace host's interfaces and the single links",
        patch: {
            ns: { name: `%Pc` },
            br: { name: "br1" },
            uplink: { name: "up1", peerName: "eth1" },
            h: { interface: "eth1", hostInterface: "lab-h2" },
            mv: { name: "mv1" },
            tap: { name: "tap1" },
            vx: { name: "vx1", remote: "10.40.0.8", group: null },
        },
    },
    {
        title: "namespaces: every resource moved to another",
        patch: {
            br2: { namespace: "@ns2.name" },
            cable: { namespace: "@ns2.name", peerNamespace: "@ns2.name", peerMaster: "@br2.name" },
            brAddress: { namespace: "@ns2.name", device: "@br2.name" },
            route: { namespace: "@ns2.name" },
            route2: { namespace: "@ns2.name" },
            route6: { namespace: "@ns2.name", device: "@uplink.peerName" },
            nat: { namespace: "@ns2.name", outInterface: "@uplink.peerName" },
            forwarding: { namespace: "@ns2.name" },
            h: { namespace: "@ns2.name", bridge: "@br2.name" },
            tap: { namespace: "@ns.name", mode: "tun", master: null, mac: null },
            mv: { namespace: "@ns2.name", parent: "@uplink.peerName", parentNamespace: "@ns2.name" },
            vx: { namespace: "@ns2.name", device: "@uplink.peerName", master: null },
            port: { namespace: "@ns2.name", device: "hand2", bridge: "@br2.name" },
        },
    },
];

/** The lab after a round: each patched field set (or, for null, left out). */
function patched(lab: Spec[], patch: Patch, P: string): Spec[] {
    return lab.map((r) => {
        const args = { ...r.args };
        for (const [field, value] of Object.entries(patch[r.name] ?? {})) {
            if (value === null) delete args[field];
            else args[field] = typeof value === "string" ? value.replace("%P", P) : value;
        }
        return { ...r, args };
    });
}

/** The resources a spec names in its arguments or dependsOn. */
function parentsOf(r: Spec): string[] {
    const refs = JSON.stringify(r.args).match(/"@[A-Za-z0-9]+\./g) ?? [];
    return [...refs.map((ref) => ref.slice(2, -1)), ...(r.dependsOn ?? [])];
}

interface Expectation {
    op: string;
    /** Identity fields the round sets: each must be named as a cause of the replacement. */
    causes: string[];
    /** Replaced with a parent: the engine names the cascade as the cause, and shows the fields as changed. */
    cascade: boolean;
}

/**
 * What a round must do to each resource, from its type's schema: an identity field set to a new
 * value replaces it; in-place fields update it; a field left out changes nothing unless removing
 * it undoes something (`unsetClears`); a replaced parent replaces it.
 */
function expected(before: Spec[], after: Spec[]): Map<string, Expectation> {
    const result = new Map<string, Expectation>();
    for (const r of after) {
        const old = before.find((b) => b.name === r.name)!;
        const schema = resourceTypes().get(r.type)!.schema;
        const changed = Object.keys({ ...old.args, ...r.args }).filter((f) => JSON.stringify(old.args[f]) !== JSON.stringify(r.args[f]));
        const effective = changed.filter((f) => r.args[f] !== undefined || schema[f].unsetClears);
        const causes = effective.filter((f) => schema[f].replaces);
        const parentReplaced = parentsOf(r).some((p) => result.get(p)?.op === "replace");
        result.set(r.name, { op: causes.length || parentReplaced ? "replace" : effective.length ? "update" : "same", causes, cascade: parentReplaced });
    }
    return result;
}

/** Operation per resource of the lab in a run. */
function operations(run: RunResult): Map<string, { op: string; keys: string[]; diffs: string[] }> {
    return new Map(run.steps.filter((s) => s.type.includes("linuxnet")).map((s) => [s.name, { op: operationOf(s), keys: s.replaceKeys, diffs: s.diffs }]));
}

test("for every field of every type, the preview's operation per resource is what up does, and the right one", async () => {
    const P = sandbox.prefix;
    const host = await sandbox.namespace("host");
    const handMade = async (namespace: string, name: string) =>
        sandbox.run(["ip", "-n", namespace, "link", "add", name, "type", "veth", "peer", "name", `${name}p`]);
    await handMade(host, "hand0");
    await handMade(host, "hand1");
    const project = new EngineProject(`matrix-${sandbox.tag}`, program);
    const options = (lab: Spec[]): RunOptions => ({ config: { [`matrix-${sandbox.tag}:lab`]: JSON.stringify(lab), "linuxnet:hostNamespace": host } });
    const problems: string[] = [];
    const covered = new Set<string>();
    let lab = baseLab(P);
    try {
        await project.ok("up", options(lab));
        for (const round of rounds) {
            if (round.patch.port?.device === "hand2") await handMade(`${P}b`, "hand2");
            const next = patched(lab, round.patch, P);
            const want = expected(lab, next);
            for (const r of next) for (const [field, value] of Object.entries(round.patch[r.name] ?? {})) if (value !== null) covered.add(`${r.type}.${field}`);

            const preview = await project.run("preview", options(next));
            if (preview.exitCode !== 0) {
                problems.push(`${round.title}: preview failed:\n${preview.stdout.slice(-3000)}`);
                break;
            }
            const previewed = operations(preview);
            for (const [name, { op, causes, cascade }] of want) {
                const shown = previewed.get(name);
                if (shown?.op !== op) problems.push(`${round.title}: ${name} previewed as ${shown?.op ?? "nothing"}, expected ${op}`);
                const named = cascade ? shown?.diffs : shown?.keys;
                const unnamed = causes.filter((field) => !named?.includes(field));
                if (op === "replace" && unnamed.length) problems.push(`${round.title}: ${name}'s replacement does not name ${unnamed.join(", ")} (it names ${named?.join(", ")})`);
            }

            const up = await project.run("up", options(next));
            if (up.exitCode !== 0) {
                problems.push(`${round.title}: up failed: ${up.errors.join("\n")}`);
                break;
            }
            const done = operations(up);
            for (const name of new Set([...previewed.keys(), ...done.keys()])) {
                if (previewed.get(name)?.op !== done.get(name)?.op) problems.push(`${round.title}: ${name} previewed as ${previewed.get(name)?.op}, up did ${done.get(name)?.op}`);
            }

            const check = await project.run("preview", { ...options(next), refresh: true, expectNoChanges: true, diff: true });
            if (check.exitCode !== 0) problems.push(`${round.title}: the kernel differs from the state:\n${check.stdout.slice(-3000)}`);
            lab = next;
        }
        expect(problems).toEqual([]);

        // Every field of every type was changed by some round.
        const fields = [...resourceTypes()].flatMap(([type, t]) => Object.keys(t.schema).map((field) => `${type}.${field}`));
        expect(fields.filter((f) => !covered.has(f))).toEqual([]);
    } finally {
        await project.run("destroy");
        project.remove();
    }
});
