/**
 * Faults on remote lab hosts, over real SSH (tests/helpers/sshHosts.ts), with `pulumi` in the
 * workstation namespace: a wrong key and a changed host key each fail the run naming the host and
 * why, with nothing made there; `kill -9` of `pulumi up` mid-run (the CLI, the provider and its ssh
 * sessions, all at once) recovers like the local crash test; drift made by hand on a host shows
 * in a refreshing preview on the right resource, and `up --refresh` heals it.
 */
import * as fs from "fs";
import { deadKeyDirs } from "../../provider/exec/keyDirs";
import { EngineProject, RunOptions, changeCount } from "../helpers/engine";
import { report } from "../helpers/reliability";
import { useSandbox } from "../helpers/sandbox";
import { SshHost, SshLab } from "../helpers/sshHosts";

const sandbox = useSandbox();
let lab: SshLab;
let host: SshHost;

beforeAll(async () => {
    lab = await SshLab.create(sandbox);
    host = await lab.addHost("faulty1");
});
afterAll(async () => lab?.close());

const HOSTS = 8;
/** A bridge with HOSTS lab hosts on it, all on the remote host. */
const program = `
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as linuxnet from "pulumi-linuxnet";
const config = new pulumi.Config("remote");
const connection = { host: config.require("address"), hostKey: config.require("hostKey"), privateKey: pulumi.secret(fs.readFileSync(config.require("keyFile"), "utf8")) };
const br = new linuxnet.Bridge("br0", { name: "br0", connection });
new linuxnet.Address("gateway", { device: br.name, address: "10.60.0.1/24", connection });
for (let i = 1; i <= ${HOSTS}; i++) {
    new linuxnet.NamespaceHost("h" + i, { name: "h" + i, hostInterface: "h" + i + "-eth", bridge: br.name, addresses: ["10.60.0." + (i + 1) + "/24"], gateway: "10.60.0.1", connection });
}
`;

function options(overrides: Record<string, string> = {}): RunOptions {
    const keyFile = `${lab.dir}/client_key`;
    return {
        config: { "remote:address": host.address, "remote:hostKey": host.connection.hostKey, "remote:keyFile": keyFile, ...overrides },
        launcher: ["ip", "netns", "exec", lab.workstation],
    };
}

/** What the host has that tests care about: its namespaces and links. */
async function hostObjects(): Promise<string> {
    return `${await host.inside(["ip", "netns", "list"])}${(await host.inside(["ip", "-o", "link", "show"])).replace(/^\d+: /gm, "").split("\n").map((l) => l.split(":")[0]).sort().join(" ")}`;
}

test("remote faults: refused connections, kill -9 mid-run, drift on the host", async () => {
    const project = new EngineProject(`remote-faults-${sandbox.tag}`, program);
    const failures: string[] = [];
    const tried: string[] = [];
    const empty = await hostObjects();
    try {
        // 1-2. Connections that must be refused before anything is made.
        const otherKey = await lab.newClientKey("stranger");
        fs.writeFileSync(`${lab.dir}/stranger_key`, otherKey.privateKey, { mode: 0o600 });
        const refusals: [string, Record<string, string>, RegExp][] = [
            ["wrong key", { "remote:keyFile": `${lab.dir}/stranger_key` }, /ssh root@10\.250\.1\.2:22: 10\.250\.1\.2 refused the login of root \(Permission denied \(publickey\)\): check connection\.user/],
            ["changed host key", { "remote:hostKey": otherKey.publicKey.trim().split(" ").slice(0, 2).join(" ") }, /ssh root@10\.250\.1\.2:22: the host key of 10\.250\.1\.2 has changed: it now offers ED25519 key SHA256:\S+\. If the host's keys were replaced on purpose, set connection\.hostKey to the new one/],
        ];
        for (const [what, overrides, message] of refusals) {
            tried.push(what);
            const up = await project.run("up", options(overrides));
            const output = `${up.stdout}\n${up.stderr}`;
            if (up.exitCode === 0) failures.push(`${what}: up succeeded`);
            else if (!message.test(output)) failures.push(`${what}: message did not match ${message}: ${output.slice(-800)}`);
            if ((await hostObjects()) !== empty) failures.push(`${what}: something was made on the host`);
            await project.ok("destroy", options());
        }

        // 3-5. kill -9 of the whole run at three points of its progress, then recovery.
        for (const fraction of [0.2, 0.5, 0.8]) {
            const what = `kill -9 at ${fraction * 100}% of the build`;
            tried.push(what);
            const run = await project.start("up", options());
            const target = Math.round(fraction * (HOSTS + 2));
            while (run.child.exitCode === null && (fs.existsSync(run.eventLog) ? fs.readFileSync(run.eventLog, "utf8").split('"resOutputsEvent"').length - 1 : 0) < target) {
                await new Promise((r) => setTimeout(r, 5));
            }
            await run.kill();
            await project.cancel();
            const problems: string[] = [];
            const refresh = await project.run("refresh", { ...options(), clearPendingCreates: true });
            if (refresh.exitCode !== 0) problems.push(`refresh failed: ${refresh.stderr.slice(-400)}`);
            // Its first session sweeps the key directory of a provider killed while ssh connected
            // (EngineProject.remove checks again at the end).
            const keyDirs = deadKeyDirs(process.env.XDG_RUNTIME_DIR ?? project.tempDir);
            if (keyDirs.length) problems.push(`key directories of killed providers not swept: ${keyDirs.join(" ")}`);
            const up = await project.run("up", options());
            if (up.exitCode !== 0) problems.push(`up failed: ${up.stdout.slice(-1200)}`);
            if (changeCount((await project.run("preview", { ...options(), refresh: true })).changeSummary) !== 0) problems.push("the host differs from the program");
            await host.inside(["ip", "netns", "exec", "h1", "ping", "-c", "1", "-W", "2", `10.60.0.${HOSTS + 1}`]).catch(() => problems.push("no traffic h1 -> last host"));
            await project.run("destroy", options());
            if ((await hostObjects()) !== empty) problems.push(`left on the host: ${await hostObjects()}`);
            if (problems.length) failures.push(`${what}: ${problems.join("; ")}`);
        }

        // 6-7. Drift on the host, found by a refreshing preview and healed by up --refresh.
        await project.ok("up", options());
        const drifts: [string, string[], string, string][] = [
            ["namespace deleted on the host", ["ip", "netns", "delete", "h3"], "h3", "create"],
            ["bridge address removed on the host", ["ip", "addr", "delete", "10.60.0.1/24", "dev", "br0"], "gateway", "create"],
        ];
        for (const [what, argv, resource, op] of drifts) {
            tried.push(what);
            await host.inside(argv);
            const seen = (await project.ok("preview", { ...options(), refresh: true })).steps.find((s) => s.name === resource);
            await project.ok("up", { ...options(), refresh: true });
            const after = await project.ok("preview", { ...options(), refresh: true });
            if (seen?.op !== op) failures.push(`${what}: preview --refresh showed ${resource} as ${seen?.op ?? "untouched"}, expected ${op}`);
            if (changeCount(after.changeSummary) !== 0) failures.push(`${what}: still ${JSON.stringify(after.changeSummary)} after healing`);
        }
        await project.ok("destroy", options());
    } finally {
        await project.cancel();
        await project.run("destroy", options());
        project.remove();
    }
    const left = await hostObjects();
    const leaked = left === empty ? [] : [`on the host: ${left}`];
    report({ category: "remote", tried: tried.length, passed: tried.length - new Set(failures.map((f) => f.split(":")[0])).size, leaked, notes: [`faults: ${tried.join("; ")}`, "over real SSH to an sshd in namespaces of its own, pulumi in a workstation namespace"] });
    expect(failures).toEqual([]);
    expect(leaked).toEqual([]);
});
