/**
 * No hidden drift after any change. The kernel removes objects with what they sit on — a link's
 * addresses and routes with the link, everything in a namespace with it, a bridge's ports come off
 * with it, routes through a device with its last IPv4 address. One lab with dependents of every
 * kind on every parent kind, then one change at a time that replaces a parent (or moves it); after
 * each, `pulumi preview --refresh --expect-no-changes` must pass (the kernel is what the state
 * says) and traffic must cross the affected path. And a program that makes its own host namespace
 * and leaves `namespace` unset everywhere builds from empty every time.
 */
import { EngineProject, RunOptions } from "../helpers/engine";
import { useSandbox } from "../helpers/sandbox";

const sandbox = useSandbox();

/**
 * The lab, inside a host namespace the program makes itself (and names in linuxnet:hostNamespace,
 * so objects without a namespace go there):
 *
 *   ns  [eth0 10.40.0.2/24, default via .1] ── [p0] br (10.40.0.1/24) ── NAT, forwarding ── wan0 ── [eth0 198.51.100.2/24] wan
 *   h   NamespaceHost (eth0 10.40.0.3/24, lo 10.99.0.1/32) ──────┘ │
 *   tap: a link made by hand, on br through a BridgePort ──────────┘
 */
const program = `
import * as pulumi from "@pulumi/pulumi";
import * as linuxnet from "pulumi-linuxnet";

const c = new pulumi.Config();
const p = c.require("prefix");
new linuxnet.NetworkNamespace("host", { name: new pulumi.Config("linuxnet").require("hostNamespace") });
const ns = new linuxnet.NetworkNamespace("ns", { name: p + c.get("nsName") });
const br = new linuxnet.Bridge("br", { name: c.get("bridgeName")! });
const brAddress = new linuxnet.Address("br-address", { device: br.name, address: "10.40.0.1/24" });
const cable = new linuxnet.VethPair("cable", { name: "eth0", namespace: ns.name, peerName: c.get("peerName")!, peerMaster: br.name });
const address = new linuxnet.Address("address", { namespace: ns.name, device: cable.name, address: c.get("address")! });
new linuxnet.Route("default", { namespace: ns.name, destination: "default", gateway: "10.40.0.1" }, { dependsOn: [address, brAddress] });
const h = new linuxnet.NamespaceHost("h", { name: p + "h", interface: c.get("hostInterface")!, hostInterface: "lab-h", bridge: br.name, addresses: ["10.40.0.3/24"], gateway: "10.40.0.1" });
new linuxnet.Address("h-loopback", { namespace: h.name, device: "lo", address: "10.99.0.1/32" });
const wan = new linuxnet.NetworkNamespace("wan", { name: p + "wan" });
const uplink = new linuxnet.VethPair("uplink", { name: "wan0", peerName: "eth0", peerNamespace: wan.name });
new linuxnet.Address("uplink-address", { device: uplink.name, address: "198.51.100.1/24" });
new linuxnet.Address("wan-address", { namespace: wan.name, device: uplink.peerName, address: "198.51.100.2/24" });
new linuxnet.MasqueradeRule("nat", { source: "10.40.0.0/24", outInterface: uplink.name });
new linuxnet.IpForwarding("forwarding", { namespace: c.get("forwardingIn") === "wan" ? wan.name : undefined });
const portDevice = c.get("portDevice");
if (portDevice) new linuxnet.BridgePort("port", { device: portDevice, bridge: br.name });
`;

interface Step {
    /** What is replaced or moved, and what sits on it. */
    title: string;
    settings: Record<string, string>;
    /** Pings that must pass afterwards: [from namespace (suffix), to address]. */
    pings: [string, string][];
}

const start = { nsName: "a", bridgeName: "br0", peerName: "p0", address: "10.40.0.2/24", hostInterface: "eth0", forwardingIn: "host" };
const steps: Step[] = [
    { title: "a BridgePort for a device made by hand", settings: { portDevice: "tap1" }, pings: [["a", "10.40.0.3"], ["h", "10.40.0.2"], ["a", "198.51.100.2"], ["h", "198.51.100.2"]] },
    { title: "Address replaced (the namespace's only IPv4 address): the default route through it", settings: { address: "10.40.0.5/24" }, pings: [["a", "198.51.100.2"], ["h", "10.40.0.5"]] },
    { title: "VethPair replaced by its bridge-side end: the address and route on its other end, its port on the bridge", settings: { peerName: "p1" }, pings: [["a", "198.51.100.2"], ["h", "10.40.0.5"]] },
    { title: "Bridge replaced (renamed): its address, every port, the routes via its address", settings: { bridgeName: "br1" }, pings: [["a", "10.40.0.3"], ["h", "198.51.100.2"]] },
    { title: "NetworkNamespace replaced: the cable end, address and route inside it", settings: { nsName: "b" }, pings: [["b", "198.51.100.2"], ["h", "10.40.0.5"]] },
    { title: "NamespaceHost replaced (its interface): the address inside its namespace", settings: { hostInterface: "eth1" }, pings: [["h", "10.99.0.1"], ["b", "10.40.0.3"], ["h", "198.51.100.2"]] },
    { title: "BridgePort replaced (another device): the old device comes off, the new one goes on", settings: { portDevice: "tap2" }, pings: [["b", "10.40.0.3"]] },
    { title: "IpForwarding moved to another namespace, and back", settings: { forwardingIn: "wan" }, pings: [["b", "10.40.0.3"]] },
    { title: "IpForwarding back in the host namespace", settings: { forwardingIn: "host" }, pings: [["b", "10.40.0.3"], ["h", "10.40.0.5"], ["b", "198.51.100.2"], ["h", "198.51.100.2"]] },
];

test("after every change that replaces or moves a parent, the kernel is what the state says and traffic flows", async () => {
    const host = sandbox.name("host");
    const project = new EngineProject(`cascades-${sandbox.tag}`, program);
    let settings: Record<string, string> = { ...start };
    const options = (): RunOptions => ({
        config: {
            ...Object.fromEntries(Object.entries(settings).map(([k, v]) => [`cascades-${sandbox.tag}:${k}`, v])),
            [`cascades-${sandbox.tag}:prefix`]: sandbox.prefix,
            "linuxnet:hostNamespace": host,
        },
    });
    const ping = (from: string, to: string) => sandbox.run(["ip", "netns", "exec", sandbox.name(from), "ping", "-c", "1", "-W", "2", to]);
    const handMade = async (name: string) => {
        // A device someone else made (a VM's tap, say), for the BridgePort.
        await sandbox.run(["ip", "-n", host, "link", "add", name, "type", "veth", "peer", "name", `${name}-peer`]);
    };
    const problems: string[] = [];
    try {
        // The host namespace is made by the program; the hand-made devices need it first.
        await project.ok("up", options());
        await handMade("tap1");
        await handMade("tap2");
        for (const step of steps) {
            settings = { ...settings, ...step.settings };
            const up = await project.run("up", options());
            if (up.exitCode !== 0) {
                problems.push(`${step.title}: up failed: ${up.errors.join("\n")}`);
                continue;
            }
            const check = await project.run("preview", { ...options(), refresh: true, expectNoChanges: true, diff: true });
            if (check.exitCode !== 0) problems.push(`${step.title}: the kernel differs from the state:\n${check.stdout.slice(-3000)}`);
            const drifted = check.steps.filter((s) => s.refreshed?.length).map((s) => `${s.name}: ${s.refreshed!.join(", ")}`);
            if (drifted.length) problems.push(`${step.title}: outputs changed in the kernel: ${drifted.join("; ")}`);
            // A replaced link comes back with a new MAC, which its neighbours would learn only when
            // their cached entry ages out (15-45 s; the README says so): start from empty caches.
            for (const ns of await sandbox.namespaces()) await sandbox.run(["ip", "-n", ns, "neigh", "flush", "all"]);
            for (const [from, to] of step.pings) {
                await ping(from, to).catch(() => problems.push(`${step.title}: no traffic ${from} -> ${to}`));
            }
        }
        expect(problems).toEqual([]);
        await project.ok("destroy");
        // The host namespace was the program's too: nothing is left.
        expect(await sandbox.namespaces()).toEqual([]);
    } finally {
        await project.run("destroy");
        project.remove();
    }
});

test("a program that makes its own host namespace and leaves namespace unset everywhere builds from empty, 10 times of 10", async () => {
    const host = sandbox.name("own-host");
    const project = new EngineProject(`own-host-${sandbox.tag}`, `
import * as pulumi from "@pulumi/pulumi";
import * as linuxnet from "pulumi-linuxnet";

new linuxnet.NetworkNamespace("host", { name: new pulumi.Config("linuxnet").require("hostNamespace") });
const br = new linuxnet.Bridge("br", { name: "br0" });
new linuxnet.Address("br-address", { device: br.name, address: "10.41.0.1/24" });
new linuxnet.VethPair("cable", { name: "c0", peerName: "c1", master: br.name });
new linuxnet.MasqueradeRule("nat", { source: "10.41.0.0/24" });
new linuxnet.IpForwarding("forwarding", {});
`);
    const options = { config: { "linuxnet:hostNamespace": host } };
    const failures: string[] = [];
    try {
        for (let i = 0; i < 10; i++) {
            const up = await project.run("up", options);
            if (up.exitCode !== 0) failures.push(`run ${i + 1}: ${up.errors.join("\n")}`);
            await project.ok("destroy");
        }
        expect(failures).toEqual([]);
    } finally {
        await project.run("destroy");
        project.remove();
    }
});

test("a NetworkNamespace for the host namespace made after resources that go into it is refused, saying what to do", async () => {
    const project = new EngineProject(`late-host-${sandbox.tag}`, `
import * as pulumi from "@pulumi/pulumi";
import * as linuxnet from "pulumi-linuxnet";

new linuxnet.Bridge("br", { name: "br0" });
new linuxnet.NetworkNamespace("host", { name: new pulumi.Config("linuxnet").require("hostNamespace") });
`);
    try {
        const preview = await project.run("preview", { config: { "linuxnet:hostNamespace": sandbox.name("late") } });
        expect(preview.exitCode).not.toBe(0);
        expect(preview.stdout).toContain(`the NetworkNamespace "${sandbox.name("late")}" is the host namespace (linuxnet:hostNamespace), but 1 resource(s) without a namespace were made before it`);
    } finally {
        project.remove();
    }
});
