/**
 * SSH key directories (provider/exec/keyDirs.ts) of a provider running in a PID namespace of its
 * own, as `unshare --pid --fork` runs pulumi in our crash tests: the name must carry the pid the
 * machine's /proc knows, or no later provider can tell whether its maker still runs.
 */
import { spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { sweepDeadKeyDirs } from "../../provider/exec/keyDirs";

const MODULE = path.resolve(__dirname, "../../provider/exec/keyDirs.ts");

/** Runs `call` on the module (Node strips its types) in a new PID namespace; returns what it printed. */
function inPidNamespace(call: string): { pid: number; result: unknown } {
    const script = `import(${JSON.stringify(MODULE)}).then((m) => process.stdout.write(JSON.stringify({ pid: process.pid, result: ${call} })))`;
    const child = spawnSync("unshare", ["--pid", "--fork", "--", process.execPath, "--experimental-strip-types", "--no-warnings", "-e", script], { encoding: "utf8" });
    if (child.status !== 0) throw new Error(`unshare ... node -e: exit ${child.status}: ${child.stderr}`);
    return JSON.parse(child.stdout);
}

let parent: string;
beforeEach(() => (parent = mkdtempSync(path.join(tmpdir(), "lnxt-keys-"))));
afterEach(() => rmSync(parent, { recursive: true, force: true }));

test("a directory left by a provider that died in its own PID namespace is swept by the next one", () => {
    const made = inPidNamespace(`m.makeKeyDir(${JSON.stringify(parent)})`);
    expect(made.pid).toBe(1); // the namespace's own number, which means nothing outside it
    const name = path.basename(made.result as string);
    expect(name).toMatch(/^linuxnet-ssh-\d+-[A-Za-z0-9]{6}$/);
    expect(name).not.toMatch(/^linuxnet-ssh-1-/);
    // It ended without removing its directory, as a provider killed while ssh connected does.
    expect(sweepDeadKeyDirs(parent)).toEqual([path.join(parent, name)]);
    expect(readdirSync(parent)).toEqual([]);
});

test("a provider in its own PID namespace leaves a live provider's directory alone", () => {
    // Named with this (live) process's pid; from inside the namespace that pid cannot be signalled.
    const live = `linuxnet-ssh-${process.pid}-Li7eAa`;
    mkdirSync(path.join(parent, live), { mode: 0o700 });
    expect(inPidNamespace(`m.sweepDeadKeyDirs(${JSON.stringify(parent)})`).result).toEqual([]);
    expect(readdirSync(parent)).toEqual([live]);
});
