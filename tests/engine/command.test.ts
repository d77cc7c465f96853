/**
 * Composition with `@pulumi/command` in one stack, through plain `pulumi` with the real command
 * provider plugin: examples/with-command as written, and a program where data flows both ways —
 * a `local.Command`'s output becomes a linuxnet input (a MAC address) and linuxnet outputs
 * become another command's input — with the engine's order read from its event log, and a change
 * that re-runs the commands through `triggers`.
 */
import * as path from "path";
import { EngineProject, RunResult, changeCount } from "../helpers/engine";
import { useSandbox } from "../helpers/sandbox";

const sandbox = useSandbox();
const EXAMPLES = path.join(__dirname, "../../examples");

const step = (result: RunResult, name: string) => {
    const found = result.steps.find((s) => s.name === name);
    if (!found) throw new Error(`no step for ${name} in ${JSON.stringify(result.steps.map((s) => s.name))}`);
    return found;
};

/** `first` finished (its outputs were known) before `second` started. */
const expectOrdered = (result: RunResult, first: string, second: string) => {
    expect(step(result, first).finished).toBeDefined();
    expect(step(result, first).finished!).toBeLessThan(step(result, second).started);
};

test("examples/with-command: the probe pings across the pair once the addresses exist", async () => {
    const project = EngineProject.fromDirectory(`example-with-command-${sandbox.tag}`, path.join(EXAMPLES, "with-command"));
    const options = { config: { "linuxnet-with-command:prefix": sandbox.prefix } };
    try {
        const up = await project.ok("up", options);
        expect(up.outputs.probeOutput).toMatch(/1 packets transmitted, 1 received/);
        expect((await sandbox.namespaces()).sort()).toEqual([sandbox.name("probe-a"), sandbox.name("probe-b")]);
        expectOrdered(up, "address-b", "probe");
        expect(changeCount((await project.ok("preview", options)).changeSummary)).toBe(0);
        await project.ok("destroy");
        expect(await sandbox.namespaces()).toEqual([]);
    } finally {
        await project.run("destroy");
        project.remove();
    }
});

const twoWays = (namespace: string) => `
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import * as linuxnet from "pulumi-linuxnet";

const seed = new pulumi.Config().requireNumber("seed");
// A command computes the MAC address (say, from an inventory); the veth pair takes it as input.
const mac = new command.local.Command("mac", {
    create: \`printf '02:00:5e:00:01:%02x' \${seed}\`,
    triggers: [seed],
});
const ns = new linuxnet.NetworkNamespace("ns", { name: "${namespace}" });
const cable = new linuxnet.VethPair("cable", { name: "c0", namespace: ns.name, peerName: "c1", peerNamespace: ns.name, mac: mac.stdout });
// Our outputs feed a command that reads the kernel back; it runs again when the MAC changes.
const show = new command.local.Command("show", {
    create: pulumi.interpolate\`ip -n \${ns.name} -j link show dev \${cable.name}\`,
    triggers: [cable.macAddress],
});
export const computed = mac.stdout;
export const macAddress = cable.macAddress;
export const shown = show.stdout;
`;

test("a command's output becomes a veth MAC, our outputs feed another command, and triggers re-run both", async () => {
    const namespace = sandbox.name("cmd");
    const project = new EngineProject(`command-${sandbox.tag}`, twoWays(namespace));
    try {
        const up = await project.ok("up", { config: { [`command-${sandbox.tag}:seed`]: "7" } });
        expect(up.outputs.computed).toBe("02:00:5e:00:01:07");
        expect(up.outputs.macAddress).toBe("02:00:5e:00:01:07");
        expect(JSON.parse(String(up.outputs.shown))[0].address).toBe("02:00:5e:00:01:07");
        expectOrdered(up, "mac", "cable");
        expectOrdered(up, "cable", "show");

        const change = await project.ok("up", { config: { [`command-${sandbox.tag}:seed`]: "9" } });
        expect(step(change, "mac").ops).toContain("create-replacement");
        expect(step(change, "cable")).toMatchObject({ op: "update", diffs: ["mac"] });
        expect(step(change, "show").ops).toContain("create-replacement");
        expect(step(change, "ns").op).toBe("same");
        expectOrdered(change, "cable", "show");
        expect(JSON.parse(String(change.outputs.shown))[0].address).toBe("02:00:5e:00:01:09");
        const link = JSON.parse(await sandbox.run(["ip", "-n", namespace, "-j", "link", "show", "dev", "c0"]));
        expect(link[0].address).toBe("02:00:5e:00:01:09");

        expect(changeCount((await project.ok("preview")).changeSummary)).toBe(0);
        await project.ok("destroy");
        expect(await sandbox.namespaces()).toEqual([]);
    } finally {
        await project.run("destroy");
        project.remove();
    }
});
