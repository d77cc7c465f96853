/**
 * Foreign objects: namespaces, links (bridges, veths, taps, macvlans), addresses, routes and iptables rules that the stack does
 * not own, some with the very names the program wants. Pulumi must refuse each collision with an
 * error that says what collides and how to adopt it, change nothing of theirs through up and
 * destroy, and coexist with the ones whose names differ.
 */
import { EngineProject } from "../helpers/engine";
import { report } from "../helpers/reliability";
import { useSandbox } from "../helpers/sandbox";

const sandbox = useSandbox();

interface Collision {
    what: string;
    /** Makes the foreign object by hand in the sandbox host `h`. */
    make: (h: string, ns: string) => string[][];
    /** The program line that wants the same name. */
    program: (ns: string) => string;
    /** What the error must say. */
    message: RegExp;
}

const collisions: Collision[] = [
    {
        what: "namespace with the program's name",
        make: (_h, ns) => [["ip", "netns", "add", ns]],
        program: (ns) => `new linuxnet.NetworkNamespace("ns", { name: "${ns}" });`,
        message: /failed to create network namespace "lnxt-[^"]+-theirs" in the root namespace: it already exists and was not created by pulumi-linuxnet.*adopt: true/,
    },
    {
        what: "bridge with the program's name",
        make: (h) => [["ip", "-n", h, "link", "add", "name", "br1", "type", "bridge"]],
        program: () => `new linuxnet.Bridge("br1", { name: "br1" });`,
        message: /failed to create bridge "br1" in namespace "lnxt-[^"]+-host": it already exists and was not created by pulumi-linuxnet.*adopt: true/,
    },
    {
        what: "veth pair with the program's names",
        make: (h) => [["ip", "-n", h, "link", "add", "name", "v1", "type", "veth", "peer", "name", "v1p"]],
        program: () => `new linuxnet.VethPair("v1", { name: "v1", peerName: "v1p" });`,
        message: /failed to create veth pair "v1\/v1p".*not created by pulumi-linuxnet.*adopt: true/,
    },
    {
        what: "device of another kind with the bridge's name",
        make: (h) => [["ip", "-n", h, "link", "add", "name", "br2", "type", "veth", "peer", "name", "br2p"]],
        program: () => `new linuxnet.Bridge("br2", { name: "br2" });`,
        message: /"br2" already exists but is a veth device, not a bridge; it is left untouched/,
    },
    {
        what: "tap device with the program's name",
        make: (h) => [["ip", "-n", h, "tuntap", "add", "dev", "tap9", "mode", "tap"]],
        program: () => `new linuxnet.TapDevice("tap9", { name: "tap9" });`,
        message: /failed to create tap device "tap9" in namespace "lnxt-[^"]+-host": it already exists and was not created by pulumi-linuxnet.*adopt: true/,
    },
    {
        what: "macvlan with the program's name",
        make: (h) => [["ip", "-n", h, "link", "add", "name", "mvp0", "type", "bridge"], ["ip", "-n", h, "link", "add", "link", "mvp0", "name", "mv9", "type", "macvlan"]],
        program: () => `new linuxnet.Macvlan("mv9", { name: "mv9", parent: "mvp0" });`,
        message: /failed to create macvlan "mv9" in namespace "lnxt-[^"]+-host": it already exists and was not created by pulumi-linuxnet.*adopt: true/,
    },
    {
        what: "device of another kind with the tap device's name",
        make: (h) => [["ip", "-n", h, "link", "add", "name", "tap8", "type", "bridge"]],
        program: () => `new linuxnet.TapDevice("tap8", { name: "tap8" });`,
        message: /"tap8" already exists but is a bridge device, not a tap device; it is left untouched/,
    },
    {
        what: "address on a device we do not own",
        make: (h) => [["ip", "-n", h, "link", "add", "name", "t0", "type", "veth", "peer", "name", "t0p"], ["ip", "-n", h, "addr", "add", "10.77.0.1/24", "dev", "t0"]],
        program: () => `new linuxnet.Address("a", { device: "t0", address: "10.77.0.1/24" });`,
        message: /failed to create address "10.77.0.1\/24 on t0".*not created by pulumi-linuxnet.*adopt: true/,
    },
    {
        what: "route with the program's destination",
        make: (h) => [["ip", "-n", h, "link", "set", "dev", "t0", "up"], ["ip", "-n", h, "route", "add", "10.88.0.0/16", "dev", "t0"]],
        program: () => `new linuxnet.Route("r", { destination: "10.88.0.0/16", device: "t0" });`,
        message: /failed to create route "10.88.0.0\/16".*not created by pulumi-linuxnet.*adopt: true/,
    },
    {
        what: "hand-made MASQUERADE rule for the program's network",
        make: (h) => [["ip", "netns", "exec", h, "iptables", "-w", "-t", "nat", "-A", "POSTROUTING", "-s", "192.168.50.0/24", "-j", "MASQUERADE"]],
        program: () => `new linuxnet.MasqueradeRule("nat", { source: "192.168.50.0/24" });`,
        message: /failed to create masquerade rule "MASQUERADE 192.168.50.0\/24".*not created by pulumi-linuxnet.*adopt: true/,
    },
];

/** Foreign objects with names the program does not want: they must survive up and destroy untouched. */
const neighbours = (h: string) => [
    ["ip", "-n", h, "link", "add", "name", "other0", "type", "bridge"],
    ["ip", "-n", h, "route", "add", "10.99.0.0/16", "dev", "t0"],
    ["ip", "netns", "exec", h, "iptables", "-w", "-t", "nat", "-A", "POSTROUTING", "-s", "10.99.0.0/16", "-j", "MASQUERADE"],
    ["ip", "netns", "exec", h, "iptables", "-w", "-t", "nat", "-I", "POSTROUTING", "1", "-d", "10.98.0.0/16", "-j", "RETURN"],
];

async function hostState(h: string, ns: string): Promise<string> {
    const ip = (...args: string[]) => sandbox.run(["ip", "-n", h, ...args]);
    return [
        await ip("-d", "-j", "link", "show"),
        (await ip("-j", "addr", "show")).replace(/"(valid|preferred)_life_time":\d+/g, ""),
        await ip("-N", "-j", "route", "show", "table", "all"),
        await sandbox.run(["ip", "netns", "exec", h, "iptables", "-w", "-t", "nat", "-S"]),
        await sandbox.run(["ip", "-n", ns, "-d", "-j", "link", "show"]),
    ].join("\n");
}

test(`${collisions.length} collisions with foreign objects are refused with how to adopt, and nothing foreign changes`, async () => {
    const host = await sandbox.namespace("host");
    const theirs = sandbox.name("theirs");
    for (const c of collisions) for (const argv of c.make(host, theirs)) await sandbox.run(argv);
    for (const argv of neighbours(host)) await sandbox.run(argv);
    const before = await hostState(host, theirs);
    const config = { config: { "linuxnet:hostNamespace": host } };
    const failures: string[] = [];
    const project = new EngineProject(`foreign-${sandbox.tag}`, "");
    try {
        for (const c of collisions) {
            project.setProgram(`import * as linuxnet from "pulumi-linuxnet";\n${c.program(theirs)}\n`);
            const up = await project.run("up", config);
            const output = `${up.stdout}\n${up.stderr}`;
            if (up.exitCode === 0) failures.push(`${c.what}: up succeeded`);
            else if (!c.message.test(output)) failures.push(`${c.what}: message did not match ${c.message}:\n${output.slice(-1200)}`);
            await project.ok("destroy", config);
        }
        // A program with names of its own coexists with all of theirs, in the same chain and table.
        project.setProgram(`
import * as linuxnet from "pulumi-linuxnet";
const br = new linuxnet.Bridge("mine", { name: "mine0" });
new linuxnet.Address("mine-address", { device: br.name, address: "10.66.0.1/24" });
new linuxnet.Route("mine-route", { destination: "10.67.0.0/16", device: br.name }, { dependsOn: [br] });
new linuxnet.MasqueradeRule("mine-nat", { source: "10.66.0.0/24" });
`);
        await project.ok("up", config);
        await project.ok("destroy", config);
    } finally {
        await project.run("destroy", config);
        project.remove();
    }
    const after = await hostState(host, theirs);
    if (after !== before) failures.push("foreign objects changed");
    report({
        category: "foreign objects",
        tried: collisions.length + 1,
        passed: collisions.length + 1 - failures.length,
        leaked: [],
        notes: [`collisions: ${collisions.map((c) => c.what).join("; ")}`, "plus a program of its own beside 4 foreign neighbours (bridge, route, 2 rules)"],
    });
    expect(failures).toEqual([]);
    expect(after).toBe(before);
});
