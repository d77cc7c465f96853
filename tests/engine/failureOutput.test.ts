/**
 * What `pulumi` prints when something expected goes wrong, through the real CLI: for each kind of
 * failure (ssh refusing the host key or the login, an unreachable host, sudo wanting a password, a
 * tool missing on the host, the kernel refusing, someone else's object with our name, bad input
 * known only at apply), every failing resource's error says what failed, where, what the host or
 * kernel said and what to do, in a line or two: no stack frame, no message repeated inside itself,
 * nothing echoed beside it under the stack — on create, on refresh and on delete.
 */
import * as fs from "fs";
import { EngineProject, RunOptions, RunResult } from "../helpers/engine";
import { useSandbox } from "../helpers/sandbox";
import { NO_SUDO, SshHost, SshLab } from "../helpers/sshHosts";

const sandbox = useSandbox();
let lab: SshLab;
let host: SshHost;
let bare: SshHost;
let stranger: string;

beforeAll(async () => {
    lab = await SshLab.create(sandbox);
    host = await lab.addHost("keyed");
    // A host without iptables (Debian's /usr/sbin/iptables points into /etc/alternatives).
    bare = await lab.addHost("bare", { mounts: "mount -t tmpfs tmpfs /etc/alternatives" });
    stranger = `${lab.dir}/stranger_key`;
    fs.writeFileSync(stranger, (await lab.newClientKey("stranger")).privateKey, { mode: 0o600 });
});
afterAll(async () => lab?.close());

/** One program for every remote case: a namespace, a bridge and a NAT rule, on the host the stack settings name. */
const remoteProgram = `
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as linuxnet from "pulumi-linuxnet";
const c = new pulumi.Config();
const connection = {
    host: c.require("host"), user: c.require("user"), become: (c.get("become") || undefined) as "sudo" | undefined, hostKey: c.get("hostKey") || undefined,
    privateKey: pulumi.secret(fs.readFileSync(c.require("keyFile"), "utf8")),
};
new linuxnet.NetworkNamespace("ns", { name: "ns1", connection });
new linuxnet.Bridge("br", { name: "br1", connection });
if (c.getBoolean("nat")) new linuxnet.MasqueradeRule("nat", { source: "10.8.0.0/24", connection });
`;

/** Each resource's block under "Diagnostics:" in what the CLI printed, by its name (the stack's as "stack"). */
function diagnostics(stdout: string): Map<string, string[]> {
    const blocks = new Map<string, string[]>();
    const section = stdout.split(/^Diagnostics:$/m)[1]?.split(/^(Resources|Outputs):$/m)[0] ?? "";
    let current: string[] | undefined;
    for (const line of section.split("\n")) {
        const header = /^ {2}\S+ \((\S+)\):$/.exec(line);
        if (header) blocks.set(/^ {2}pulumi:pulumi:Stack/.test(line) ? "stack" : header[1], (current = []));
        else if (line.trim() && current) current.push(line.trim());
    }
    return blocks;
}

/** The checks every failure's output must pass; returns the problems found. */
function judge(what: string, run: RunResult, failing: string[], advice: RegExp): string[] {
    const problems: string[] = [];
    const printed = `${run.stdout}\n${run.stderr}`;
    if (run.exitCode === 0) problems.push(`${what}: the run succeeded`);
    if (/^\s+at /m.test(printed)) problems.push(`${what}: a stack frame was printed:\n${printed.match(/^.*\n\s+at .*$/m)?.[0]}`);
    const blocks = diagnostics(run.stdout);
    for (const name of failing) {
        const block = blocks.get(name) ?? [];
        const text = block.join("\n");
        if (!block.length) problems.push(`${what}: no error for ${name} in:\n${run.stdout.slice(-2000)}`);
        else if (block.length > 2) problems.push(`${what}: ${name}'s error takes ${block.length} lines:\n${text}`);
        else if ((text.match(/failed to (create|read|update|delete) |has a problem: /g) ?? []).length !== 1) problems.push(`${what}: ${name}'s error repeats itself:\n${text}`);
        else if (!advice.test(text)) problems.push(`${what}: ${name}'s error lacks ${advice}:\n${text}`);
    }
    const echoed = (blocks.get("stack") ?? []).filter((line) => !/^error: (update|refresh|destroy) failed$/.test(line));
    if (echoed.length) problems.push(`${what}: the stack shows more than the run's end:\n${echoed.join("\n")}`);
    return problems;
}

test("every expected failure over SSH reads as one line per resource that says what to do", async () => {
    const project = new EngineProject(`failures-${sandbox.tag}`, remoteProgram);
    const settings = (s: Record<string, string>): RunOptions => ({
        // Every setting each time: the CLI keeps what an earlier run set.
        config: Object.fromEntries(Object.entries({ host: host.address, hostKey: host.connection.hostKey, keyFile: `${lab.dir}/client_key`, user: "root", become: "", nat: "false", ...s })
            .map(([k, v]) => [`failures-${sandbox.tag}:${k}`, v])),
        launcher: ["ip", "netns", "exec", lab.workstation],
    });
    const [h, b] = [host.address.replace(/\./g, "\\."), bare.address.replace(/\./g, "\\.")];
    const cases: [string, Record<string, string>, string[], RegExp][] = [
        ["host key changed", { hostKey: bare.connection.hostKey }, ["ns", "br"],
            new RegExp(`ssh root@${h}:22: the host key of ${h} has changed: it now offers ED25519 key SHA256:\\S+\\. If the host's keys were replaced on purpose, set connection\\.hostKey to the new one \\(\`ssh-keyscan -t ed25519 -p 22 ${h}\` prints it`)],
        // No key pinned: this machine's ~/.ssh/known_hosts decides, which has never seen the test host.
        ["host key not known", { hostKey: "" }, ["ns", "br"],
            new RegExp(`the host key of ${h} is not known: it is never trusted on first sight\\. Set connection\\.hostKey to the host's public key \\(\`ssh-keyscan -t ed25519 -p 22 ${h}\``)],
        ["unreachable host", { host: "10.250.77.2" }, ["ns", "br"],
            /ssh root@10\.250\.77\.2:22: 10\.250\.77\.2 port 22 cannot be reached from this machine \((Network is unreachable|No route to host)\): check connection\.host/],
        ["key not authorized", { keyFile: stranger }, ["ns", "br"],
            new RegExp(`${h} refused the login of root \\(Permission denied \\(publickey\\)\\): check connection\\.user and connection\\.privateKey`)],
        ["sudo wants a password", { user: NO_SUDO, become: "sudo" }, ["ns", "br"],
            new RegExp(`sudo: a password is required\\. sudo on ${h} does not let ${NO_SUDO} run the network tools without a password .*\`${NO_SUDO} ALL=\\(root\\) NOPASSWD: /usr/sbin/ip`)],
        ["iptables missing on the host", { host: bare.address, hostKey: bare.connection.hostKey, nat: "true" }, ["nat"],
            new RegExp(`failed to create masquerade rule .* on ssh root@${b}:22 failed \\(exit 127\\): sh: \\d+: iptables: not found\\. iptables is not installed on ${b}: install the package iptables \\(Debian, Ubuntu\\) or iptables-nft \\(RHEL, Fedora\\)`)],
    ];
    const problems: string[] = [];
    try {
        for (const [what, s, failing, advice] of cases) {
            problems.push(...judge(what, await project.run("up", settings(s)), failing, advice));
            await project.run("destroy", settings(s));
        }
        // Made, then its host's sshd stops: a refresh (read) and a destroy (delete) fail the same way.
        await project.ok("up", settings({}));
        await host.stopSsh();
        const refused = new RegExp(`ssh root@${h}:22: nothing listens on ${h} port 22 \\(Connection refused\\): check connection\\.host and connection\\.port, and that sshd runs there`);
        problems.push(...judge("refresh, sshd stopped", await project.run("refresh", settings({})), ["ns", "br"], refused));
        problems.push(...judge("destroy, sshd stopped", await project.run("destroy", settings({})), ["ns", "br"], refused));
        expect(problems).toEqual([]);
    } finally {
        project.remove();
    }
});

test("a kernel refusal, someone else's object and bad input known only at apply read as one line each", async () => {
    const hostNs = await sandbox.namespace("host");
    await sandbox.run(["ip", "-n", hostNs, "link", "add", "name", "theirs", "type", "bridge"]);
    const project = new EngineProject(`local-failures-${sandbox.tag}`, `
import * as linuxnet from "pulumi-linuxnet";
// VLAN filtering: this machine's kernel is built without it.
new linuxnet.Bridge("filtering", { name: "vf0", vlanFiltering: true });
new linuxnet.Bridge("theirs", { name: "theirs" });
`);
    // Known only once the namespace is made: checked then, before anything of the address is.
    const late = new EngineProject(`late-input-${sandbox.tag}`, `
import * as linuxnet from "pulumi-linuxnet";
const ns = new linuxnet.NetworkNamespace("ns", { name: "${sandbox.name("inner")}" });
new linuxnet.Address("address", { namespace: ns.name, device: ns.name.apply((n) => n + "-eth0"), address: "10.9.0.1/24" });
`);
    const options = { config: { "linuxnet:hostNamespace": hostNs } };
    try {
        const up = await project.run("up", options);
        expect([
            ...judge("kernel refusal", up, ["filtering"], /failed to create bridge "vf0" .*: RTNETLINK answers: Operation not supported\. The kernel of this machine lacks this feature/),
            ...judge("foreign object", up, ["theirs"], /failed to create bridge "theirs" .*: it already exists and was not created by pulumi-linuxnet, so it is left untouched\. Choose another name, remove it yourself, or .*adopt/),
            ...judge("bad input known at apply", await late.run("up", options), ["address"], /resource 'address' has a problem: device "lnxt-[^"]+-inner-eth0" /),
        ]).toEqual([]);
        expect(await sandbox.run(["ip", "-n", hostNs, "-j", "link", "show", "dev", "theirs"])).toContain('"ifname":"theirs"');
    } finally {
        await project.run("destroy", options);
        await late.run("destroy", options);
        project.remove();
        late.remove();
    }
});
