/**
 * Drift: changes made by hand behind Pulumi's back, one kind at a time, on a lab like the
 * walkthrough. Each must show in `pulumi preview --refresh` on the right resource (and field, for
 * in-place changes); `pulumi up --refresh` must heal it, after which a refreshing preview is empty
 * and traffic flows again.
 */
import { EngineProject, RunResult, changeCount } from "../helpers/engine";
import { report } from "../helpers/reliability";
import { useSandbox } from "../helpers/sandbox";

const sandbox = useSandbox();

const program = (prefix: string) => `
import * as linuxnet from "pulumi-linuxnet";
const br1 = new linuxnet.Bridge("br1", { name: "br1", mtu: 1500 });
const gateway = new linuxnet.Address("br1-address", { device: br1.name, address: "192.168.1.10/24" });
for (const i of [1, 2]) {
    const ns = new linuxnet.NetworkNamespace("ns" + i, { name: "${prefix}ns" + i });
    const veth = new linuxnet.VethPair("veth" + i, { name: "veth" + i, namespace: ns.name, peerName: "br-veth" + i, peerMaster: br1.name, mtu: 1500 });
    const address = new linuxnet.Address("ns" + i + "-address", { namespace: ns.name, device: veth.name, address: "192.168.1.1" + i + "/24" });
    new linuxnet.Route("ns" + i + "-default", { namespace: ns.name, destination: "default", gateway: "192.168.1.10" }, { dependsOn: [address, gateway] });
}
new linuxnet.MasqueradeRule("nat", { source: "192.168.1.0/24" });
// A VM's NIC on the bridge and a macvlan on it, as in examples/vm-lab.
new linuxnet.TapDevice("tap1", { name: "tap1", master: br1.name });
new linuxnet.Macvlan("mv1", { name: "mv1", parent: br1.name, mode: "bridge" });
new linuxnet.IpForwarding("forwarding", {});
`;

interface Drift {
    kind: string;
    make: (host: string, ns1: string, ns2: string) => string[];
    /** The resource the refreshing preview must change, how, and (for updates) on which field. */
    expect: { resource: string; op: string; field?: string };
}

const drifts: Drift[] = [
    { kind: "namespace deleted", make: (_h, _1, ns2) => ["ip", "netns", "delete", ns2], expect: { resource: "ns2", op: "create" } },
    { kind: "veth deleted", make: (_h, ns1) => ["ip", "-n", ns1, "link", "delete", "dev", "veth1"], expect: { resource: "veth1", op: "create" } },
    { kind: "link set down", make: (h) => ["ip", "-n", h, "link", "set", "dev", "br-veth2", "down"], expect: { resource: "veth2", op: "update", field: "peerUp" } },
    { kind: "MTU changed", make: (h) => ["ip", "-n", h, "link", "set", "dev", "br1", "mtu", "1400"], expect: { resource: "br1", op: "update", field: "mtu" } },
    { kind: "veth MTU changed", make: (_h, ns1) => ["ip", "-n", ns1, "link", "set", "dev", "veth1", "mtu", "9000"], expect: { resource: "veth1", op: "update", field: "mtu" } },
    { kind: "address removed", make: (_h, _1, ns2) => ["ip", "-n", ns2, "addr", "delete", "192.168.1.12/24", "dev", "veth2"], expect: { resource: "ns2-address", op: "create" } },
    { kind: "route removed", make: (_h, ns1) => ["ip", "-n", ns1, "route", "delete", "default"], expect: { resource: "ns1-default", op: "create" } },
    { kind: "route changed", make: (_h, ns1) => ["ip", "-n", ns1, "route", "replace", "default", "via", "192.168.1.12", "proto", "241"], expect: { resource: "ns1-default", op: "update", field: "gateway" } },
    {
        kind: "MASQUERADE rule deleted",
        make: (h) => ["ip", "netns", "exec", h, "iptables", "-w", "-t", "nat", "-D", "POSTROUTING", "-s", "192.168.1.0/24", "-m", "comment", "--comment", "managed-by=pulumi-linuxnet", "-j", "MASQUERADE"],
        expect: { resource: "nat", op: "create" },
    },
    { kind: "bridge port detached", make: (h) => ["ip", "-n", h, "link", "set", "dev", "br-veth1", "nomaster"], expect: { resource: "veth1", op: "update", field: "peerMaster" } },
    { kind: "forwarding switched off", make: (h) => ["ip", "netns", "exec", h, "sysctl", "-q", "-w", "net.ipv4.ip_forward=0"], expect: { resource: "forwarding", op: "update", field: "ipv4" } },
    { kind: "loopback down", make: (_h, ns1) => ["ip", "-n", ns1, "link", "set", "dev", "lo", "down"], expect: { resource: "ns1", op: "update", field: "loopbackUp" } },
    { kind: "tap detached from its bridge", make: (h) => ["ip", "-n", h, "link", "set", "dev", "tap1", "nomaster"], expect: { resource: "tap1", op: "update", field: "master" } },
    { kind: "tap deleted", make: (h) => ["ip", "-n", h, "tuntap", "del", "dev", "tap1", "mode", "tap"], expect: { resource: "tap1", op: "create" } },
    { kind: "macvlan mode changed", make: (h) => ["ip", "-n", h, "link", "set", "dev", "mv1", "type", "macvlan", "mode", "private"], expect: { resource: "mv1", op: "update", field: "mode" } },
    { kind: "macvlan deleted", make: (h) => ["ip", "-n", h, "link", "delete", "dev", "mv1"], expect: { resource: "mv1", op: "create" } },
    { kind: "bridge deleted", make: (h) => ["ip", "-n", h, "link", "delete", "dev", "br1"], expect: { resource: "br1", op: "create" } },
];

test(`${drifts.length} kinds of drift show on the right resource and field, and up --refresh heals each`, async () => {
    const host = await sandbox.namespace("drift-host");
    const [ns1, ns2] = [sandbox.name("ns1"), sandbox.name("ns2")];
    const project = new EngineProject(`drift-${sandbox.tag}`, program(sandbox.prefix));
    const config = { config: { "linuxnet:hostNamespace": host } };
    const failures: string[] = [];
    const step = (r: RunResult, name: string) => r.steps.find((s) => s.name === name);
    try {
        await project.ok("up", config);
        for (const drift of drifts) {
            await sandbox.run(drift.make(host, ns1, ns2));
            const preview = await project.ok("preview", { ...config, refresh: true });
            const seen = step(preview, drift.expect.resource);
            const healed = await project.ok("up", { ...config, refresh: true });
            const after = await project.ok("preview", { ...config, refresh: true });
            await sandbox.run(["ip", "netns", "exec", ns1, "ping", "-c", "1", "-W", "2", "192.168.1.12"]).catch(() => failures.push(`${drift.kind}: no traffic after healing`));
            const problems = [
                seen?.op !== drift.expect.op && `preview --refresh showed ${drift.expect.resource} as ${seen?.op ?? "untouched"}, expected ${drift.expect.op}`,
                drift.expect.field && !seen?.diffs.includes(drift.expect.field) && `preview --refresh showed fields ${JSON.stringify(seen?.diffs)}, expected ${drift.expect.field}`,
                !step(healed, drift.expect.resource) && "up --refresh did not touch the resource",
                changeCount(after.changeSummary) !== 0 && `still ${JSON.stringify(after.changeSummary)} after healing`,
            ].filter(Boolean);
            if (problems.length) failures.push(`${drift.kind}: ${problems.join("; ")}`);
        }
        await project.ok("destroy", config);
    } finally {
        await project.run("destroy", config);
        project.remove();
    }
    const leaked = (await sandbox.namespaces()).filter((n) => n !== host);
    report({ category: "drift", tried: drifts.length, passed: drifts.length - new Set(failures.map((f) => f.split(":")[0])).size, leaked, notes: [`kinds: ${drifts.map((d) => d.kind).join(", ")}`] });
    expect(failures).toEqual([]);
    expect(leaked).toEqual([]);
});
