/**
 * The `connection` input, without a network: what check refuses (naming the field and, except for
 * a key, the value), which changes replace and which update, the ssh command line it makes, and
 * sudo wrapping every kernel command.
 */
import { Runner } from "../../provider/exec/run";
import { knownHostsLine, sshArgv, throughSudo } from "../../provider/exec/ssh";
import { checkConnection, connectionChange } from "../../provider/resources/connection";
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
])("check refuses %j", (value, message) => {
    expect(checkConnection(value).failures.map((f) => f.reason).join("\n")).toContain(message);
});

test("a bad key is never repeated in the message", () => {
    expect(checkConnection({ host: "lab1", privateKey: "secret-ish text" }).failures[0].reason).not.toContain("secret-ish");
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

test("the ssh command line: host key checked, no prompts, the key alone, the host after --", () => {
    const argv = sshArgv({ host: "10.250.1.2", port: 2222, user: "lab", hostKey }, { knownHosts: "/tmp/k/known_hosts", identity: "/tmp/k/identity" });
    expect(argv).toEqual([
        "ssh", "-T",
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
