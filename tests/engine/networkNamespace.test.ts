import { typeToken } from "../../provider/registry";
import { EngineProject, changeCount } from "../helpers/engine";
import { useSandbox } from "../helpers/sandbox";

const sandbox = useSandbox();

const program = (name: string, loopbackUp = true) => `
import * as linuxnet from "pulumi-linuxnet";
const ns = new linuxnet.NetworkNamespace("ns", { name: "${name}", loopbackUp: ${loopbackUp} });
export const inode = ns.inode;
export const nsName = ns.name;
`;

/** `__provider` as pulumi.dynamic.Resource serialises `() => require("pulumi-linuxnet/dynamic/<Type>")`. */
const CLOSURE_FORM = (type: string) =>
    `exports.handler = __f0;\nconst provider = require("pulumi-linuxnet/dynamic/${type}");\n\nfunction __f0() {\n  return (function() {\n    with({ this: undefined, arguments: undefined }) {\n\nreturn () => provider;\n\n    }\n  }).apply(undefined, undefined).apply(this, arguments);\n}\n`;

describe("NetworkNamespace through the real Pulumi CLI", () => {
    const name = sandbox.name("engine");
    const project = new EngineProject(`netns-${sandbox.tag}`, program(name));
    afterAll(async () => {
        await project.run("destroy");
        project.remove();
    });

    test("up, no-op preview, drift, refresh, heal, update, destroy", async () => {
        const up = await project.ok("up");
        expect(up.steps.map((s) => s.op)).toEqual(["create"]);
        expect(up.outputs.nsName).toBe(name);
        expect(await sandbox.namespaces()).toContain(name);

        const state = project.state().checkpoint.latest.resources!.find((r) => r.type === typeToken("NetworkNamespace"))!;
        const providerSize = String(state.inputs.__provider).length;
        process.stdout.write(`__provider in state: ${providerSize} bytes\n`);
        // A one-line require of pulumi-linuxnet/dynamic/NetworkNamespace: not the provider by value,
        // nor the closure frame pulumi.dynamic.Resource wraps around it (330 bytes).
        expect(state.inputs.__provider).toContain(`require("pulumi-linuxnet/dynamic/NetworkNamespace")`);
        expect(providerSize).toBeLessThanOrEqual(100);

        const preview = await project.ok("preview");
        expect(changeCount(preview.changeSummary)).toBe(0);

        // A state written by 0.1.0, whose resources were pulumi.dynamic.Resource's: the same
        // require inside a closure frame. Nothing to change (the preview's check and diff load the
        // program's new form), and the refresh below, which loads the provider the stored
        // outputs name, works with the old one.
        const written = project.state();
        const stored = written.checkpoint.latest.resources!.find((r) => r.type === typeToken("NetworkNamespace"))!;
        stored.inputs.__provider = stored.outputs.__provider = CLOSURE_FORM("NetworkNamespace");
        project.writeState(written);
        expect(changeCount((await project.ok("preview")).changeSummary)).toBe(0);

        await sandbox.run(["ip", "netns", "delete", name]);
        const refresh = await project.ok("refresh");
        expect(refresh.steps.find((s) => s.name === "ns")?.op).toBe("delete");

        const heal = await project.ok("up");
        expect(heal.steps.map((s) => s.op)).toEqual(["create"]);
        expect(await sandbox.namespaces()).toContain(name);
        expect(JSON.parse(await sandbox.run(["ip", "-n", name, "-j", "link", "show", "dev", "lo"]))[0].ifalias).toBe("managed-by=pulumi-linuxnet");

        project.setProgram(program(name, false));
        const update = await project.ok("up");
        expect(update.changeSummary).toMatchObject({ update: 1, same: 1 });
        expect(update.steps.find((s) => s.name === "ns")?.op).toBe("update");
        expect(JSON.parse(await sandbox.run(["ip", "-n", name, "-j", "link", "show", "dev", "lo"]))[0].flags).not.toContain("UP");

        const destroy = await project.ok("destroy");
        expect(destroy.steps.map((s) => s.op)).toEqual(["delete"]);
        expect(await sandbox.namespaces()).not.toContain(name);
    });
});
