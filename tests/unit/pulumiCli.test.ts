/**
 * The one way tools and tests run programs (tools/pulumiCli): the CLI's command lines, its
 * environment, and what is read back from event logs the real CLI wrote (fixtures captured from
 * `pulumi up|refresh --event-log` of a NetworkNamespace program).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { typeToken } from "../../provider/registry";
import { fileBackendDir, fileBackendUrl, operationArgs, pulumiCommand, readEvents, summariseEvents } from "../../tools/pulumiCli";

const request = { dir: "/lab", stack: "dev", backendDir: "/state", passphrase: "pw" };
const fixture = (name: string) => summariseEvents(readEvents(path.join(__dirname, `../fixtures/pulumi-events-${name}.jsonl`)));

describe("command lines, as a user types them", () => {
    test("up: --yes, settings saved with --config, flags; preview included unless skipped", () => {
        expect(operationArgs({ ...request, operation: "up", config: { "lab:hosts": "3", "linuxnet:hostNamespace": "h" }, refresh: true, parallel: 4 }))
            .toEqual(["up", "--stack", "dev", "--non-interactive", "--color", "never", "--yes", "--config", "lab:hosts=3", "--config", "linuxnet:hostNamespace=h", "--refresh", "--parallel", "4"]);
        expect(operationArgs({ ...request, operation: "up", skipPreview: true })).toContain("--skip-preview");
    });

    test("preview takes no --yes or --skip-preview; --diff and --expect-no-changes pass through", () => {
        expect(operationArgs({ ...request, operation: "preview", skipPreview: true, diff: true, expectNoChanges: true }))
            .toEqual(["preview", "--stack", "dev", "--non-interactive", "--color", "never", "--diff", "--expect-no-changes"]);
    });

    test("refresh and destroy read the saved settings instead of taking --config", () => {
        expect(operationArgs({ ...request, operation: "refresh", config: { "lab:hosts": "3" }, clearPendingCreates: true, skipPreview: true }))
            .toEqual(["refresh", "--stack", "dev", "--non-interactive", "--color", "never", "--yes", "--skip-preview", "--clear-pending-creates"]);
        expect(operationArgs({ ...request, operation: "destroy", config: { "lab:hosts": "3" }, expectNoChanges: true, refresh: true }))
            .toEqual(["destroy", "--stack", "dev", "--non-interactive", "--color", "never", "--yes"]);
    });

    test("the CLI is `pulumi` itself, with the event log, the file backend and the passphrase", () => {
        const { argv, env } = pulumiCommand({ ...request, operation: "up", env: { EXTRA: "1" } }, "/tmp/events.jsonl");
        expect(argv[0]).toBe("pulumi");
        expect(argv.slice(-2)).toEqual(["--event-log", "/tmp/events.jsonl"]);
        expect(env).toMatchObject({
            PULUMI_BACKEND_URL: "file:///state?metadata=skip", PULUMI_CONFIG_PASSPHRASE: "pw", PULUMI_DEBUG_COMMANDS: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true", NODE_OPTIONS: "", EXTRA: "1",
        });
    });

    test("the file backend is written without blob sidecars, and its directory is found again", () => {
        expect(fileBackendUrl("/state")).toBe("file:///state?metadata=skip");
        expect(fileBackendDir(fileBackendUrl("/state"))).toBe("/state");
        expect(fileBackendDir("file:///other")).toBe("/other");
        expect(() => fileBackendDir("s3://bucket")).toThrow(/only a local file backend/);
    });
});

describe("what the engine's event log says", () => {
    test("an update in place: one step, the changed input named, the summary and the stack's outputs", () => {
        const run = fixture("update");
        expect(run.steps.map((s) => [s.name, s.op, s.diffs])).toEqual([["ns", "update", ["loopbackUp"]]]);
        expect(run.steps[0].type).toBe(typeToken("NetworkNamespace"));
        expect(run.steps[0].olds).not.toHaveProperty("__provider");
        expect(run.changeSummary).toEqual({ same: 1, update: 1 });
        expect(run.outputs).toEqual({ inode: expect.any(Number) });
        expect(run.errors).toEqual([]);
    });

    test("a replacement keeps every half of it, in order, on one record", () => {
        const [step] = fixture("replace").steps;
        expect(step.ops).toEqual(["delete-replaced", "replace", "create-replacement"]);
        expect(step.diffs).toEqual(["name"]);
        expect(step.olds).toMatchObject({ name: "lnxt-t1-ns" });
        expect(step.news).toMatchObject({ name: "lnxt-t1-ns2" });
    });

    test("a refresh that found drift reports the outcome and the drifted output, not just 'refresh'", () => {
        const [step] = fixture("refresh").steps;
        expect(step.ops).toEqual(["refresh", "update"]);
        expect(step.diffs).toEqual(["loopbackUp"]);
        expect(step.refreshed).toEqual(["loopbackUp"]);
    });

    test("a failing program's error reaches the caller", () => {
        expect(fixture("fail").errors.join("\n")).toMatch(/boom: bad program/);
    });

    test("a last line cut short by a kill is left out; a broken line elsewhere is an error", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "events-"));
        const file = path.join(dir, "events.jsonl");
        fs.writeFileSync(file, '{"sequence":0}\n{"sequence":1,"summ');
        expect(readEvents(file)).toEqual([{ sequence: 0 }]);
        fs.writeFileSync(file, '{"seq\n{"sequence":1}\n');
        expect(() => readEvents(file)).toThrow();
        fs.rmSync(dir, { recursive: true });
    });
});
