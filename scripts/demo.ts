/**
 * `npm run demo` / `npm run demo:destroy`: brings the reference lab (demo/index.ts) up with
 * `pulumi up --yes` in the repository root (the root Pulumi.yaml's program) on a local file
 * backend inside the repository, proves it with ping, and says how to look around and how to
 * tear it down. A second run is a no-op `pulumi up`.
 *
 *   node dist/scripts/demo.js up|destroy
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { parseArgs, runMain } from "../tools/cli";
import { PulumiResult, runPulumi, selectStack } from "../tools/pulumiCli";
import { OWNER_MARK, ROUTE_PROTOCOL } from "../provider/framework/ownership";

const ROOT = path.resolve(__dirname, "../..");
/** Overridable so the test suite can run the demo beside a user's own demo without touching it. */
const STATE_DIR = process.env.LINUXNET_DEMO_STATE ?? path.join(ROOT, ".pulumi-state");
const NAME_PREFIX = process.env.LINUXNET_DEMO_PREFIX ?? "";
/** Stack settings live in Pulumi.<stack>.yaml at the root: the test suite uses a stack of its own. */
const STACK = process.env.LINUXNET_DEMO_STACK ?? "demo";
const run = promisify(execFile);

/**
 * Run by a user who is not root, the lab's kernel commands go through `sudo -n` (the stack setting
 * `linuxnet:connection` = `{"become":"sudo"}`, README "Not root"), and so do the demo's own pings
 * and its look at the root namespace's iptables; the user's sudo must allow `ip` and `iptables`.
 */
const AS_USER = (process.getuid?.() ?? 0) !== 0;
const privileged = (argv: string[]): [string, string[]] => (AS_USER ? ["sudo", ["-n", "--", ...argv]] : [argv[0], argv.slice(1)]);

/** The demo holds no secrets; a fixed passphrase keeps it free of prompts. Override with PULUMI_CONFIG_PASSPHRASE. */
const PASSPHRASE = process.env.PULUMI_CONFIG_PASSPHRASE ?? "linuxnet-demo";

async function runProgram(operation: "up" | "destroy"): Promise<PulumiResult> {
    fs.mkdirSync(STATE_DIR, { recursive: true });
    const request = { dir: ROOT, stack: STACK, backendDir: STATE_DIR, passphrase: PASSPHRASE };
    if (operation === "destroy") return runPulumi({ ...request, operation, skipPreview: true }, { echo: true });
    await selectStack(request);
    // The prefix is always set, so the namespace names are what this run asks for whatever the stack file says.
    const become: Record<string, string> = AS_USER ? { "linuxnet:connection": JSON.stringify({ become: "sudo" }) } : {};
    return runPulumi({ ...request, operation, config: { "demo:prefix": NAME_PREFIX, ...become } }, { echo: true });
}

/**
 * What of pulumi-linuxnet's the machine's own root namespace holds — links with our mark, routes
 * of our protocol, rules with our mark — to show the demo added nothing there. Only ours: the rest
 * of the machine may change meanwhile (other work, other namespaces), which is not the demo's doing.
 */
async function oursInRootNamespace(): Promise<string> {
    const [links, routes, routes6, ...rules] = await Promise.all([
        run("ip", ["-j", "link", "show"]),
        run("ip", ["-j", "route", "show", "table", "all", "proto", String(ROUTE_PROTOCOL)]),
        run("ip", ["-6", "-j", "route", "show", "table", "all", "proto", String(ROUTE_PROTOCOL)]),
        // Every table, as iptables-save would show them; not iptables-save itself, which the README's
        // sudoers line (iptables, and nothing more) does not allow.
        ...["filter", "nat", "mangle", "raw"].map((table) => run(...privileged(["iptables", "-w", "-t", table, "-S"]))),
    ]);
    const marked = (JSON.parse(links.stdout || "[]") as { ifname: string; ifalias?: string }[]).filter((l) => l.ifalias === OWNER_MARK).map((l) => l.ifname);
    return [...marked, routes.stdout.trim(), routes6.stdout.trim(), ...rules.flatMap((r) => r.stdout.split("\n").filter((l) => l.includes(OWNER_MARK)))].join("\n");
}

async function ping(namespace: string, address: string): Promise<boolean> {
    try {
        await run(...privileged(["ip", "netns", "exec", namespace, "ping", "-c", "1", "-W", "2", address]));
        return true;
    } catch {
        return false;
    }
}

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

async function up(): Promise<number> {
    const before = await oursInRootNamespace();
    const started = Date.now();
    const result = await runProgram("up");
    if (result.exitCode !== 0) {
        console.error(`\n${bold("demo: pulumi up failed")}${result.errors.length ? `: ${result.errors.join("\n")}` : ""}`);
        return 1;
    }
    const changed = result.steps.filter((s) => s.op !== "same");
    const outputs = result.outputs as { hostNamespaceName: string; labHosts: { namespace: string; address: string }[]; wanNamespace?: string };
    const [ns1, ns2] = outputs.labHosts.map((h) => h.namespace);
    const host = outputs.hostNamespaceName;

    console.log(`\n${bold("pulumi-linuxnet demo")} — stack "${STACK}", state in ${path.relative(process.cwd(), STATE_DIR) || STATE_DIR}${AS_USER ? `, as ${os.userInfo().username} with kernel commands through sudo -n` : ""}`);
    if (changed.length === 0) {
        console.log(`No changes: the lab was already up (${result.steps.length} resources unchanged).`);
    } else {
        const counts = changed.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.op]: (acc[s.op] ?? 0) + 1 }), {});
        console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s: ${Object.entries(counts).map(([op, n]) => `${n} ${op}d`.replace("ed d", "ed")).join(", ")}.`);
        for (const s of changed) console.log(`  ${s.op.padEnd(7)} ${s.type.split(":").pop()!.padEnd(17)} ${s.name}`);
    }

    console.log(`\n${bold("Verification")} (ping, 1 packet each):`);
    const checks: [string, string, string][] = [
        [ns1, "192.168.1.12", `${ns1} -> ${ns2} across br1`],
        [ns2, "192.168.1.11", `${ns2} -> ${ns1} across br1`],
        [ns1, "192.168.1.10", `${ns1} -> bridge address`],
        [ns2, "192.168.1.10", `${ns2} -> bridge address`],
    ];
    if (outputs.wanNamespace) checks.push([ns1, "198.51.100.2", `${ns1} -> ${outputs.wanNamespace} (through MASQUERADE and forwarding)`]);
    let failed = 0;
    for (const [from, to, label] of checks) {
        const ok = await ping(from, to);
        if (!ok) failed++;
        console.log(`  ${ok ? "ok  " : "FAIL"} ${label} (${to})`);
    }
    const untouched = (await oursInRootNamespace()) === before;
    console.log(`  ${untouched ? "ok  " : "NOTE"} the machine's root namespace: ${untouched ? "no link, route or rule of pulumi-linuxnet added" : "pulumi-linuxnet objects appeared there while the demo ran"}`);

    const sudo = AS_USER ? "sudo " : "";
    const exec = host.startsWith("(") ? sudo : `${sudo}ip netns exec ${host} `;
    const onHost = host.startsWith("(") ? "ip" : `ip -n ${host}`;
    console.log(`\n${bold("Look around")}:
  ip -n ${ns1} addr                      # veth1 with 192.168.1.11/24
  ip -n ${ns1} route                     # default via 192.168.1.10, proto 241 (ours)
  ${onHost} link show master br1   # the bridge ports
  ${exec}iptables -t nat -S POSTROUTING   # the MASQUERADE rule, with our comment
  ${sudo}ip netns exec ${ns1} ping 192.168.1.12

${bold("Tear down")}: npm run demo:destroy`);
    return failed ? 1 : 0;
}

async function destroy(): Promise<number> {
    const result = await runProgram("destroy");
    if (result.exitCode !== 0 && /no stack named '[^']*' found/.test(result.stderr)) {
        console.log(`\n${bold("pulumi-linuxnet demo")}: nothing to remove; the demo was never brought up here.`);
        return 0;
    }
    if (result.exitCode !== 0) {
        console.error(`\n${bold("demo: pulumi destroy failed")}${result.errors.length ? `: ${result.errors.join("\n")}` : ""}`);
        return 1;
    }
    const deleted = result.steps.filter((s) => s.op === "delete").length;
    console.log(`\n${bold("pulumi-linuxnet demo")}: ${deleted ? `removed ${deleted} resources` : "nothing to remove"}; the lab is gone.`);
    return 0;
}

runMain(async () => {
    const { positionals } = parseArgs({ allowPositionals: true, options: {} });
    const [operation = "up", ...extra] = positionals;
    if (extra.length || (operation !== "up" && operation !== "destroy")) throw new Error(`usage: demo.js [up|destroy], got ${positionals.join(" ")}`);
    return operation === "up" ? up() : destroy();
});
