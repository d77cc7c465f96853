import { providers } from "../../provider";
import { persistentBridgeMac } from "../../provider/resources/bridge";
import { useSandbox } from "../helpers/sandbox";

const sandbox = useSandbox();
const link = async (ns: string, name: string) => JSON.parse(await sandbox.run(["ip", "-n", ns, "-d", "-j", "link", "show", "dev", name]))[0];
const links = async (ns: string) => (JSON.parse(await sandbox.run(["ip", "-n", ns, "-j", "link", "show"])) as { ifname: string }[]).map((l) => l.ifname);

describe("Bridge on the real kernel", () => {
    const bridge = providers.Bridge;
    let host: string;
    beforeAll(async () => {
        host = await sandbox.namespace("br-host");
    });

    test("create, read back, update in place, delete twice", async () => {
        const { outs } = await bridge.create({ name: "br1", namespace: host, stp: false, forwardDelay: 0 });
        expect(outs).toMatchObject({ name: "br1", up: true, stp: false, forwardDelay: 0 });
        expect(await link(host, "br1")).toMatchObject({ ifalias: "managed-by=pulumi-linuxnet", linkinfo: { info_kind: "bridge", info_data: { forward_delay: 0 } } });
        expect((await bridge.read!("", outs)).props).toEqual(outs);

        const updated = (await bridge.update!("", outs, { name: "br1", namespace: host, stp: false, forwardDelay: 0, mtu: 1400, up: false, ageingTime: 60, mac: "02:AA:00:00:00:01" })).outs;
        expect(updated).toMatchObject({ mtu: 1400, up: false, ageingTime: 60, mac: "02:aa:00:00:00:01", macAddress: "02:aa:00:00:00:01" });
        expect(await link(host, "br1")).toMatchObject({ mtu: 1400, address: "02:aa:00:00:00:01", linkinfo: { info_data: { ageing_time: 6000 } } });

        await bridge.delete!("", updated);
        expect(await links(host)).not.toContain("br1");
        await bridge.delete!("", updated);
        expect(await bridge.read!("", updated)).toEqual({});
    });

    test("without a mac, a bridge is made with its persistent one and keeps it when its first port attaches", async () => {
        const { outs } = await bridge.create({ name: "br3", namespace: host });
        expect(outs.macAddress).toBe(persistentBridgeMac(host, "br3"));
        expect(outs.macAddress).toMatch(/^[0-9a-f][26ae](:[0-9a-f]{2}){5}$/);
        await sandbox.run(["ip", "-n", host, "link", "add", "p3", "type", "veth", "peer", "name", "p3b"]);
        await sandbox.run(["ip", "-n", host, "link", "set", "dev", "p3", "master", "br3", "up"]);
        // A refresh right after finds nothing that changed by itself.
        expect((await bridge.read!("", outs)).props).toEqual(outs);
        expect((await link(host, "br3")).address).toBe(outs.macAddress);
        await bridge.delete!("", outs);
    });

    test("a bridge's mtu is its own: its ports keep theirs, and a port's mtu leaves the bridge's alone", async () => {
        const { outs } = await bridge.create({ name: "br4", namespace: host });
        await sandbox.run(["ip", "-n", host, "link", "add", "p4", "type", "veth", "peer", "name", "p4b"]);
        await sandbox.run(["ip", "-n", host, "link", "set", "dev", "p4", "master", "br4"]);
        const updated = (await bridge.update!("", outs, { name: "br4", namespace: host, mtu: 9000 })).outs;
        expect(updated).toMatchObject({ mtu: 9000 });
        expect((await link(host, "p4")).mtu).toBe(1500);
        await sandbox.run(["ip", "-n", host, "link", "set", "dev", "p4", "mtu", "1400"]);
        expect((await link(host, "br4")).mtu).toBe(9000);
        await bridge.delete!("", updated);
    });

    test("STP on with a 4 s forward delay, then off with none, in one update each", async () => {
        const { outs } = await bridge.create({ name: "br6", namespace: host });
        const on = (await bridge.update!("", outs, { name: "br6", namespace: host, stp: true, forwardDelay: 4 })).outs;
        expect(await link(host, "br6")).toMatchObject({ linkinfo: { info_data: { stp_state: 1, forward_delay: 400 } } });
        const off = (await bridge.update!("", on, { name: "br6", namespace: host, stp: false, forwardDelay: 0 })).outs;
        expect(await link(host, "br6")).toMatchObject({ linkinfo: { info_data: { stp_state: 0, forward_delay: 0 } } });
        await bridge.delete!("", off);
    });

    test.each([1400, 1500, 68])("a bridge made with mtu %i keeps it when ports of other MTUs attach", async (mtu) => {
        const { outs } = await bridge.create({ name: "br5", namespace: host, mtu });
        expect(outs).toMatchObject({ mtu });
        for (const [port, portMtu] of [["p5", 1500], ["p6", 9000]] as const) {
            await sandbox.run(["ip", "-n", host, "link", "add", port, "mtu", String(portMtu), "type", "veth", "peer", "name", `${port}b`]);
            await sandbox.run(["ip", "-n", host, "link", "set", "dev", port, "master", "br5", "up"]);
        }
        expect((await link(host, "br5")).mtu).toBe(mtu);
        expect((await bridge.read!("", outs)).props).toEqual(outs);
        await bridge.delete!("", outs);
        for (const port of ["p5", "p6"]) await sandbox.run(["ip", "-n", host, "link", "delete", "dev", port]);
    });

    test("adopts its own marked bridge, refuses a foreign one and a device of another kind", async () => {
        const first = await bridge.create({ name: "br2", namespace: host });
        const again = await bridge.create({ name: "br2", namespace: host });
        expect(again.outs.ifindex).toBe(first.outs.ifindex);

        await sandbox.run(["ip", "-n", host, "link", "add", "theirs", "type", "bridge"]);
        await expect(bridge.create({ name: "theirs", namespace: host })).rejects.toThrow(/failed to create bridge "theirs" in namespace ".*": it already exists and was not created by pulumi-linuxnet.*adopt: true/);
        await sandbox.run(["ip", "-n", host, "link", "add", "notbr", "type", "veth", "peer", "name", "notbr-peer"]);
        await expect(bridge.create({ name: "notbr", namespace: host })).rejects.toThrow(/"notbr" already exists but is a veth device, not a bridge/);
        // delete of a foreign bridge (state says ours, kernel says otherwise) leaves it alone
        await bridge.delete!("", { name: "theirs", namespace: host, up: true, adopt: false });
        expect(await links(host)).toEqual(expect.arrayContaining(["theirs", "notbr"]));
        expect((await link(host, "theirs")).ifalias).toBeUndefined();

        const adopted = await bridge.create({ name: "theirs", namespace: host, adopt: true });
        expect(adopted.outs.up).toBe(true);
        await bridge.delete!("", adopted.outs);
        expect(await links(host)).not.toContain("theirs");
    });
});

describe("VethPair on the real kernel", () => {
    const veth = providers.VethPair;
    let host: string;
    let ns1: string;
    beforeAll(async () => {
        host = await sandbox.namespace("veth-host");
        ns1 = await sandbox.namespace("veth-ns1");
        await providers.Bridge.create({ name: "br1", namespace: host });
        await providers.Bridge.create({ name: "br2", namespace: host });
    });

    test("both ends created in place, attached, up; updated; detached; deleted twice", async () => {
        const inputs = { name: "veth1", namespace: ns1, peerName: "br-veth1", peerNamespace: host, peerMaster: "br1", mtu: 1450 };
        const { outs } = await veth.create(inputs);
        expect(outs).toMatchObject({ up: true, peerUp: true, peerMaster: "br1", mtu: 1450 });
        expect(await link(ns1, "veth1")).toMatchObject({ ifalias: "managed-by=pulumi-linuxnet", mtu: 1450, flags: expect.arrayContaining(["UP"]) });
        expect(await link(host, "br-veth1")).toMatchObject({ master: "br1", ifalias: "managed-by=pulumi-linuxnet" });
        expect(outs.peerIfindex).toBe((await link(host, "br-veth1")).ifindex);

        const moved = (await veth.update!("", outs, { ...inputs, peerMaster: "br2", mtu: 1400, up: false, mac: "02:00:00:00:01:01" })).outs;
        expect(moved).toMatchObject({ peerMaster: "br2", mtu: 1400, up: false, mac: "02:00:00:00:01:01" });
        expect(await link(host, "br-veth1")).toMatchObject({ master: "br2", mtu: 1400 });

        const detached = (await veth.update!("", moved, { ...inputs, peerMaster: undefined, mtu: 1400, up: false })).outs;
        expect((await link(host, "br-veth1")).master).toBeUndefined();
        expect(detached.peerMaster).toBeUndefined();

        await veth.delete!("", detached);
        expect(await links(ns1)).not.toContain("veth1");
        expect(await links(host)).not.toContain("br-veth1");
        await veth.delete!("", detached);
        expect(await veth.read!("", detached)).toEqual({});
    });

    test("adopts its own marked pair; refuses a foreign pair; undoes a half-made pair", async () => {
        const inputs = { name: "veth2", namespace: ns1, peerName: "br-veth2", peerNamespace: host };
        const first = await veth.create(inputs);
        const again = await veth.create(inputs);
        expect(again.outs.ifindex).toBe(first.outs.ifindex);
        await veth.delete!("", again.outs);

        await sandbox.run(["ip", "-n", ns1, "link", "add", "v3", "type", "veth", "peer", "name", "v3p"]);
        await expect(veth.create({ name: "v3", namespace: ns1, peerName: "v3p", peerNamespace: ns1 })).rejects.toThrow(/not created by pulumi-linuxnet/);
        expect(await links(ns1)).toEqual(expect.arrayContaining(["v3", "v3p"]));

        // master names a bridge that does not exist: the pair is created, then the attach fails
        await expect(veth.create({ name: "veth4", namespace: ns1, peerName: "br-veth4", peerNamespace: host, peerMaster: "nosuchbr" })).rejects.toThrow(
            /failed to create veth pair "veth4\/br-veth4".*ip -n .* link set dev br-veth4 .*master nosuchbr/,
        );
        expect(await links(ns1)).not.toContain("veth4");
        expect(await links(host)).not.toContain("br-veth4");
    });
});

describe("BridgePort on the real kernel", () => {
    test("attaches a device someone else made, moves it, detaches it, never deletes it", async () => {
        const host = await sandbox.namespace("port-host");
        await providers.Bridge.create({ name: "br1", namespace: host });
        await providers.Bridge.create({ name: "br2", namespace: host });
        await sandbox.run(["ip", "-n", host, "tuntap", "add", "tap0", "mode", "tap"]);
        const port = providers.BridgePort;
        const { outs } = await port.create({ device: "tap0", bridge: "br1", namespace: host, up: true });
        expect(outs).toMatchObject({ bridge: "br1", up: true });
        expect((await link(host, "tap0")).master).toBe("br1");
        expect((await link(host, "tap0")).ifalias).toBeUndefined();

        const moved = (await port.update!("", outs, { device: "tap0", bridge: "br2", namespace: host, up: true })).outs;
        expect((await link(host, "tap0")).master).toBe("br2");

        await port.delete!("", moved);
        expect((await link(host, "tap0")).master).toBeUndefined();
        expect(await links(host)).toContain("tap0");
        await port.delete!("", moved);

        await expect(port.create({ device: "nosuch", bridge: "br1", namespace: host })).rejects.toThrow(/failed to create bridge port "nosuch".*device "nosuch" does not exist/);
    });
});
