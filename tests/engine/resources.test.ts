/**
 * Every resource through its whole life on the real Pulumi CLI, table-driven: up → preview shows
 * no changes → a mutable field changes → updated in place → an identity field changes → replaced,
 * deleting first → a change made by hand → refresh reports it on the right field (or the object
 * gone) → up heals it → destroy → nothing left.
 */
import { EngineProject, changeCount } from "../helpers/engine";
import { useSandbox } from "../helpers/sandbox";

const sandbox = useSandbox();

interface Lifecycle {
    resource: string;
    /** Program lines that create what the resource needs; `deps` must list them. `$HOST`/`$NS1`/`$PREFIX` are substituted. */
    prelude: string;
    /** Objects made by hand before the program runs (a device someone else owns, say). */
    handMade?: (host: string) => string[][];
    args: Record<string, unknown>;
    update: Record<string, unknown>;
    replace: Record<string, unknown>;
    /** A change made behind Pulumi's back, after the replacement. */
    drift: (host: string, ns1: string) => string[];
    /** The field refresh must report, or "delete" when the object is gone. */
    driftShowsOn: string;
}

const vethInHost = `const pair = new linuxnet.VethPair("pair", { name: "a", peerName: "b" });`;

const cases: Record<string, Lifecycle> = {
    Bridge: {
        resource: "Bridge",
        prelude: "const deps: pulumi.Resource[] = [];",
        args: { name: "br1", stp: false },
        update: { mtu: 1400, forwardDelay: 2 },
        replace: { name: "br2" },
        drift: (h) => ["ip", "-n", h, "link", "set", "dev", "br2", "down"],
        driftShowsOn: "up",
    },
    VethPair: {
        resource: "VethPair",
        prelude: `const br0 = new linuxnet.Bridge("br0", { name: "br0" }); const deps = [br0];`,
        args: { name: "veth1", namespace: "$NS1", peerName: "br-veth1", peerMaster: "br0" },
        update: { mtu: 1400, up: false },
        replace: { peerName: "br-veth9" },
        drift: (h) => ["ip", "-n", h, "link", "set", "dev", "br-veth9", "nomaster"],
        driftShowsOn: "peerMaster",
    },
    Address: {
        resource: "Address",
        prelude: `${vethInHost} const deps = [pair];`,
        args: { device: "a", address: "192.168.5.1/24" },
        update: { validLifetime: 7200 },
        replace: { address: "fd05::1/64" },
        drift: (h) => ["ip", "-n", h, "addr", "delete", "fd05::1/64", "dev", "a"],
        driftShowsOn: "delete",
    },
    Route: {
        resource: "Route",
        prelude: `${vethInHost} const addr = new linuxnet.Address("addr", { device: "a", address: "192.168.6.1/24" }, { dependsOn: [pair] }); const deps = [addr];`,
        args: { destination: "10.20.0.0/16", gateway: "192.168.6.2" },
        update: { gateway: "192.168.6.3" },
        replace: { metric: 10 },
        drift: (h) => ["ip", "-n", h, "route", "replace", "10.20.0.0/16", "via", "192.168.6.4", "metric", "10", "proto", "241"],
        driftShowsOn: "gateway",
    },
    MasqueradeRule: {
        resource: "MasqueradeRule",
        prelude: "const deps: pulumi.Resource[] = [];",
        args: { source: "192.168.7.0/24" },
        update: { comment: "lab nat" },
        replace: { source: "192.168.8.0/24", outInterface: "eth9" },
        drift: (h) => ["ip", "netns", "exec", h, "iptables", "-w", "-t", "nat", "-D", "POSTROUTING", "-s", "192.168.8.0/24", "-o", "eth9", "-m", "comment", "--comment", "managed-by=pulumi-linuxnet lab nat", "-j", "MASQUERADE"],
        driftShowsOn: "delete",
    },
    IpForwarding: {
        resource: "IpForwarding",
        prelude: "const deps: pulumi.Resource[] = [];",
        args: {},
        update: { ipv6: true },
        replace: { namespace: "$NS1" },
        drift: (_h, ns1) => ["ip", "netns", "exec", ns1, "sysctl", "-q", "-w", "net.ipv4.ip_forward=0"],
        driftShowsOn: "ipv4",
    },
    BridgePort: {
        resource: "BridgePort",
        prelude: `const br0 = new linuxnet.Bridge("br0", { name: "br0" }); const br1 = new linuxnet.Bridge("br1", { name: "br1" }); const deps = [br0, br1];`,
        handMade: (h) => [["ip", "-n", h, "tuntap", "add", "tapx", "mode", "tap"], ["ip", "-n", h, "tuntap", "add", "tapy", "mode", "tap"]],
        args: { device: "tapx", bridge: "br0", up: true },
        update: { bridge: "br1" },
        replace: { device: "tapy" },
        drift: (h) => ["ip", "-n", h, "link", "set", "dev", "tapy", "nomaster"],
        driftShowsOn: "bridge",
    },
    NamespaceHost: {
        resource: "NamespaceHost",
        prelude: `const br0 = new linuxnet.Bridge("br0", { name: "br0" }); const br1 = new linuxnet.Bridge("br1", { name: "br1" }); const deps = [br0, br1];`,
        args: { name: "$PREFIXnh", hostInterface: "nh0", bridge: "br0", addresses: ["192.168.9.2/24"], gateway: "192.168.9.1" },
        update: { bridge: "br1", addresses: ["192.168.9.2/24", "fd09::2/64"], gateway: "192.168.9.3", mtu: 1400 },
        replace: { hostInterface: "nh9" },
        drift: (h) => ["ip", "-n", h, "link", "set", "dev", "nh9", "nomaster"],
        driftShowsOn: "bridge",
    },
};

function program(c: Lifecycle, args: Record<string, unknown>, host: string, ns1: string): string {
    const substitute = (text: string) => text.replace(/\$HOST/g, host).replace(/\$NS1/g, ns1).replace(/\$PREFIX/g, sandbox.prefix);
    return `
import * as pulumi from "@pulumi/pulumi";
import * as linuxnet from "pulumi-linuxnet";
${substitute(c.prelude)}
const subject = new linuxnet.${c.resource}("subject", ${substitute(JSON.stringify(args))}, { dependsOn: deps });
export const id = subject.id;
`;
}

describe.each(Object.entries(cases))("%s through the real Pulumi CLI", (key, c) => {
    test("up, no-op preview, update in place, replace deleting first, drift, refresh, heal, destroy", async () => {
        const host = await sandbox.namespace(`${key.toLowerCase().slice(0, 8)}-h`);
        const ns1 = await sandbox.namespace(`${key.toLowerCase().slice(0, 8)}-1`);
        for (const argv of c.handMade?.(host) ?? []) await sandbox.run(argv);
        const project = new EngineProject(`res-${key.toLowerCase()}-${sandbox.tag}`, program(c, c.args, host, ns1));
        const config = { config: { "linuxnet:hostNamespace": host } };
        const subject = (r: { steps: { name: string; op: string; ops: string[]; diffs: string[] }[] }) => r.steps.find((s) => s.name === "subject");
        // Right after any up, a refreshing preview finds nothing: no step, and no output changed by itself.
        const quiet = async () => {
            const preview = await project.ok("preview", { ...config, refresh: true, expectNoChanges: true, diff: true });
            expect(changeCount(preview.changeSummary)).toBe(0);
            expect(preview.steps.filter((s) => s.refreshed?.length).map((s) => `${s.name}: ${s.refreshed!.join(", ")}`)).toEqual([]);
        };
        try {
            const up = await project.ok("up", config);
            expect(subject(up)?.op).toBe("create");
            await quiet();

            const updatedArgs = { ...c.args, ...c.update };
            project.setProgram(program(c, updatedArgs, host, ns1));
            const update = await project.ok("up", config);
            expect(subject(update)).toMatchObject({ op: "update", diffs: Object.keys(c.update).sort() });
            await quiet();

            project.setProgram(program(c, { ...updatedArgs, ...c.replace }, host, ns1));
            const replace = await project.ok("up", config);
            const ops = subject(replace)!.ops;
            expect(ops).toEqual(expect.arrayContaining(["delete-replaced", "create-replacement"]));
            expect(ops.indexOf("delete-replaced")).toBeLessThan(ops.indexOf("create-replacement"));
            await quiet();

            await sandbox.run(c.drift(host, ns1));
            const refresh = await project.ok("refresh", config);
            if (c.driftShowsOn === "delete") {
                expect(subject(refresh)?.op).toBe("delete");
            } else {
                expect(subject(refresh)).toMatchObject({ op: "update", diffs: [c.driftShowsOn] });
            }
            const heal = await project.ok("up", config);
            expect(changeCount(heal.changeSummary)).toBe(1);
            await quiet();
            const again = await project.ok("refresh", config);
            expect(subject(again)?.op).toBe("same");

            const destroy = await project.ok("destroy", config);
            expect(destroy.steps.every((s) => s.op === "delete")).toBe(true);
        } finally {
            await project.run("destroy", config);
            project.remove();
        }
    });
});
