/**
 * One stack, three lab hosts over SSH: `pulumi` runs in a namespace that stands for the user's
 * workstation, and every resource says on which host it lives (`connection`). Each host runs a
 * real sshd in namespaces of its own (tests/helpers/sshHosts.ts), with the same object names on
 * every host. up builds each host's part there and nowhere else; a no-op preview stays empty;
 * the private key never reaches the state in plain text; new credentials update without touching
 * the kernel; destroy leaves every host as it was; a host that cannot be reached fails the run
 * naming it, and the other hosts' resources are still made.
 */
import * as fs from "fs";
import { EngineProject, RunOptions, changeCount } from "../helpers/engine";
import { useSandbox } from "../helpers/sandbox";
import { SshHost, SshLab } from "../helpers/sshHosts";

const sandbox = useSandbox();
let lab: SshLab;
let hosts: SshHost[];
let second: { privateKey: string; publicKey: string };

beforeAll(async () => {
    lab = await SshLab.create(sandbox);
    second = await lab.newClientKey("second");
    hosts = [];
    for (const name of ["lab1", "lab2", "lab3"]) hosts.push(await lab.addHost(name, { authorizedKey: lab.clientPublicKey + second.publicKey }));
});
afterAll(async () => lab?.close());

/** A file holding the key (mode 0600), for the program to read. */
function keyFile(privateKey: string): string {
    const file = `${lab.dir}/key-${privateKey.length}-${privateKey.charCodeAt(200)}`;
    fs.writeFileSync(file, privateKey, { mode: 0o600 });
    return file;
}

const program = `
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as linuxnet from "pulumi-linuxnet";
const config = new pulumi.Config("remote");
// The key from a file, as a secret (in stack config it belongs there with "pulumi config set --secret").
const privateKey = pulumi.secret(fs.readFileSync(config.require("privateKeyFile"), "utf8"));
const hosts = config.requireObject<{ address: string; hostKey: string }[]>("hosts");
export const namespaces = hosts.map((h, i) => {
    const connection = { host: h.address, privateKey, hostKey: h.hostKey };
    const ns = new linuxnet.NetworkNamespace("ns-" + i, { name: "ns1", connection });
    const br = new linuxnet.Bridge("br-" + i, { name: "br1", connection });
    const veth = new linuxnet.VethPair("veth-" + i, { name: "veth1", namespace: ns.name, peerName: "br-veth1", peerMaster: br.name, connection });
    new linuxnet.Address("gateway-" + i, { device: br.name, address: "192.168.1.10/24", connection });
    new linuxnet.Address("address-" + i, { namespace: ns.name, device: veth.name, address: "192.168.1.11/24", connection });
    return ns.inode;
});
`;

test("three hosts in one stack: built there and nowhere else, no-op, secret key, credentials in place, destroy", async () => {
    const project = new EngineProject(`remote-${sandbox.tag}`, program);
    const options = (privateKey: string, targets = hosts.map((h) => ({ address: h.address, hostKey: h.connection.hostKey }))): RunOptions => ({
        config: { "remote:privateKeyFile": keyFile(privateKey), "remote:hosts": JSON.stringify(targets) },
        launcher: ["ip", "netns", "exec", lab.workstation],
    });
    try {
        const up = await project.ok("up", options(lab.clientKey));
        expect(up.changeSummary.create).toBe(16); // 5 resources on each of 3 hosts, and the stack
        for (const host of hosts) {
            expect(await host.inside(["ip", "netns", "exec", "ns1", "ping", "-c", "1", "-W", "2", "192.168.1.10"])).toContain("1 received");
        }
        // Nothing of it on this machine or in the workstation.
        expect((await sandbox.run(["ip", "netns", "list"])).split("\n").filter((l) => l.startsWith("ns1"))).toEqual([]);
        expect(await sandbox.run(["ip", "-n", lab.workstation, "link", "show"])).not.toContain("br1");

        const noop = await project.ok("preview", { ...options(lab.clientKey), refresh: true });
        expect(changeCount(noop.changeSummary)).toBe(0);
        expect(noop.steps.filter((s) => s.refreshed?.length)).toEqual([]);
        const state = JSON.stringify(project.state());
        expect(state).not.toContain("PRIVATE KEY");
        expect(state).not.toContain(lab.clientKey.split("\n")[1]);

        // Another key for the same hosts: an update that changes nothing in the kernel.
        const inodes = up.outputs.namespaces;
        const rekeyed = await project.ok("up", options(second.privateKey));
        expect(Object.keys(rekeyed.changeSummary).filter((op) => op !== "same" && op !== "update")).toEqual([]);
        expect(rekeyed.changeSummary.update).toBe(15);
        const after = await project.ok("up", { ...options(second.privateKey), refresh: true });
        expect(after.outputs.namespaces).toEqual(inodes);

        await project.ok("destroy", options(second.privateKey));
        for (const host of hosts) {
            expect(await host.inside(["ip", "netns", "list"])).toBe("");
            expect(await host.inside(["ip", "link", "show", "type", "bridge"])).toBe("");
        }
    } finally {
        await project.run("destroy", options(second.privateKey));
        project.remove();
    }
});

test("an unreachable host fails the run naming it; the reachable hosts' resources are made, and destroy removes them", async () => {
    const project = new EngineProject(`remote-down-${sandbox.tag}`, program);
    const targets = [{ address: hosts[0].address, hostKey: hosts[0].connection.hostKey }, { address: "10.250.77.2", hostKey: hosts[1].connection.hostKey }];
    const options: RunOptions = { config: { "remote:privateKeyFile": keyFile(lab.clientKey), "remote:hosts": JSON.stringify(targets) }, launcher: ["ip", "netns", "exec", lab.workstation] };
    try {
        const up = await project.run("up", options);
        expect(up.exitCode).not.toBe(0);
        // Which of the host's two independent resources (its namespace, its bridge) the engine
        // starts first varies from run to run; either one's error must name the host, the cause and what to check.
        expect(`${up.stdout}\n${up.stderr}`).toMatch(/failed to create (network namespace "ns1"|bridge "br1") .*: ssh root@10\.250\.77\.2:22: 10\.250\.77\.2 port 22 cannot be reached from this machine \((Network is unreachable|No route to host)\)/);
        expect(await hosts[0].inside(["ip", "netns", "list"])).toContain("ns1");
        await project.ok("destroy", options);
        expect(await hosts[0].inside(["ip", "netns", "list"])).toBe("");
    } finally {
        await project.run("destroy", options);
        project.remove();
    }
});
