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
        // A one-line require of pulumi-linuxnet/dynamic/NetworkNamespace, not the provider by value.
        expect(state.inputs.__provider).toContain(`require("pulumi-linuxnet/dynamic/NetworkNamespace")`);
        expect(providerSize).toBeLessThanOrEqual(2048);

        const preview = await project.ok("preview");
        expect(changeCount(preview.changeSummary)).toBe(0);

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
