/**
 * NamespaceHost against the real kernel: one resource that is a namespace, a cable to a bridge,
 * addresses and a default route — created, read, changed in place, healed after drift, deleted,
 * and careful about what is not ours.
 */
import { spawn } from "child_process";
import { mkdtemp, rm, writeFile } from "fs/promises";
import * as os from "os";
import * as path from "path";
import { providers } from "../../provider";
import { planStep, writesOf } from "../../tools/plan";
import { typeToken } from "../../provider/registry";
import { runCommand } from "../../provider/exec/run";
import { toDynamicProvider } from "../../provider/framework/implementation";
import { NamespaceHostState, namespaceHost } from "../../provider/resources/namespaceHost";
import { useSandbox } from "../helpers/sandbox";

const sandbox = useSandbox();
const host = providers.NamespaceHost;
/** Inputs and outputs as the dynamic provider takes and gives them. */
type Props = Awaited<ReturnType<typeof host.create>>["outs"];
const json = async (argv: string[]) => JSON.parse(await sandbox.run(argv));
const link = async (ns: string, dev: string) => (await json(["ip", "-n", ns, "-j", "link", "show", "dev", dev]))[0] as Record<string, any>;
const addrs = async (ns: string, dev: string) =>
    ((await json(["ip", "-n", ns, "-j", "addr", "show", "dev", dev]))[0].addr_info as { local: string; prefixlen: number; family: string }[])
        .filter((a) => a.family === "inet" || !a.local.startsWith("fe80"))
        .map((a) => `${a.local}/${a.prefixlen}`);
const defaultRoute = async (ns: string) => ((await json(["ip", "-N", "-n", ns, "-j", "route", "show", "default"])) as Record<string, string>[])[0];
const ping = (ns: string, to: string) => sandbox.run(["ip", "netns", "exec", ns, "ping", "-c1", "-W2", to]);

const bridgePorts = async (ns: string, bridge: string) => ((await json(["ip", "-n", ns, "-j", "link", "show", "master", bridge])) as { ifname: string }[]).map((l) => l.ifname);

/** Something other than /run/netns that holds a namespace: released by `release`, whatever the test did. */
interface Holder {
    /** The names of the links in the namespace it holds. */
    links(): Promise<string[]>;
    release(): Promise<void>;
}

const linksIn = async (netnsFile: string) =>
    (JSON.parse(await sandbox.run(["nsenter", `--net=${netnsFile}`, "ip", "-j", "link", "show"])) as { ifname: string }[]).map((l) => l.ifname);

/** A process inside the namespace, as a daemon a lab runs there would be (`ip netns exec NS daemon`). */
async function keepAliveByProcess(ns: string): Promise<Holder> {
    const child = spawn("ip", ["netns", "exec", ns, "sleep", "300"], { stdio: "ignore" });
    await new Promise<void>((resolve, reject) => child.once("spawn", resolve).once("error", reject));
    // Until `ip netns exec` has entered the namespace, nothing holds it yet.
    while ((await sandbox.run(["ip", "netns", "pids", ns]).catch(() => "")).trim() === "") await new Promise((r) => setTimeout(r, 10));
    return {
        links: () => linksIn(`/proc/${child.pid}/ns/net`),
        release: async () => {
            child.kill("SIGKILL");
            await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once("exit", resolve)));
        },
    };
}

/** A bind mount of the namespace outside /run/netns: no process to find, only the mount. */
async function keepAliveByBindMount(ns: string): Promise<Holder> {
    const dir = await mkdtemp(path.join(os.tmpdir(), "lnxt-hold-"));
    const file = path.join(dir, "net");
    await writeFile(file, "");
    await sandbox.run(["mount", "--bind", `/run/netns/${ns}`, file]);
    return {
        links: () => linksIn(file),
        release: async () => {
            await sandbox.run(["umount", file]).catch(() => undefined);
            await rm(dir, { recursive: true, force: true });
        },
    };
}

let side: string;
beforeAll(async () => {
    side = await sandbox.namespace("side");
    await sandbox.run(["ip", "-n", side, "link", "add", "name", "br0", "type", "bridge"]);
    await sandbox.run(["ip", "-n", side, "link", "set", "dev", "br0", "up"]);
    await sandbox.run(["ip", "-n", side, "addr", "add", "10.30.0.1/24", "dev", "br0"]);
    await sandbox.run(["ip", "-n", side, "link", "add", "name", "br1", "type", "bridge"]);
});

const inputs = (suffix: string, extra: Record<string, unknown> = {}) => ({
    name: sandbox.name(suffix),
    namespace: side,
    hostInterface: `v-${suffix}`,
    bridge: "br0",
    addresses: ["10.30.0.2/24"],
    gateway: "10.30.0.1",
    ...extra,
});

describe("NamespaceHost on the real kernel", () => {
    test("create builds all parts, verified, and the host reaches its gateway; read returns the same", async () => {
        const news = inputs("h1");
        const checked = await host.check!({}, news);
        expect(checked.failures).toEqual([]);
        const { id, outs } = await host.create(checked.inputs);
        expect(id).toBe(news.name);
        expect(outs).toMatchObject({ interface: "eth0", up: true, loopbackUp: true, bridge: "br0", addresses: ["10.30.0.2/24"], gateway: "10.30.0.1" });
        expect(outs.macAddress).toMatch(/^[0-9a-f:]{17}$/);

        expect(await link(news.name, "eth0")).toMatchObject({ ifalias: "managed-by=pulumi-linuxnet", operstate: expect.stringMatching(/UP|UNKNOWN/) });
        expect(await link(side, "v-h1")).toMatchObject({ master: "br0", ifalias: "managed-by=pulumi-linuxnet" });
        expect(await link(news.name, "lo")).toMatchObject({ ifalias: "managed-by=pulumi-linuxnet" });
        expect(await addrs(news.name, "eth0")).toEqual(["10.30.0.2/24"]);
        expect(await defaultRoute(news.name)).toMatchObject({ gateway: "10.30.0.1", protocol: "241" });
        await ping(news.name, "10.30.0.1");

        expect((await host.read!(id, outs)).props).toEqual(outs);
        await host.delete!(id, outs);
    });

    test("update in place: addresses added and removed, gateway changed, bridge moved, mtu", async () => {
        const { outs } = await host.create((await host.check!({}, inputs("h2", { addresses: ["10.30.0.3/24", "10.31.0.3/24"] }))).inputs);
        const news = (await host.check!(outs, inputs("h2", { addresses: ["10.30.0.3/24", "fd00:30::3/64"], gateway: "10.30.0.9", bridge: "br1", mtu: 1400 }))).inputs;
        const diff = await host.diff!(outs.name, outs, news);
        expect(diff).toMatchObject({ changes: true, replaces: [] });

        const updated = (await host.update!(outs.name, outs, news)).outs;
        expect(updated).toMatchObject({ addresses: ["10.30.0.3/24", "fd00:30::3/64"], gateway: "10.30.0.9", bridge: "br1", mtu: 1400 });
        expect((await addrs(outs.name, "eth0")).sort()).toEqual(["10.30.0.3/24", "fd00:30::3/64"]);
        expect(await defaultRoute(outs.name)).toMatchObject({ gateway: "10.30.0.9" });
        expect(await link(side, "v-h2")).toMatchObject({ master: "br1", mtu: 1400 });

        // Removing bridge and gateway from the program detaches the cable and removes the route.
        const bare = (await host.check!(updated, { ...inputs("h2", { addresses: ["10.30.0.3/24"] }), bridge: undefined, gateway: undefined })).inputs;
        const after = (await host.update!(outs.name, updated, bare)).outs;
        expect(after.bridge).toBeUndefined();
        expect(after.gateway).toBeUndefined();
        expect((await link(side, "v-h2")).master).toBeUndefined();
        expect(await defaultRoute(outs.name)).toBeUndefined();
        await host.delete!(outs.name, after);
    });

    test("update in place: a subnet's primary address replaced keeps its other addresses and the default route", async () => {
        const { outs } = await host.create((await host.check!({}, inputs("h20", { addresses: ["10.30.0.20/24", "10.30.0.21/24"] }))).inputs);
        // The primary goes (taking the secondary .21 with it, in the kernel), a new one comes.
        const news = (await host.check!(outs, inputs("h20", { addresses: ["10.30.0.21/24", "10.30.0.22/24"] }))).inputs;
        const updated = (await host.update!(outs.name, outs, news)).outs;
        expect(updated).toMatchObject({ addresses: ["10.30.0.21/24", "10.30.0.22/24"], gateway: "10.30.0.1" });
        expect((await addrs(outs.name, "eth0")).sort()).toEqual(["10.30.0.21/24", "10.30.0.22/24"]);
        // The only address replaced: the route through it went with the old one and is back.
        const moved = (await host.update!(outs.name, updated, (await host.check!(updated, inputs("h20", { addresses: ["10.30.0.23/24"], gateway: "10.30.0.9" }))).inputs)).outs;
        expect(await addrs(outs.name, "eth0")).toEqual(["10.30.0.23/24"]);
        expect(await defaultRoute(outs.name)).toMatchObject({ gateway: "10.30.0.9" });
        expect((await host.read!(outs.name, moved)).props).toEqual(moved);
        await host.delete!(outs.name, moved);
    });

    test("drift: a deleted cable shows on refresh and update puts every part back", async () => {
        const news = (await host.check!({}, inputs("h3", { addresses: ["10.30.0.4/24"] }))).inputs;
        const { outs } = await host.create(news);
        await sandbox.run(["ip", "-n", side, "link", "delete", "dev", "v-h3"]);

        const refreshed = await host.read!(outs.name, outs);
        // A missing cable has no `up` at all, so the diff shows it whatever the program says.
        expect(refreshed.props).toMatchObject({ addresses: [] });
        expect(refreshed.props!.up).toBeUndefined();
        expect(refreshed.props!.bridge).toBeUndefined();
        expect(refreshed.props!.gateway).toBeUndefined();
        const diff = await host.diff!(outs.name, refreshed.props, news);
        expect(diff).toMatchObject({ changes: true, replaces: [] });

        const healed = (await host.update!(outs.name, refreshed.props, news)).outs;
        expect(healed).toMatchObject({ up: true, bridge: "br0", addresses: ["10.30.0.4/24"], gateway: "10.30.0.1" });
        await ping(outs.name, "10.30.0.1");
        await host.delete!(outs.name, healed);
    });

    test("delete removes namespace and cable at once, twice is fine; a deleted namespace reads as gone", async () => {
        const { outs } = await host.create((await host.check!({}, inputs("h4", { addresses: ["10.30.0.5/24"] }))).inputs);
        await host.delete!(outs.name, outs);
        expect(await sandbox.namespaces()).not.toContain(outs.name);
        await expect(link(side, "v-h4")).rejects.toThrow(/does not exist/);
        await host.delete!(outs.name, outs);
        expect(await host.read!(outs.name, outs)).toEqual({});
    });

    test("delete of a host whose cable is gone already (drift) still deletes its namespace", async () => {
        const { outs } = await host.create((await host.check!({}, inputs("h4c", { addresses: ["10.30.0.19/24"] }))).inputs);
        await sandbox.run(["ip", "-n", outs.name, "link", "delete", "dev", "eth0"]);
        await host.delete!(outs.name, outs);
        expect(await sandbox.namespaces()).not.toContain(outs.name);
    });

    test("a replacement takes the host-side name at once: delete returns only when the old cable is gone", async () => {
        const news = (await host.check!({}, inputs("h12", { addresses: ["10.30.0.13/24"] }))).inputs;
        let { outs } = await host.create(news);
        for (let round = 0; round < 3; round++) {
            await host.delete!(outs.name, outs);
            // What the engine does next in a replacement (deleteBeforeReplace): create it again, same names.
            const again = (await host.create(news)).outs;
            expect(again.hostIfindex).not.toBe(outs.hostIfindex);
            expect(await link(side, "v-h12")).toMatchObject({ ifindex: again.hostIfindex, master: "br0" });
            outs = again;
        }
        await ping(outs.name, "10.30.0.1");
        await host.delete!(outs.name, outs);
        await expect(link(side, "v-h12")).rejects.toThrow(/does not exist/);
    });

    describe.each([
        ["a process running in it", keepAliveByProcess],
        ["a bind mount of it elsewhere", keepAliveByBindMount],
    ])("a namespace kept alive by %s", (_what, keepAlive) => {
        /** A host made for the test, its namespace held by the holder during `body` and released whatever happens. */
        async function whileHeld(suffix: string, hostInterface: string, address: string, body: (news: Props, outs: Props, holder: Holder) => Promise<void>): Promise<void> {
            const news = (await host.check!({}, inputs(suffix, { hostInterface, addresses: [address] }))).inputs;
            const { outs } = await host.create(news);
            const holder = await keepAlive(outs.name);
            try {
                await body(news, outs, holder);
            } finally {
                await holder.release();
            }
        }

        test("delete leaves no cable on the bridge, frees the names, and leaves the holder alone", () => whileHeld("h13", "v-kept", "10.30.0.14/24", async (news, outs, holder) => {
            await host.delete!(outs.name, outs);
            expect(await sandbox.namespaces()).not.toContain(outs.name);
            await expect(link(side, "v-kept")).rejects.toThrow(/does not exist/);
            expect(await bridgePorts(side, "br0")).not.toContain("v-kept");
            // The namespace itself lives on with its holder, empty but for loopback.
            expect(await holder.links()).toEqual(["lo"]);
            // And the names are free for a replacement at once.
            const again = (await host.create(news)).outs;
            await ping(again.name, "10.30.0.1");
            await host.delete!(again.name, again);
        }));

        test("its name deleted by hand (`ip netns delete`): delete still removes the cable it left on the bridge", () => whileHeld("h14", "v-crash", "10.30.0.15/24", async (_news, outs, holder) => {
            // The name goes; the namespace, and the cable with it, stay while the holder does.
            await sandbox.run(["ip", "netns", "delete", outs.name]);
            expect(await link(side, "v-crash")).toMatchObject({ ifindex: outs.hostIfindex, master: "br0" });
            await host.delete!(outs.name, outs);
            await expect(link(side, "v-crash")).rejects.toThrow(/does not exist/);
            expect(await holder.links()).toEqual(["lo"]);
        }));

        test("its name deleted by hand: refresh keeps the host, and the next up replaces it (the cable goes, a new host is built)", () => whileHeld("h17", "v-held", "10.30.0.18/24", async (news, outs, holder) => {
            await sandbox.run(["ip", "netns", "delete", outs.name]);
            // Refresh: not forgotten (its cable would stay on the bridge for good), but without a namespace.
            const refreshed = await host.read!(outs.name, outs);
            expect(refreshed.props).toMatchObject({ ...outs, inode: 0 });
            expect((await host.read!(outs.name, refreshed.props)).props).toEqual(refreshed.props);
            // The next up: a replacement, delete first, whatever the program says.
            const diff = await host.diff!(outs.name, refreshed.props, news);
            expect(diff).toMatchObject({ changes: true, replaces: ["inode"], deleteBeforeReplace: true });
            await host.delete!(outs.name, refreshed.props);
            await expect(link(side, "v-held")).rejects.toThrow(/does not exist/);
            const again = (await host.create(news)).outs;
            await ping(again.name, "10.30.0.1");
            expect(await holder.links()).toEqual(["lo"]);
            await host.delete!(again.name, again);
        }));
    });

    test("with the namespace gone, a cable by the host-side name that is not the one in the state is left alone", async () => {
        const first = (await host.create((await host.check!({}, inputs("h15", { hostInterface: "v-other", addresses: ["10.30.0.16/24"] }))).inputs)).outs;
        await host.delete!(first.name, first);
        // Another host of ours has the name since: marked like the old cable, but another link.
        const second = (await host.create((await host.check!({}, inputs("h16", { hostInterface: "v-other", addresses: ["10.30.0.17/24"] }))).inputs)).outs;
        await host.delete!(first.name, first);
        expect(await link(side, "v-other")).toMatchObject({ ifindex: second.hostIfindex, master: "br0" });
        await ping(second.name, "10.30.0.1");
        await host.delete!(second.name, second);
    });

    test("refuses a namespace someone else made, and touches nothing in it", async () => {
        const foreign = await sandbox.namespace("h5");
        await expect(host.create((await host.check!({}, inputs("h5", { addresses: ["10.30.0.6/24"] }))).inputs)).rejects.toThrow(
            /network namespace "lnxt-.*-h5".*not created by pulumi-linuxnet/,
        );
        expect((await json(["ip", "-n", foreign, "-j", "link", "show"])).map((l: { ifname: string }) => l.ifname)).toEqual(["lo"]);
        await expect(link(side, "v-h5")).rejects.toThrow(/does not exist/);
    });

    test("a failed create leaves nothing behind: host-side name taken by a foreign link", async () => {
        await sandbox.run(["ip", "-n", side, "link", "add", "name", "v-h6", "type", "veth", "peer", "name", "v-h6p"]);
        const news = (await host.check!({}, inputs("h6", { addresses: ["10.30.0.7/24"] }))).inputs;
        await expect(host.create(news)).rejects.toThrow(/failed to create veth pair "eth0\/v-h6".*not created by pulumi-linuxnet/);
        expect(await sandbox.namespaces()).not.toContain(news.name);
        expect(await link(side, "v-h6")).toMatchObject({ ifname: "v-h6" });
    });

    test("lean: from nothing, three processes that apply and read back; a read is two (three with an IPv6 gateway)", async () => {
        // Process starts are the provider's main per-host cost (see bench/); this keeps them counted.
        const started: string[][] = [];
        const writes: string[][] = [];
        const counted = toDynamicProvider(namespaceHost, (argv, input) => {
            started.push([...argv]);
            // A batch's write lines, each as the `ip` command it stands for.
            writes.push(...writesOf(argv, input));
            return runCommand(argv, input);
        });
        const news = (await counted.check!({}, inputs("h7", { addresses: ["10.30.0.8/24", "fd00:30::8/64"] }))).inputs;
        const { outs } = await counted.create(news);
        // What `npm run plan` shows a reviewer is what ran.
        expect(planStep({ name: "h7", type: typeToken("NamespaceHost"), op: "create", news }).commands).toEqual(writes);
        expect(started.map((argv) => argv.join(" "))).toEqual([
            `ip netns add ${outs.name}`,
            `ip -n ${side} -d -j -batch -`,
            `ip -n ${outs.name} -d -N -j -batch -`,
        ]);
        expect(outs).toMatchObject({ addresses: ["10.30.0.8/24", "fd00:30::8/64"], gateway: "10.30.0.1", bridge: "br0", up: true });
        expect(await addrs(outs.name, "eth0")).toEqual(["10.30.0.8/24", "fd00:30::8/64"]);
        started.length = 0;
        expect((await counted.read!(outs.name, outs)).props).toEqual(outs);
        expect(started).toHaveLength(2);
        // A delete: the look at its loopback (ours?), then one batch deleting the cable and the name.
        started.length = 0;
        writes.length = 0;
        await counted.delete!(outs.name, outs);
        expect(started.map((argv) => argv.join(" "))).toEqual([`ip -n ${outs.name} -d -j link show dev lo`, `ip -n ${outs.name} -batch -`]);
        expect(writes).toEqual(namespaceHost.plan.delete(outs as NamespaceHostState));
        expect(await sandbox.namespaces()).not.toContain(outs.name);

        // An IPv6 gateway's route is read apart: a batch's `route show` reads IPv4.
        started.length = 0;
        const six = (await counted.check!({}, inputs("h7b", { addresses: ["fd00:30::9/64"], gateway: "fd00:30::1" }))).inputs;
        const created = (await counted.create(six)).outs;
        expect(created).toMatchObject({ addresses: ["fd00:30::9/64"], gateway: "fd00:30::1" });
        expect(started.map((argv) => argv.slice(0, 8).join(" "))).toEqual([
            `ip netns add ${created.name}`,
            `ip -n ${side} -d -j -batch -`,
            `ip -n ${created.name} -d -N -j -batch -`,
            `ip -n ${created.name} -N -j -6 route show`,
        ]);
        started.length = 0;
        expect((await counted.read!(created.name, created)).props).toEqual(created);
        expect(started).toHaveLength(3);
        await counted.delete!(created.name, created);
    });

    test("after a crash: our own namespace and cable left behind are adopted and completed", async () => {
        const name = sandbox.name("h8");
        await providers.NetworkNamespace.create({ name, loopbackUp: true, adopt: false });
        await providers.VethPair.create({ name: "eth0", namespace: name, peerName: "v-h8", peerNamespace: side, up: true, peerUp: true, adopt: false });
        const { outs } = await host.create((await host.check!({}, inputs("h8", { addresses: ["10.30.0.9/24"] }))).inputs);
        expect(outs).toMatchObject({ bridge: "br0", addresses: ["10.30.0.9/24"], gateway: "10.30.0.1", up: true });
        await ping(name, "10.30.0.1");
        await host.delete!(outs.name, outs);
        expect(await sandbox.namespaces()).not.toContain(name);
    });

    test("two hosts given the same host-side name by mistake: the second fails and the first keeps its cable", async () => {
        const first = await host.create((await host.check!({}, inputs("h9", { hostInterface: "v-dup", addresses: ["10.30.0.10/24"] }))).inputs);
        const second = (await host.check!({}, inputs("h10", { hostInterface: "v-dup", addresses: ["10.30.0.11/24"] }))).inputs;
        await expect(host.create(second)).rejects.toThrow(/v-dup/);
        expect(await sandbox.namespaces()).not.toContain(second.name);
        expect(await link(side, "v-dup")).toMatchObject({ master: "br0" });
        await ping(first.outs.name, "10.30.0.1");
        await host.delete!(first.outs.name, first.outs);
    });

    test("a namespace by our name that someone else made again is not our host: read reports it gone, delete leaves it", async () => {
        const { outs } = await host.create((await host.check!({}, inputs("h11", { addresses: ["10.30.0.12/24"] }))).inputs);
        await sandbox.run(["ip", "netns", "delete", outs.name]);
        await sandbox.namespace("h11");
        expect(await host.read!(outs.name, outs)).toEqual({});
        await host.delete!(outs.name, outs);
        expect(await sandbox.namespaces()).toContain(outs.name);
    });

    test("check names the field and the value", async () => {
        const cases: [Record<string, unknown>, RegExp][] = [
            [{ addresses: ["10.30.0.2/24", "10.30.0.2/24"] }, /addresses .* lists address "10.30.0.2\/24" twice/],
            [{ addresses: ["10.30.0.300/24"] }, /addresses .* has address \[0\] "10.30.0.300\/24"/],
            [{ addresses: "10.30.0.2/24" }, /addresses "10.30.0.2\/24" must be a list of addresses/],
            [{ gateway: "10.99.0.1" }, /gateway "10.99.0.1" is in none of the host's networks/],
            [{ hostInterface: "a-name-far-too-long" }, /hostInterface "a-name-far-too-long" is not a valid interface name/],
            [{ namespace: sandbox.name("self"), name: sandbox.name("self") }, /namespace ".*self" is the host's own namespace/],
            [{ up: false }, /gateway "10.30.0.1" needs the cable up, but up is false/],
        ];
        for (const [extra, message] of cases) {
            const { failures } = await host.check!({}, inputs("bad", extra));
            expect((failures ?? []).map((f) => f.reason).join("\n")).toMatch(message);
        }
    });
});
