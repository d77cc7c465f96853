/**
 * Resources on a remote lab host, over real SSH to a real sshd (tests/helpers/sshHosts.ts): the
 * same implementations, given a Runner that runs on the host, build the walkthrough's kernel
 * objects there and nowhere else; what fails to connect says which host and why, and changes
 * nothing.
 */
import { providers } from "../../provider";
import { Runner, runCommand } from "../../provider/exec/run";
import { runnerFor } from "../../provider/framework/connection";
import { BaseInputs } from "../../provider/framework/implementation";
import { closeAllSessions, remoteRunner } from "../../provider/exec/ssh";
import { resourceType } from "../../provider/registry";
import { useSandbox } from "../helpers/sandbox";
import { NON_ROOT, NO_SUDO, SshHost, SshLab } from "../helpers/sshHosts";

const sandbox = useSandbox();
let lab: SshLab;
let host: SshHost;

beforeAll(async () => {
    lab = await SshLab.create(sandbox);
    host = await lab.addHost("remote1");
    process.env.LINUXNET_SSH_PREFIX = `ip netns exec ${lab.workstation}`;
});
afterAll(async () => {
    closeAllSessions();
    delete process.env.LINUXNET_SSH_PREFIX;
    await lab?.close();
});

/** Checks inputs as the engine would, then runs one operation of the type's implementation on `run`. */
async function create(run: Runner, type: string, args: Record<string, unknown>) {
    const inputs = (await providers[type].check!({}, args)).inputs;
    return (await resourceType(type).create(run, inputs)).outs as BaseInputs & Record<string, unknown>;
}

test("the walkthrough's objects are built on the remote host, and only there", async () => {
    const run = remoteRunner(host.connection);
    const ns = await create(run, "NetworkNamespace", { name: "ns1" });
    await create(run, "Bridge", { name: "br1" });
    await create(run, "VethPair", { name: "veth1", namespace: "ns1", peerName: "br-veth1", peerMaster: "br1" });
    await create(run, "Address", { device: "br1", address: "192.168.1.10/24" });
    await create(run, "Address", { namespace: "ns1", device: "veth1", address: "192.168.1.11/24" });
    await create(run, "Route", { namespace: "ns1", destination: "default", gateway: "192.168.1.10" });
    await create(run, "MasqueradeRule", { source: "192.168.1.0/24" });
    await create(run, "IpForwarding", {});
    expect(ns.inode).toBeGreaterThan(0);

    // Seen from inside the host (its network, its private /run/netns), without SSH.
    expect(await host.inside(["ip", "netns", "list"])).toContain("ns1");
    expect(await host.inside(["ip", "netns", "exec", "ns1", "ping", "-c", "1", "-W", "2", "192.168.1.10"])).toContain("1 received");
    expect(await host.inside(["iptables", "-w", "-t", "nat", "-S", "POSTROUTING"])).toContain("-s 192.168.1.0/24");
    // Nothing on this machine: no ns1 here, no br1 in the workstation namespace.
    expect(await sandbox.run(["ip", "netns", "list"])).not.toMatch(/^ns1\b/m);
    expect(await sandbox.run(["ip", "-n", lab.workstation, "link", "show"])).not.toContain("br1");

    // Read and delete work the same way; deleting twice is fine.
    const read = await resourceType("NetworkNamespace").read(run, ns);
    expect(read).toMatchObject({ name: "ns1", inode: ns.inode, managed: true });
    await resourceType("NetworkNamespace").delete(run, ns);
    await resourceType("NetworkNamespace").delete(run, ns);
    expect(await host.inside(["ip", "netns", "list"])).not.toContain("ns1");
});

test("a failed command names the command, the host and what the kernel said", async () => {
    const run = remoteRunner(host.connection);
    await expect(run(["ip", "link", "set", "dev", "nosuchdev", "up"])).rejects.toThrow(
        `\`ip link set dev nosuchdev up\` on ssh root@${host.address}:22 failed (exit 1): Cannot find device "nosuchdev"`,
    );
});

test("a wrong key, a changed host key and an unreachable host each fail naming the host and why", async () => {
    const otherKey = (await lab.newClientKey("other")).privateKey;
    const cases: [string, Runner, RegExp][] = [
        ["wrong key", remoteRunner({ ...host.connection, privateKey: otherKey }), /^ssh root@10\.250\.1\.2:22: 10\.250\.1\.2 refused the login of root \(Permission denied \(publickey\)\): check connection\.user and connection\.privateKey/],
        ["changed host key", remoteRunner({ ...host.connection, hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA4SBNHe1FGvBQ1j1qU1kTq0M3Xj0f7N1KZ4ZsQm6W2a" }), /^ssh root@10\.250\.1\.2:22: the host key of 10\.250\.1\.2 has changed: it now offers ED25519 key SHA256:\S+\. If the host's keys were replaced on purpose, set connection\.hostKey to the new one/],
        ["no host key known", remoteRunner({ ...host.connection, hostKey: undefined, port: 22 }), /^ssh root@10\.250\.1\.2:22: the host key of 10\.250\.1\.2 (is not known: it is never trusted on first sight\. Set connection\.hostKey|has changed)/],
        ["unreachable host", remoteRunner({ ...host.connection, host: "10.250.99.2" }), /^ssh root@10\.250\.99\.2:22: 10\.250\.99\.2 port 22 cannot be reached from this machine \((Network is unreachable|No route to host|Connection timed out)\)/],
    ];
    for (const [, run, message] of cases) await expect(run(["true"])).rejects.toThrow(message);
});

describe("a user who is not root, through sudo", () => {
    test("builds the walkthrough's objects with `sudo -n` for the kernel tools alone (the README's sudoers rule)", async () => {
        const run = remoteRunner({ ...host.connection, user: NON_ROOT, become: "sudo" });
        expect((await run.plain!(["id", "-un"])).trim()).toBe(NON_ROOT);
        const ns = await create(run, "NetworkNamespace", { name: "sudo-ns" });
        await create(run, "Bridge", { name: "sudo-br" });
        await create(run, "VethPair", { name: "sveth", namespace: "sudo-ns", peerName: "sveth-br", peerMaster: "sudo-br" });
        await create(run, "Address", { namespace: "sudo-ns", device: "sveth", address: "10.61.0.2/24" });
        await create(run, "MasqueradeRule", { source: "10.61.0.0/24" });
        await create(run, "IpForwarding", {});
        expect(await host.inside(["ip", "-n", "sudo-ns", "-j", "addr", "show", "dev", "sveth"])).toContain("10.61.0.2");
        expect(await host.inside(["iptables", "-w", "-t", "nat", "-S", "POSTROUTING"])).toContain("-s 10.61.0.0/24");
        await resourceType("NetworkNamespace").delete(run, ns);
        expect(await host.inside(["ip", "netns", "list"])).not.toContain("sudo-ns");
    });

    test("sudo that asks for a password fails naming the host, the command and why, and nothing is made", async () => {
        const run = remoteRunner({ ...host.connection, user: NO_SUDO, become: "sudo" });
        await expect(create(run, "NetworkNamespace", { name: "refused-ns" })).rejects.toThrow(
            new RegExp(`\`sudo -n -- ip netns add refused-ns\` on ssh ${NO_SUDO}@10\\.250\\.1\\.2:22 failed \\(exit 1\\): sudo: a password is required`),
        );
        expect(await host.inside(["ip", "netns", "list"])).not.toContain("refused-ns");
    });

    test("without a host, become: sudo runs the same commands on this machine through sudo", async () => {
        const ns = sandbox.name("local-sudo");
        const run = runnerFor({ connection: { become: "sudo" } }, runCommand);
        await create(run, "NetworkNamespace", { name: ns });
        expect(await sandbox.namespaces()).toContain(ns);
        expect(process.env.LINUXNET_COMMAND_LOG).toBeUndefined(); // (the argv is checked in the unit test)
        await runCommand(["ip", "netns", "delete", ns]);
    });
});

describe("a host reached only through a jump host (connection.proxy)", () => {
    let hidden: SshHost;
    let innerKey: string;
    beforeAll(async () => {
        // Its own key, which the jump host does not know, and the jump's key, which it does not: each login uses its own.
        const inner = await lab.newClientKey("inner");
        innerKey = inner.privateKey;
        hidden = await lab.addHost("hidden1", { authorizedKey: inner.publicKey, behind: host });
    });

    test("builds there through the jump host, with each login's own key and host key; directly it is unreachable", async () => {
        const connection = { host: hidden.address, privateKey: innerKey, hostKey: hidden.connection.hostKey, proxy: host.connection };
        await expect(remoteRunner({ ...connection, proxy: undefined })(["true"])).rejects.toThrow(/Network is unreachable|No route to host/);
        const run = runnerFor({ connection }, runCommand);
        expect(run.target).toBe(`ssh root@${hidden.address}:22 via root@${host.address}:22`);
        const ns = await create(run, "NetworkNamespace", { name: "behind-ns" });
        expect(await hidden.inside(["ip", "netns", "list"])).toContain("behind-ns");
        expect(await host.inside(["ip", "netns", "list"])).not.toContain("behind-ns");
        await resourceType("NetworkNamespace").delete(run, ns);
        expect(await hidden.inside(["ip", "netns", "list"])).not.toContain("behind-ns");
    });

    test("a wrong jump host key, or a jump host that does not know the key, fails naming both hosts", async () => {
        const connection = { host: hidden.address, privateKey: innerKey, hostKey: hidden.connection.hostKey };
        const via = `ssh root@10\\.251\\.\\d+\\.2:22 via root@10\\.250\\.1\\.2:22`;
        await expect(remoteRunner({ ...connection, proxy: { ...host.connection, hostKey: hidden.connection.hostKey } })(["true"])).rejects.toThrow(new RegExp(`^${via}: the host key of 10\\.250\\.1\\.2 has changed: .*set connection\\.proxy\\.hostKey`));
        await expect(remoteRunner({ ...connection, proxy: { ...host.connection, privateKey: innerKey } })(["true"])).rejects.toThrow(new RegExp(`^${via}: 10\\.250\\.1\\.2 refused the login of root .*check connection\\.proxy\\.user and connection\\.proxy\\.privateKey`));
    });
});
