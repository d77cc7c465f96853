/**
 * `npm run demo` as a new user runs it (the compiled demo script, with its namespaces under this
 * test's prefix and its own state directory): the lab comes up and every ping passes, a second
 * run is a no-op, and `npm run demo:destroy` removes everything.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { runPulumi } from "../../tools/pulumiCli";
import { useSandbox } from "../helpers/sandbox";

const sandbox = useSandbox();
const ROOT = path.resolve(__dirname, "../..");
const run = promisify(execFile);

test("npm run demo builds and proves the lab, is a no-op the second time, and tears down", async () => {
    const state = path.join(ROOT, "tests/.work", `demo-${sandbox.tag}`);
    fs.mkdirSync(state, { recursive: true });
    const stack = `test-${sandbox.tag}`;
    const env = { ...process.env, NODE_OPTIONS: "", LINUXNET_DEMO_STATE: state, LINUXNET_DEMO_PREFIX: sandbox.prefix, LINUXNET_DEMO_STACK: stack };
    const demo = (operation: string) => run(process.execPath, [path.join(ROOT, "dist/tools/demo.js"), operation], { env, cwd: ROOT, maxBuffer: 32 << 20 });
    try {
        const first = (await demo("up")).stdout;
        expect(first).toMatch(/Built in [\d.]+ s: 17 created/);
        expect(first.match(/^ {2}ok {3}/gm)).toHaveLength(6);
        expect(first).toContain("the machine's root namespace: links, routes and iptables unchanged");
        expect(first).toContain("Tear down: npm run demo:destroy");
        // Right after the demo, a refreshing preview finds the kernel exactly as the state says.
        const check = await runPulumi({
            operation: "preview", dir: ROOT, stack, backendDir: state, passphrase: "linuxnet-demo", refresh: true, expectNoChanges: true, diff: true,
        });
        expect(check.exitCode).toBe(0);
        expect(check.steps.filter((s) => s.op !== "same" && s.op !== "refresh")).toEqual([]);
        expect(check.steps.filter((s) => s.refreshed?.length).map((s) => `${s.name}: ${s.refreshed!.join(", ")}`)).toEqual([]);

        const second = (await demo("up")).stdout;
        expect(second).toContain("No changes: the lab was already up (17 resources unchanged).");

        const teardown = (await demo("destroy")).stdout;
        expect(teardown).toContain("removed 17 resources; the lab is gone.");
        expect(await sandbox.namespaces()).toEqual([]);
    } finally {
        await demo("destroy").catch(() => undefined);
        fs.rmSync(state, { recursive: true, force: true });
        // The stack's settings file sits beside the root Pulumi.yaml; the user's own demo stack is never touched.
        fs.rmSync(path.join(ROOT, `Pulumi.${stack}.yaml`), { force: true });
    }
});
