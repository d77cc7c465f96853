/**
 * Vxlan on the real kernel, between two namespaces that stand for two hosts joined by an underlay
 * veth: a bridge at each end with a VXLAN port makes one segment (a ping crosses it); create, read
 * back, update in place, delete twice; adopt our own, refuse a foreign one and our own made with
 * another VNI; bad combinations refused at check.
 */
import { providers } from "../../provider";
import { useSandbox } from "../helpers/sandbox";

const sandbox = useSandbox();
const vxlan = providers.Vxlan;
const link = async (ns: string, name: string) => JSON.parse(await sandbox.run(["ip", "-n", ns, "-d", "-j", "link", "show", "dev", name]))[0];
let a: string;
let b: string;

beforeAll(async () => {
    [a, b] = [await sandbox.namespace("vx-a"), await sandbox.namespace("vx-b")];
    await sandbox.run(["ip", "-n", a, "link", "add", "under0", "type", "veth", "peer", "name", "under0", "netns", b]);
    for (const [ns, underlay, overlay] of [[a, "10.77.0.1/24", "192.168.42.1/24"], [b, "10.77.0.2/24", "192.168.42.2/24"]]) {
        await sandbox.run(["ip", "-n", ns, "addr", "add", underlay, "dev", "under0"]);
        await sandbox.run(["ip", "-n", ns, "link", "set", "dev", "under0", "up"]);
        await sandbox.run(["ip", "-n", ns, "link", "add", "br0", "type", "bridge"]);
        await sandbox.run(["ip", "-n", ns, "link", "add", "br1", "type", "bridge"]);
        await sandbox.run(["ip", "-n", ns, "addr", "add", overlay, "dev", "br0"]);
        await sandbox.run(["ip", "-n", ns, "link", "set", "dev", "br0", "up"]);
    }
});

test("two ends on two bridges make one segment; read back; mtu, bridge and up in place; delete twice", async () => {
    const ends = [];
    for (const [ns, local, remote] of [[a, "10.77.0.1", "10.77.0.2"], [b, "10.77.0.2", "10.77.0.1"]]) {
        const inputs = (await vxlan.check!({}, { name: "vx42", namespace: ns, vni: 42, local, remote, master: "br0" })).inputs;
        const { outs } = await vxlan.create(inputs);
        expect(outs).toMatchObject({ vni: 42, dstport: 4789, learning: true, master: "br0", up: true });
        expect(await link(ns, "vx42")).toMatchObject({
            ifalias: "managed-by=pulumi-linuxnet", master: "br0",
            linkinfo: { info_kind: "vxlan", info_data: { id: 42, local, remote, port: 4789, learning: true } },
        });
        expect((await vxlan.read!("", outs)).props).toEqual(outs);
        ends.push(outs);
    }
    expect(await sandbox.run(["ip", "netns", "exec", a, "ping", "-c", "1", "-W", "2", "192.168.42.2"])).toContain("1 received");

    // In place: another bridge, another MTU, down; the VNI and peer stay, so no replace.
    const news = (await vxlan.check!(ends[0], { ...ends[0], master: "br1", mtu: 1400, up: false })).inputs;
    expect(await vxlan.diff!("", ends[0], news)).toMatchObject({ changes: true, replaces: [] });
    expect((await vxlan.diff!("", ends[0], { ...news, vni: 43 })).replaces).toContain("vni");
    const updated = (await vxlan.update!("", ends[0], news)).outs;
    expect(await link(a, "vx42")).toMatchObject({ master: "br1", mtu: 1400 });
    expect(updated).toMatchObject({ master: "br1", mtu: 1400, up: false });

    for (const outs of [updated, ends[1]]) {
        await vxlan.delete!("", outs);
        await vxlan.delete!("", outs);
    }
    expect(await sandbox.run(["ip", "-n", a, "link", "show", "type", "vxlan"])).toBe("");
});

test("adopts its own; refuses a foreign one, our own with another VNI, and another kind", async () => {
    const inputs = (await vxlan.check!({}, { name: "vx7", namespace: a, vni: 7, remote: "10.77.0.2" })).inputs;
    const first = await vxlan.create(inputs);
    expect((await vxlan.create(inputs)).outs.ifindex).toBe(first.outs.ifindex);
    const otherVni = (await vxlan.check!({}, { name: "vx7", namespace: a, vni: 8, remote: "10.77.0.2", adopt: true })).inputs;
    await expect(vxlan.create(otherVni)).rejects.toThrow(/failed to create vxlan device "vx7" .*already exists as another tunnel .*"vni":7.*wanted .*"vni":8/);
    await vxlan.delete!("", first.outs);

    await sandbox.run(["ip", "-n", a, "link", "add", "theirs", "type", "vxlan", "id", "9", "remote", "10.77.0.2", "dstport", "4789"]);
    await expect(vxlan.create((await vxlan.check!({}, { name: "theirs", namespace: a, vni: 9, remote: "10.77.0.2" })).inputs)).rejects.toThrow(/not created by pulumi-linuxnet.*adopt: true/);
    await expect(vxlan.create((await vxlan.check!({}, { name: "br1", namespace: a, vni: 9 })).inputs)).rejects.toThrow(/"br1" already exists but is a bridge device, not a vxlan device/);
    expect((await link(a, "theirs")).ifalias).toBeUndefined();
});

test.each([
    [{ vni: 0 }, "vni 0 must be a whole number from 1 to 16777215"],
    [{ vni: 16777216 }, "vni 16777216 must be a whole number from 1 to 16777215"],
    [{ vni: 5, remote: "10.0.0.2", group: "239.1.1.1", device: "under0" }, 'remote "10.0.0.2" and group "239.1.1.1" exclude each other'],
    [{ vni: 5, group: "10.0.0.9", device: "under0" }, 'group "10.0.0.9" is not a multicast address'],
    [{ vni: 5, group: "239.1.1.1" }, 'group "239.1.1.1" needs a device'],
    [{ vni: 5, remote: "239.1.1.1" }, 'remote "239.1.1.1" is a multicast address: use group'],
    [{ vni: 5, remote: "fd00::2", local: "10.0.0.1" }, 'local "10.0.0.1" and remote "fd00::2" are of different IP families'],
    [{ vni: 5, dstport: 0 }, "dstport 0 must be a whole number from 1 to 65535"],
    [{ vni: 5, remote: "10.0.0.300" }, 'remote "10.0.0.300" is not an IP address'],
])("check refuses %j", async (args, message) => {
    const { failures } = await vxlan.check!({}, { name: "vx5", ...args });
    expect((failures ?? []).map((f) => f.reason).join("\n")).toContain(message);
});
