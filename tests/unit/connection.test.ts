/**
 * The `connection` input, without a network: what check refuses (naming the field and, except for
 * a key, the value), which changes replace and which update, the ssh command line it makes, and
 * sudo wrapping every kernel command.
 */
import { Runner } from "../../provider/exec/run";
import { spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { sweepDeadKeyDirs } from "../../provider/exec/keyDirs";
import { describeConnection, knownHostsLine, sshArgv, throughSudo } from "../../provider/exec/ssh";
import { checkConnection, connectionChange } from "../../provider/framework/connection";
import { UNKNOWN_VALUE } from "../../provider/validate/fields";

const hostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA4SBNHe1FGvBQ1j1qU1kTq0M3Xj0f7N1KZ4ZsQm6W2a";

test.each([
    [{ host: "-oProxyCommand=x" }, 'connection.host "-oProxyCommand=x" is not a host name or address'],
    [{ host: "lab 1" }, 'connection.host "lab 1" is not a host name or address'],
    [{ host: "lab1", port: 0 }, "connection.port 0 must be a whole number from 1 to 65535"],
    [{ host: "lab1", user: "root;id" }, 'connection.user "root;id" is not a user name'],
    [{ host: "lab1", privateKey: "hunter2" }, "connection.privateKey is not a private key"],
    [{ host: "lab1", hostKey: "AAAA" }, 'connection.hostKey "AAAA" is not a public host key'],
    [{ host: "lab1", become: "su" }, 'connection.become "su" must be "sudo"'],
    [{ host: "lab1", password: "x" }, "connection.password is not a known property"],
    [{ port: 22 }, "connection.host is required (or become, for this machine)"],
    [{ become: "sudo", user: "lab" }, "connection.user needs connection.host"],
    ["lab1", 'connection must be an object with a host (got "lab1")'],
    [{ host: "lab1", agentSocket: "/tmp/a b" }, 'connection.agentSocket "/tmp/a b" must be the absolute path of an ssh-agent socket'],
    [{ host: "lab1", proxy: "bastion" }, 'connection.proxy must be an object with a host, the jump host (got "bastion")'],
    [{ host: "lab1", proxy: { user: "jump" } }, "connection.proxy.host is required (the jump host)"],
    [{ host: "lab1", proxy: { host: "-J" } }, 'connection.proxy.host "-J" is not a host name or address'],
    [{ host: "lab1", proxy: { host: "bastion", port: 70000 } }, "connection.proxy.port 70000 must be a whole number"],
    [{ host: "lab1", proxy: { host: "bastion", become: "sudo" } }, "connection.proxy.become is not a known property"],
    [{ host: "lab1", proxy: { host: "bastion", proxy: { host: "b2" } } }, "connection.proxy.proxy is not a known property"],
    [{ become: "sudo", proxy: { host: "bastion" } }, "connection.proxy needs connection.host"],
])("check refuses %j", (value, message) => {
    expect(checkConnection(value).failures.map((f) => f.reason).join("\n")).toContain(message);
});

test("a bad key is never repeated in the message, the jump host's neither", () => {
    expect(checkConnection({ host: "lab1", privateKey: "secret-ish text" }).failures[0].reason).not.toContain("secret-ish");
    expect(checkConnection({ host: "lab1", proxy: { host: "bastion", privateKey: "secret-ish text" } }).failures[0].reason).toBe("connection.proxy.privateKey is not a private key (the text of an OpenSSH or PEM key file)");
});

test("a host key pasted as a .pub line (with its comment) or an ssh-keyscan line (with the host) is kept as TYPE KEY", () => {
    expect(checkConnection({ host: "lab1", hostKey: `${hostKey} root@lab1` }).connection?.hostKey).toBe(hostKey);
    expect(checkConnection({ host: "lab1", hostKey: `lab1 ${hostKey}` }).connection?.hostKey).toBe(hostKey);
    expect(checkConnection({ host: "lab1", hostKey: "ssh-ed25519 not/base64!" }).failures).toHaveLength(1);
});

test("a connection not known until the apply (a VM's address) counts as another host in the preview", () => {
    expect(connectionChange({ connection: { host: "10.250.1.2" } }, { connection: UNKNOWN_VALUE })).toBe("host");
    expect(connectionChange({ connection: { host: "10.250.1.2" } }, { connection: { host: UNKNOWN_VALUE } })).toBe("host");
});

test("valid connections pass: an address, a name, IPv6, become without a host", () => {
    for (const c of [{ host: "10.250.1.2", hostKey }, { host: "lab-1.example.org", port: 2222, user: "lab" }, { host: "fd00::2" }, { become: "sudo" }]) {
        expect(checkConnection(c).failures).toEqual([]);
    }
});

test("another host or port replaces; other credentials update; the same in any key order changes nothing", () => {
    const before = { connection: { host: "10.250.1.2", user: "root", hostKey } };
    expect(connectionChange(before, { connection: { host: "10.250.2.2", user: "root", hostKey } })).toBe("host");
    expect(connectionChange(before, { connection: { ...before.connection, port: 2222 } })).toBe("host");
    expect(connectionChange(before, { connection: { ...before.connection, user: "lab", become: "sudo" } })).toBe("credentials");
    expect(connectionChange(before, { connection: { hostKey, user: "root", host: "10.250.1.2" } })).toBe("none");
    expect(connectionChange({}, { connection: { become: "sudo" } })).toBe("credentials");
    expect(connectionChange({}, { connection: { host: "lab1" } })).toBe("host");
});

test("the jump host is part of the host's identity (10.x behind one bastion is not 10.x behind another): adding, changing or dropping it replaces; its credentials update", () => {
    const direct = { connection: { host: "10.251.1.2", hostKey } };
    const viaA = { connection: { ...direct.connection, proxy: { host: "10.250.1.2", user: "jump", hostKey } } };
    expect(connectionChange(direct, viaA)).toBe("host");
    expect(connectionChange(viaA, { connection: { ...direct.connection, proxy: { host: "10.250.9.2" } } })).toBe("host");
    expect(connectionChange(viaA, { connection: { ...direct.connection, proxy: { host: "10.250.1.2", port: 2222 } } })).toBe("host");
    expect(connectionChange(viaA, direct)).toBe("host");
    expect(connectionChange(viaA, { connection: { ...direct.connection, proxy: { host: "10.250.1.2", user: "other" } } })).toBe("credentials");
    expect(connectionChange(viaA, { connection: { ...direct.connection, proxy: { host: UNKNOWN_VALUE } } })).toBe("host");
    expect(connectionChange(viaA, { connection: { proxy: { hostKey, user: "jump", host: "10.250.1.2" }, hostKey, host: "10.251.1.2" } })).toBe("none");
    expect(checkConnection(viaA.connection)).toEqual({ connection: viaA.connection, failures: [] });
});

test("null is not given: a null host is required like a missing one, never this machine", () => {
    expect(checkConnection({ host: null, user: "lab" }).failures.map((f) => f.reason)).toEqual(["connection.host is required (or become, for this machine)", "connection.user needs connection.host"]);
    expect(checkConnection({ host: "lab1", proxy: { host: null } }).failures.map((f) => f.reason)).toEqual(["connection.proxy.host is required (the jump host)"]);
});

test("no message shows a key: not inside a list or object, nor pasted into another field", () => {
    const privateKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
    const reasons = [
        checkConnection({ host: "lab1", proxy: [{ host: "b", privateKey }] }),
        checkConnection({ host: "lab1", hostKey: privateKey }),
        checkConnection({ host: "lab1", proxy: { host: "b", hostKey: privateKey } }),
        checkConnection([privateKey]),
    ].flatMap((r) => r.failures.map((f) => f.reason));
    expect(reasons).toHaveLength(4);
    for (const reason of reasons) expect(reason).not.toMatch(/b3BlbnNzaC1rZXktdjEAAAAA|BEGIN/);
});

test("the jump: a ProxyCommand of its own ssh (its own key pin and key, sh-quoted, % doubled for ssh), -W to the host", () => {
    const files = { knownHosts: "/run/k/known_hosts", proxy: { knownHosts: "/run/k/proxy_known_hosts", identity: "/run/100%/proxy_identity" } };
    const argv = sshArgv({ host: "fd00::2", proxy: { host: "bastion.example.org", port: 2222, user: "jump", hostKey } }, files);
    const option = argv.find((a) => a.startsWith("ProxyCommand="));
    expect(option).toBe("ProxyCommand=" + [
        "'ssh'", "'-F'", "'none'",
        ...["BatchMode=yes", "StrictHostKeyChecking=yes", "ControlMaster=no", "ControlPath=none", "ConnectTimeout=10", "ServerAliveInterval=15", "ServerAliveCountMax=3",
            "UserKnownHostsFile=/run/k/proxy_known_hosts", "GlobalKnownHostsFile=/dev/null", "IdentitiesOnly=yes"].flatMap((o) => ["'-o'", `'${o}'`]),
        // ssh expands % twice on the way (the outer ProxyCommand, then the jump's -i): %%%% is one %.
        "'-i'", "'/run/100%%%%/proxy_identity'", "'-p'", "'2222'", "'-l'", "'jump'", "'-W'", "'[%h]:%p'", "'--'", "'bastion.example.org'",
    ].join(" "));
    // The lab host itself: its own pin, after --, last.
    expect(argv.slice(-3)).toEqual(["--", "fd00::2", "sh"]);
    expect(argv).toContain("UserKnownHostsFile=/run/k/known_hosts");
    expect(describeConnection({ host: "fd00::2", proxy: { host: "bastion.example.org", user: "jump" } })).toBe("ssh root@fd00::2:22 via jump@bastion.example.org:22");
});

test("the ssh command line: host key checked, no prompts, the key alone, the host after --", () => {
    const argv = sshArgv({ host: "10.250.1.2", port: 2222, user: "lab", hostKey }, { knownHosts: "/tmp/k/known_hosts", identity: "/tmp/k/identity" });
    expect(argv).toEqual([
        "ssh", "-T", "-F", "none",
        "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "ControlMaster=no", "-o", "ControlPath=none", "-o", "ConnectTimeout=10", "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=3",
        "-o", "UserKnownHostsFile=/tmp/k/known_hosts", "-o", "GlobalKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes",
        "-i", "/tmp/k/identity", "-p", "2222", "-l", "lab", "--", "10.250.1.2", "sh",
    ]);
    expect(knownHostsLine({ host: "10.250.1.2", port: 2222, hostKey })).toBe(`[10.250.1.2]:2222 ${hostKey}\n`);
    expect(knownHostsLine({ host: "lab1", hostKey })).toBe(`lab1 ${hostKey}\n`);
});

test("through sudo: every command as `sudo -n --`, input passed on, the place and the plain runner kept", async () => {
    const seen: (readonly string[])[] = [];
    const inner = Object.assign(async (argv: readonly string[], input?: string) => {
        seen.push(argv);
        return input ?? "";
    }, { target: "ssh lab@lab1:22", host: "lab1:22" }) as Runner;
    const sudo = throughSudo(inner);
    expect(await sudo(["ip", "-batch", "-"], "link add x type dummy\n")).toBe("link add x type dummy\n");
    expect(seen).toEqual([["sudo", "-n", "--", "ip", "-batch", "-"]]);
    expect(sudo.target).toBe("ssh lab@lab1:22");
    expect(sudo.host).toBe("lab1:22");
    expect(sudo.plain).toBe(inner);
});

describe("key directories left by a provider killed while a session opened", () => {
    test("are removed when they belong to a process that no longer runs, and nothing else is", () => {
        const parent = mkdtempSync(path.join(tmpdir(), "lnxt-keys-"));
        try {
            // A pid that ran a moment ago and runs no more.
            const dead = spawnSync("sh", ["-c", "echo $$"], { encoding: "utf8" }).stdout.trim();
            const names = {
                dead: `linuxnet-ssh-${dead}-aB3dE9`,
                mine: `linuxnet-ssh-${process.pid}-Qw12er`,
                alive: "linuxnet-ssh-1-Zx98cv",
                oldName: "linuxnet-ssh-Ab12Cd",
                aFile: `linuxnet-ssh-${dead}-fILe00`,
            };
            for (const dir of [names.dead, names.mine, names.alive, names.oldName]) {
                mkdirSync(path.join(parent, dir), { mode: 0o700 });
                writeFileSync(path.join(parent, dir, "identity"), "key\n", { mode: 0o600 });
            }
            writeFileSync(path.join(parent, names.aFile), "");
            expect(sweepDeadKeyDirs(parent)).toEqual([path.join(parent, names.dead)]);
            expect(readdirSync(parent).sort()).toEqual([names.aFile, names.alive, names.mine, names.oldName].sort());
            expect(sweepDeadKeyDirs(path.join(parent, "missing"))).toEqual([]);
        } finally {
            rmSync(parent, { recursive: true, force: true });
        }
    });
});
