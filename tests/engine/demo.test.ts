/**
 * `npm run demo` as a new user runs it (the compiled demo script, with its namespaces under this
 * test's prefix and its own state directory): the lab comes up and every ping passes, a second
 * run is a no-op, and `npm run demo:destroy` removes everything. And the same as a user who is
 * not root, with the README's sudoers line.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { runPulumi } from "../../tools/pulumiCli";
import { useSandbox } from "../helpers/sandbox";
import { NON_ROOT, NON_ROOT_UID, PRIVATE_MACHINE_MOUNTS, writeTestUsers } from "../helpers/sshHosts";

const sandbox = useSandbox();
const ROOT = path.resolve(__dirname, "../..");
const run = promisify(execFile);

test("npm run demo builds and proves the lab, is a no-op the second time, and tears down", async () => {
    const state = path.join(ROOT, "tests/.work", `demo-${sandbox.tag}`);
    fs.mkdirSync(state, { recursive: true });
    const stack = `test-${sandbox.tag}`;
    const env = { ...process.env, NODE_OPTIONS: "", LINUXNET_DEMO_STATE: state, LINUXNET_DEMO_PREFIX: sandbox.prefix, LINUXNET_DEMO_STACK: stack };
    const demo = (operation: string) => run(process.execPath, [path.join(ROOT, "dist/scripts/demo.js"), operation], { env, cwd: ROOT, maxBuffer: 32 << 20 });
    try {
        const first = (await demo("up")).stdout;
        expect(first).toMatch(/Built in [\d.]+ s: 17 created/);
        expect(first.match(/^ {2}ok {3}/gm)).toHaveLength(6);
        expect(first).toContain("the machine's root namespace: no link, route or rule of pulumi-linuxnet added");
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

/**
 * The user who is not root exists only in a private mount namespace (tests/helpers/sshHosts.ts:
 * its own /etc/passwd and /etc/sudoers.d, and a private /run/netns, so the lab's namespaces vanish
 * with it), with a copy of the demo it owns, as a user's own checkout would be. The Pulumi CLI,
 * Node.js and node_modules are this checkout's, bind-mounted where the user can reach them (they
 * sit under root's private home here), not copied.
 */
test("a user who is not root runs the demo, every kernel command through sudo -n, and tears it down", async () => {
    const dir = path.join(os.tmpdir(), `linuxnet-user-${sandbox.tag}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { mode: 0o711 });
    try {
        writeTestUsers(dir);
        const repo = path.join(dir, "repo");
        for (const f of ["Pulumi.yaml", "package.json", "tsconfig.json"]) fs.cpSync(path.join(ROOT, f), path.join(repo, f));
        for (const d of ["demo", "dist"]) fs.cpSync(path.join(ROOT, d), path.join(repo, d), { recursive: true });
        for (const d of ["repo/node_modules", "home", "pulumi-bin", "node-bin"]) fs.mkdirSync(path.join(dir, d), { recursive: true });
        for (const d of ["repo", "home"]) await run("chown", ["-R", `${NON_ROOT_UID}:${NON_ROOT_UID}`, path.join(dir, d)]);
        fs.chmodSync(path.join(dir, "home"), 0o700);
        const pulumiBin = path.dirname((await run("sh", ["-c", "command -v pulumi"])).stdout.trim());
        const asUser = [
            "cd \"$2/repo\" && exec setpriv --reuid=$5 --regid=$5 --clear-groups env -i HOME=\"$2/home\" TMPDIR=\"$2/home\"",
            "PATH=\"$2/node-bin:$2/pulumi-bin:/usr/sbin:/usr/bin:/sbin:/bin\"", `LINUXNET_DEMO_PREFIX=${sandbox.prefix} LINUXNET_DEMO_STACK=user`,
            // Up, up again (a no-op), destroy; then what is left of the lab (nothing, or its names).
            `sh -c 'id -un; node dist/scripts/demo.js up && node dist/scripts/demo.js up && node dist/scripts/demo.js destroy; echo "left: [$(ls -A /run/netns)]"'`,
        ].join(" ");
        const { stdout } = await run("unshare", ["-m", "--propagation", "private", "sh", "-c", [
            PRIVATE_MACHINE_MOUNTS, 'mount --bind "$1/node_modules" "$2/repo/node_modules"', 'mount --bind "$3" "$2/pulumi-bin"', 'mount --bind "$4" "$2/node-bin"', asUser,
        ].join(" && "), "demo-as-user", ROOT, dir, pulumiBin, path.dirname(process.execPath), String(NON_ROOT_UID)], { maxBuffer: 32 << 20 });
        expect(stdout.split("\n")[0]).toBe(NON_ROOT);
        expect(stdout).toContain(`as ${NON_ROOT} with kernel commands through sudo -n`);
        expect(stdout).toMatch(/Built in [\d.]+ s: 17 created/);
        expect(stdout.match(/^ {2}ok {3}/gm)).toHaveLength(12); // both runs: 5 pings and the root namespace unchanged
        expect(stdout).toContain("No changes: the lab was already up (17 resources unchanged).");
        expect(stdout).toContain(`sudo ip netns exec ${sandbox.prefix}ns1 ping 192.168.1.12`);
        expect(stdout).toContain("removed 17 resources; the lab is gone.");
        expect(stdout).toContain("left: []");
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});
