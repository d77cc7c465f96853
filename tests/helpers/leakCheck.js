// Jest global teardown: fails the run when any namespace made by a test survives, or when an
// iptables rule with our mark appears in the machine's own root namespace (tests must never
// write there). Plain JS and child_process so it runs outside the test transform.
const { execFileSync } = require("child_process");
const fs = require("fs");
const { TEST_PREFIX } = require("./names");

module.exports = async function leakCheck() {
    const namespaces = JSON.parse(execFileSync("ip", ["-j", "netns", "list"]).toString() || "[]")
        .map((ns) => ns.name)
        .filter((name) => name.startsWith(TEST_PREFIX));
    const rootRules = execFileSync("iptables-save", ["-t", "nat"]).toString()
        .split("\n")
        .filter((line) => line.includes("pulumi-linuxnet"));
    const intentDir = process.env.LINUXNET_INTENT_DIR;
    const intents = intentDir && fs.existsSync(intentDir) ? fs.readdirSync(intentDir) : [];
    const leaks = [
        ...namespaces.map((name) => `namespace ${name}`),
        ...rootRules.map((rule) => `root-namespace rule: ${rule}`),
        ...intents.map((file) => `creation intent never cleared: ${file}`),
    ];
    if (leaks.length) {
        for (const name of namespaces) {
            try { execFileSync("ip", ["netns", "delete", name]); } catch { /* best effort after reporting */ }
        }
        throw new Error(`leak check failed: the tests left ${leaks.length} object(s) behind:\n  ${leaks.join("\n  ")}`);
    }
    process.stdout.write(`\nleak check: no namespace with prefix "${TEST_PREFIX}" and no marked rule in the root namespace remain, and no creation intent is left open\n`);
};
