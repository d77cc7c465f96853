// Jest global teardown: fails the run when any namespace made by a test survives, a process
// started by a test (a vm-lab QEMU: its command line names a namespace of ours) still runs, or when an
// iptables rule with our mark appears in the machine's own root namespace (tests must never
// write there), or a dead provider's SSH key directory was never swept. Plain JS and
// child_process so it runs outside the test transform; the provider's key-directory rule is a
// module of node's own modules, which loads either way.
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const { TEST_PREFIX } = require("./names");
// The provider's own rule for a dead provider's key directory (Node strips the module's types).
const { deadKeyDirs } = require("../../provider/exec/keyDirs.ts");

module.exports = async function leakCheck() {
    const namespaces = JSON.parse(execFileSync("ip", ["-j", "netns", "list"]).toString() || "[]")
        .map((ns) => ns.name)
        .filter((name) => name.startsWith(TEST_PREFIX));
    const rootRules = execFileSync("iptables-save", ["-t", "nat"]).toString()
        .split("\n")
        .filter((line) => line.includes("pulumi-linuxnet"));
    // A deleted namespace disappears from the list even while a process still runs in it.
    const processes = fs.readdirSync("/proc").filter((pid) => /^\d+$/.test(pid) && Number(pid) !== process.pid).flatMap((pid) => {
        try {
            const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
            return cmdline.includes(TEST_PREFIX) && !/\bjest\b/.test(cmdline) ? [{ pid, cmdline }] : [];
        } catch {
            return []; // gone meanwhile
        }
    });
    // SSH key directories (provider/exec/keyDirs.ts) of provider processes that died: a later
    // session sweeps them, so any left at the end were never swept. (The engine tests' providers
    // make theirs in their project's TMPDIR, checked when the project is removed: tests/helpers/engine.ts.)
    const keyDirs = [...new Set([process.env.XDG_RUNTIME_DIR, os.tmpdir()].filter(Boolean))].flatMap((parent) => deadKeyDirs(parent));
    const intentDir = process.env.LINUXNET_INTENT_DIR;
    const intents = intentDir && fs.existsSync(intentDir) ? fs.readdirSync(intentDir) : [];
    const leaks = [
        ...namespaces.map((name) => `namespace ${name}`),
        ...rootRules.map((rule) => `root-namespace rule: ${rule}`),
        ...intents.map((file) => `creation intent never cleared: ${file}`),
        ...processes.map((p) => `process ${p.pid} still running: ${p.cmdline.slice(0, 200)}`),
        ...keyDirs.map((dir) => `SSH key directory of a dead provider never swept: ${dir}`),
    ];
    if (leaks.length) {
        for (const name of namespaces) {
            try { execFileSync("ip", ["netns", "delete", name]); } catch { /* best effort after reporting */ }
        }
        for (const dir of keyDirs) fs.rmSync(dir, { recursive: true, force: true });
        for (const { pid } of processes) {
            try { process.kill(Number(pid)); } catch { /* best effort after reporting */ }
        }
        throw new Error(`leak check failed: the tests left ${leaks.length} object(s) behind:\n  ${leaks.join("\n  ")}`);
    }
    process.stdout.write(`\nleak check: no namespace with prefix "${TEST_PREFIX}", no process naming one, and no marked rule in the root namespace remain; no creation intent is left open; no dead provider's SSH key directory is left\n`);
};
