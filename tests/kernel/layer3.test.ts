import { providers } from "../../provider";
import { useSandbox } from "../helpers/sandbox";

const sandbox = useSandbox();
const addrs = async (ns: string, dev: string) =>
    (JSON.parse(await sandbox.run(["ip", "-n", ns, "-j", "addr", "show", "dev", dev]))[0].addr_info as { local: string; prefixlen: number; broadcast?: string; label?: string }[]);
const routes = async (ns: string, family = "-4") => JSON.parse(await sandbox.run(["ip", "-N", "-n", ns, "-j", family, "route", "show", "table", "all"])) as Record<string, unknown>[];
const nat = async (ns: string, tool = "iptables") => (await sandbox.run(["ip", "netns", "exec", ns, tool, "-w", "-t", "nat", "-S", "POSTROUTING"])).trim().split("\n");
const sysctl = async (ns: string, key: string) => (await sandbox.run(["ip", "netns", "exec", ns, "sysctl", "-n", key])).trim();

let ns: string;
beforeAll(async () => {
    ns = await sandbox.namespace("l3");
    await providers.VethPair.create({ name: "a", namespace: ns, peerName: "b", peerNamespace: ns });
    await sandbox.run(["ip", "-n", ns, "link", "add", "foreign", "type", "veth", "peer", "name", "foreign-p"]);
});

describe("Address on the real kernel", () => {
    const address = providers.Address;

    test("IPv4: create, read back, update lifetimes in place, delete twice", async () => {
        const { outs } = await address.create({ namespace: ns, device: "a", address: "192.168.1.11/24", broadcast: "192.168.1.255", label: "a:web" });
        expect(outs).toMatchObject({ family: "inet", prefix: 24, scope: "global", address: "192.168.1.11/24" });
        expect(await addrs(ns, "a")).toEqual(expect.arrayContaining([expect.objectContaining({ local: "192.168.1.11", prefixlen: 24 })]));
        expect((await address.read!("", outs)).props).toEqual(outs);

        expect(outs).toMatchObject({ broadcast: "192.168.1.255", label: "a:web" });
        expect((await addrs(ns, "a")).find((a) => a.local === "192.168.1.11")).toMatchObject({ broadcast: "192.168.1.255", label: "a:web" });
        const updated = (await address.update!("", outs, { namespace: ns, device: "a", address: "192.168.1.11/24", broadcast: "192.168.1.255", label: "a:web", validLifetime: 3600 })).outs;
        const kernel = (await addrs(ns, "a")).find((a) => a.local === "192.168.1.11") as unknown as Record<string, number>;
        expect(kernel.valid_life_time).toBeLessThanOrEqual(3600);
        expect(kernel.preferred_life_time).toBeLessThanOrEqual(3600);

        await address.delete!("", updated);
        expect((await addrs(ns, "a")).map((a) => a.local)).not.toContain("192.168.1.11");
        await address.delete!("", updated);
        expect(await address.read!("", updated)).toEqual({});
    });

    test("IPv6 in canonical form, usable at once (nodad)", async () => {
        const { outs } = await address.create({ namespace: ns, device: "a", address: "FD00:0::11/64" });
        expect(outs).toMatchObject({ family: "inet6", address: "fd00::11/64" });
        const info = (await addrs(ns, "a")).find((a) => a.local === "fd00::11") as Record<string, unknown>;
        expect(info.tentative).toBeUndefined();
        await address.delete!("", outs);
    });

    test("adopts an identical address on a link we own; refuses one on a foreign link", async () => {
        await sandbox.run(["ip", "-n", ns, "addr", "add", "10.9.0.1/24", "dev", "a"]);
        const { outs } = await address.create({ namespace: ns, device: "a", address: "10.9.0.1/24" });
        expect(outs.prefix).toBe(24);

        await sandbox.run(["ip", "-n", ns, "addr", "add", "10.8.0.1/24", "dev", "foreign"]);
        await expect(address.create({ namespace: ns, device: "foreign", address: "10.8.0.1/24" })).rejects.toThrow(/address "10.8.0.1\/24 on foreign".*not created by pulumi-linuxnet/);
        expect((await addrs(ns, "foreign")).map((a) => a.local)).toContain("10.8.0.1");
    });

    test("a failed add names the command and what the kernel said", async () => {
        await expect(address.create({ namespace: ns, device: "nosuch", address: "10.7.0.1/24" })).rejects.toThrow(
            /failed to create address "10.7.0.1\/24 on nosuch" in namespace "lnxt-.*-l3": `ip -n lnxt-.*-l3 addr add 10.7.0.1\/24 dev nosuch` failed \(exit 1\): Cannot find device "nosuch"/,
        );
    });
});

describe("Route on the real kernel", () => {
    const route = providers.Route;
    beforeAll(async () => {
        await providers.Address.create({ namespace: ns, device: "a", address: "192.168.2.11/24" });
        await providers.Address.create({ namespace: ns, device: "a", address: "fd01::11/64" });
    });

    test("default route via a gateway: create, read, change gateway in place, delete twice", async () => {
        const { outs } = await route.create({ namespace: ns, destination: "default", gateway: "192.168.2.10" });
        expect(outs.route).toBe("default via 192.168.2.10 dev a proto 241");
        expect(await routes(ns)).toEqual(expect.arrayContaining([expect.objectContaining({ dst: "default", gateway: "192.168.2.10", protocol: "241" })]));
        expect((await route.read!("", outs)).props).toEqual(outs);

        const updated = (await route.update!("", outs, { namespace: ns, destination: "default", gateway: "192.168.2.1" })).outs;
        expect(updated.gateway).toBe("192.168.2.1");
        expect((await routes(ns)).filter((r) => r.dst === "default")).toHaveLength(1);

        await route.delete!("", updated);
        expect((await routes(ns)).filter((r) => r.dst === "default")).toHaveLength(0);
        await route.delete!("", updated);
        expect(await route.read!("", updated)).toEqual({});
    });

    test("IPv6 network route with metric and table", async () => {
        const { outs } = await route.create({ namespace: ns, destination: "fd02::/64", gateway: "fd01::1", metric: 50, table: 100 });
        expect(outs).toMatchObject({ table: 100, metric: 50 });
        expect(await routes(ns, "-6")).toEqual(expect.arrayContaining([expect.objectContaining({ dst: "fd02::/64", table: "100", metric: 50, protocol: "241" })]));
        await route.delete!("", outs);
        expect((await routes(ns, "-6")).filter((r) => r.dst === "fd02::/64")).toHaveLength(0);
    });

    test("adopts its own route left by a crash; refuses someone else's; never deletes theirs", async () => {
        await sandbox.run(["ip", "-n", ns, "route", "add", "10.50.0.0/16", "via", "192.168.2.1", "proto", "241"]);
        const { outs } = await route.create({ namespace: ns, destination: "10.50.0.0/16", gateway: "192.168.2.1" });
        expect(outs.route).toContain("proto 241");

        await sandbox.run(["ip", "-n", ns, "route", "add", "10.60.0.0/16", "via", "192.168.2.1"]);
        await expect(route.create({ namespace: ns, destination: "10.60.0.0/16", gateway: "192.168.2.1" })).rejects.toThrow(/route "10.60.0.0\/16".*not created by pulumi-linuxnet/);
        await route.delete!("", { namespace: ns, destination: "10.60.0.0/16", table: 254, gateway: "192.168.2.1", adopt: false });
        expect((await routes(ns)).filter((r) => r.dst === "10.60.0.0/16")).toHaveLength(1);
    });
});

describe("MasqueradeRule on the real kernel", () => {
    const rule = providers.MasqueradeRule;

    test("create, read, change the comment in place, delete twice; other rules untouched", async () => {
        await sandbox.run(["ip", "netns", "exec", ns, "iptables", "-w", "-t", "nat", "-A", "POSTROUTING", "-s", "10.1.0.0/16", "-j", "MASQUERADE"]);
        const { outs } = await rule.create({ namespace: ns, source: "192.168.1.0/24", outInterface: "a" });
        expect(outs.rule).toBe('-A POSTROUTING -s 192.168.1.0/24 -o a -m comment --comment "managed-by=pulumi-linuxnet" -j MASQUERADE');
        expect(await nat(ns)).toContain(outs.rule);
        expect((await rule.read!("", outs)).props).toEqual(outs);

        const updated = (await rule.update!("", outs, { namespace: ns, source: "192.168.1.0/24", outInterface: "a", comment: "lab nat" })).outs;
        expect(await nat(ns)).toContain('-A POSTROUTING -s 192.168.1.0/24 -o a -m comment --comment "managed-by=pulumi-linuxnet lab nat" -j MASQUERADE');
        expect((await nat(ns)).filter((l) => l.includes("192.168.1.0/24"))).toHaveLength(1);

        await rule.delete!("", updated);
        await rule.delete!("", updated);
        expect(await nat(ns)).toEqual(["-P POSTROUTING ACCEPT", "-A POSTROUTING -s 10.1.0.0/16 -j MASQUERADE"]);
        expect(await rule.read!("", updated)).toEqual({});
    });

    test("refuses a hand-made rule for the same network; adopt replaces it with ours", async () => {
        await expect(rule.create({ namespace: ns, source: "10.1.0.0/16" })).rejects.toThrow(/masquerade rule "MASQUERADE 10.1.0.0\/16".*not created by pulumi-linuxnet/);
        const { outs } = await rule.create({ namespace: ns, source: "10.1.0.0/16", adopt: true });
        expect(await nat(ns)).toEqual(["-P POSTROUTING ACCEPT", outs.rule]);
        const again = await rule.create({ namespace: ns, source: "10.1.0.0/16" });
        expect(again.outs.rule).toBe(outs.rule);
        expect(await nat(ns)).toHaveLength(2);
        await rule.delete!("", outs);
    });

    test("two rules for one source that differ only in their out-interface are two rules: one changes and goes, the other stays", async () => {
        const viaA = (await rule.create({ namespace: ns, source: "192.168.7.0/24", outInterface: "a" })).outs;
        const viaB = (await rule.create({ namespace: ns, source: "192.168.7.0/24", outInterface: "b" })).outs;
        expect(viaA.rule).not.toBe(viaB.rule);
        expect((await nat(ns)).filter((l) => l.includes("192.168.7.0/24"))).toEqual([viaA.rule, viaB.rule]);
        const renamed = (await rule.update!("", viaA, { namespace: ns, source: "192.168.7.0/24", outInterface: "a", comment: "via a" })).outs;
        expect((await nat(ns)).filter((l) => l.includes("192.168.7.0/24"))).toEqual([viaB.rule, renamed.rule]);
        await rule.delete!("", renamed);
        expect((await nat(ns)).filter((l) => l.includes("192.168.7.0/24"))).toEqual([viaB.rule]);
        expect((await rule.read!("", viaB)).props).toEqual(viaB);
        await rule.delete!("", viaB);
    });

    test("IPv6 goes to ip6tables", async () => {
        const { outs } = await rule.create({ namespace: ns, source: "fd00::/64" });
        expect(await nat(ns, "ip6tables")).toContain(outs.rule);
        await rule.delete!("", outs);
        expect(await nat(ns, "ip6tables")).toEqual(["-P POSTROUTING ACCEPT"]);
    });
});

describe("IpForwarding on the real kernel", () => {
    test("switches on, updates, and restores the previous values on delete", async () => {
        const fwd = providers.IpForwarding;
        expect(await sysctl(ns, "net.ipv4.ip_forward")).toBe("0");
        const { outs } = await fwd.create({ namespace: ns });
        expect(outs).toMatchObject({ ipv4: true, ipv6: false, previousIpv4: false, previousIpv6: false });
        expect(await sysctl(ns, "net.ipv4.ip_forward")).toBe("1");

        const updated = (await fwd.update!("", outs, { namespace: ns, ipv4: true, ipv6: true })).outs;
        expect(await sysctl(ns, "net.ipv6.conf.all.forwarding")).toBe("1");

        await sandbox.run(["ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv4.ip_forward=0"]);
        expect((await fwd.read!("", updated)).props).toMatchObject({ ipv4: false });

        await fwd.delete!("", updated);
        expect(await sysctl(ns, "net.ipv4.ip_forward")).toBe("0");
        expect(await sysctl(ns, "net.ipv6.conf.all.forwarding")).toBe("0");
        await fwd.delete!("", updated);
    });
});
