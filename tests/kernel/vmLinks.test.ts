/**
 * The links a VM lab adds, on the real kernel inside throwaway namespaces: a persistent tap (what
 * QEMU opens) and a macvlan made on its parent and put straight into another namespace. Each:
 * create, read back, update in place, delete twice; adopt our own, refuse a foreign one and a
 * device of another kind; bad inputs refused at check.
 */
import { providers } from "../../provider";
import { useSandbox } from "../helpers/sandbox";

const sandbox = useSandbox();
const link = async (ns: string, name: string) => JSON.parse(await sandbox.run(["ip", "-n", ns, "-d", "-j", "link", "show", "dev", name]))[0];
const links = async (ns: string) => (JSON.parse(await sandbox.run(["ip", "-n", ns, "-j", "link", "show"])) as { ifname: string }[]).map((l) => l.ifname);

describe("TapDevice on the real kernel", () => {
    const tap = providers.TapDevice;
    let host: string;
    beforeAll(async () => {
        host = await sandbox.namespace("tap-host");
        await sandbox.run(["ip", "-n", host, "link", "add", "br0", "type", "bridge"]);
        await sandbox.run(["ip", "-n", host, "link", "add", "br1", "type", "bridge"]);
    });

    test("create (owner, queues, virtio header), read back, update in place, delete twice", async () => {
        const inputs = (await tap.check!({}, { name: "tap-vm1", namespace: host, user: 0, group: "root", multiQueue: true, vnetHdr: true, master: "br0" })).inputs;
        const { outs } = await tap.create(inputs);
        expect(outs).toMatchObject({ name: "tap-vm1", mode: "tap", user: "0", group: "root", multiQueue: true, vnetHdr: true, master: "br0", up: true });
        expect(await link(host, "tap-vm1")).toMatchObject({
            ifalias: "managed-by=pulumi-linuxnet", master: "br0",
            linkinfo: { info_kind: "tun", info_data: { type: "tap", multi_queue: true, vnet_hdr: true, persist: true } },
        });
        expect((await tap.read!("", outs)).props).toEqual(outs);

        const news = (await tap.check!(outs, { ...inputs, master: "br1", mtu: 9000, mac: "02:00:00:00:00:51", up: false })).inputs;
        const diff = await tap.diff!("", outs, news);
        expect(diff).toMatchObject({ changes: true, replaces: [] });
        const updated = (await tap.update!("", outs, news)).outs;
        expect(updated).toMatchObject({ master: "br1", mtu: 9000, mac: "02:00:00:00:00:51", macAddress: "02:00:00:00:00:51", up: false });
        expect(await link(host, "tap-vm1")).toMatchObject({ master: "br1", mtu: 9000, address: "02:00:00:00:00:51" });

        // Removing master from the program takes the device off the bridge.
        const off = (await tap.check!(updated, { ...inputs, master: undefined, mtu: 9000 })).inputs;
        const detached = (await tap.update!("", updated, off)).outs;
        expect((await link(host, "tap-vm1")).master).toBeUndefined();
        expect(detached.master).toBeUndefined();

        // What ip tuntap fixed at creation replaces the device.
        expect((await tap.diff!("", detached, { ...off, vnetHdr: false })).replaces).toEqual(["vnetHdr"]);

        await tap.delete!("", detached);
        expect(await links(host)).not.toContain("tap-vm1");
        await tap.delete!("", detached);
        expect(await tap.read!("", detached)).toEqual({});
    });

    test("a tun device: IP packets, no bridge, no MAC", async () => {
        const { outs } = await tap.create((await tap.check!({}, { name: "tun0", namespace: host, mode: "tun" })).inputs);
        expect((await link(host, "tun0")).linkinfo.info_data).toMatchObject({ type: "tun" });
        await tap.delete!("", outs);
        const bad = await tap.check!({}, { name: "tun1", namespace: host, mode: "tun", master: "br0", mac: "02:00:00:00:00:01" });
        expect(bad.failures!.map((f) => f.reason)).toEqual([
            'master "br0" needs mode "tap": a tun device carries IP packets, which a bridge cannot switch',
            'mac "02:00:00:00:00:01" needs mode "tap": a tun device has no MAC address',
        ]);
        const owner = await tap.check!({}, { name: "tap9", namespace: host, user: "Bad User" });
        expect(owner.failures!.map((f) => f.reason)).toEqual(['user "Bad User" is not a user or group: use a name (lower-case letters, digits, "_" and "-") or a number']);
    });

    test("adopts its own, refuses a foreign tap and a device of another kind", async () => {
        const first = await tap.create((await tap.check!({}, { name: "tap-own", namespace: host })).inputs);
        const again = await tap.create((await tap.check!({}, { name: "tap-own", namespace: host })).inputs);
        expect(again.outs.ifindex).toBe(first.outs.ifindex);
        // Our own device made with other fixed settings (a tun where a tap is wanted) is not taken over.
        const tunInputs = (await tap.check!({}, { name: "tap-own", namespace: host, mode: "tun", adopt: true })).inputs;
        await expect(tap.create(tunInputs)).rejects.toThrow(/failed to create tap device "tap-own" .*: "tap-own" already exists with mode tap \(wanted tun\), fixed when it was made; it is left untouched/);
        expect((await link(host, "tap-own")).linkinfo.info_data.type).toBe("tap");
        await tap.delete!("", again.outs);

        await sandbox.run(["ip", "-n", host, "tuntap", "add", "dev", "theirs", "mode", "tap"]);
        await expect(tap.create((await tap.check!({}, { name: "theirs", namespace: host })).inputs)).rejects.toThrow(/failed to create tap device "theirs" in namespace ".*": it already exists and was not created by pulumi-linuxnet.*adopt: true/);
        await expect(tap.create((await tap.check!({}, { name: "br0", namespace: host })).inputs)).rejects.toThrow(/"br0" already exists but is a bridge device, not a tap device/);
        expect(await links(host)).toEqual(expect.arrayContaining(["theirs", "br0"]));
        expect((await link(host, "theirs")).ifalias).toBeUndefined();
        const adopted = await tap.create((await tap.check!({}, { name: "theirs", namespace: host, adopt: true })).inputs);
        await tap.delete!("", adopted.outs);
        expect(await links(host)).not.toContain("theirs");
    });
});

describe("Macvlan on the real kernel", () => {
    const mv = providers.Macvlan;
    let host: string;
    let inner: string;
    beforeAll(async () => {
        host = await sandbox.namespace("mv-host");
        inner = await sandbox.namespace("mv-inner");
        await sandbox.run(["ip", "-n", host, "link", "add", "uplink", "type", "veth", "peer", "name", "uplink-peer"]);
        await sandbox.run(["ip", "-n", host, "link", "set", "dev", "uplink", "up"]);
    });

    test("made on its parent straight into another namespace; mode, mtu, mac in place; delete twice", async () => {
        const inputs = (await mv.check!({}, { name: "mv0", parent: "uplink", parentNamespace: host, namespace: inner })).inputs;
        const { outs } = await mv.create(inputs);
        expect(outs).toMatchObject({ name: "mv0", mode: "bridge", up: true, macAddress: expect.stringMatching(/^[0-9a-f:]{17}$/) });
        expect(await links(host)).not.toContain("mv0");
        expect(await link(inner, "mv0")).toMatchObject({ ifalias: "managed-by=pulumi-linuxnet", linkinfo: { info_kind: "macvlan", info_data: { mode: "bridge" } } });
        expect((await mv.read!("", outs)).props).toEqual(outs);

        const news = (await mv.check!(outs, { ...inputs, mode: "private", mtu: 1400, mac: "02:00:00:00:00:61" })).inputs;
        expect(await mv.diff!("", outs, news)).toMatchObject({ changes: true, replaces: [] });
        const updated = (await mv.update!("", outs, news)).outs;
        expect(updated).toMatchObject({ mode: "private", mtu: 1400, macAddress: "02:00:00:00:00:61" });
        expect(await link(inner, "mv0")).toMatchObject({ mtu: 1400, address: "02:00:00:00:00:61", linkinfo: { info_data: { mode: "private" } } });
        expect((await mv.diff!("", updated, { ...news, parent: "other" })).replaces).toEqual(["parent"]);

        await mv.delete!("", updated);
        expect(await links(inner)).not.toContain("mv0");
        await mv.delete!("", updated);
        expect(await mv.read!("", updated)).toEqual({});
    });

    test("goes with its parent: deleting the parent deletes it, and read says it is gone", async () => {
        await sandbox.run(["ip", "-n", host, "link", "add", "up2", "type", "veth", "peer", "name", "up2-peer"]);
        const { outs } = await mv.create((await mv.check!({}, { name: "mv2", parent: "up2", parentNamespace: host, namespace: inner })).inputs);
        await sandbox.run(["ip", "-n", host, "link", "delete", "dev", "up2"]);
        expect(await mv.read!("", outs)).toEqual({});
        await mv.delete!("", outs);
    });

    test("adopts its own, refuses a foreign macvlan and a device of another kind", async () => {
        const first = await mv.create((await mv.check!({}, { name: "mv3", parent: "uplink", parentNamespace: host, namespace: host })).inputs);
        const again = await mv.create((await mv.check!({}, { name: "mv3", parent: "uplink", parentNamespace: host, namespace: host })).inputs);
        expect(again.outs.ifindex).toBe(first.outs.ifindex);
        await mv.delete!("", again.outs);

        await sandbox.run(["ip", "-n", host, "link", "add", "link", "uplink", "name", "theirs", "type", "macvlan"]);
        await expect(mv.create((await mv.check!({}, { name: "theirs", parent: "uplink", parentNamespace: host, namespace: host })).inputs)).rejects.toThrow(/failed to create macvlan "theirs" in namespace ".*": it already exists and was not created by pulumi-linuxnet/);
        await expect(mv.create((await mv.check!({}, { name: "uplink-peer", parent: "uplink", parentNamespace: host, namespace: host })).inputs)).rejects.toThrow(/"uplink-peer" already exists but is a veth device, not a macvlan/);
        expect((await link(host, "theirs")).ifalias).toBeUndefined();
    });
});
