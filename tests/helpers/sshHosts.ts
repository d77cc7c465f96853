/**
 * Simulated lab hosts with real SSH servers, none of it in the machine's root namespace: a
 * "workstation" namespace (where ssh, or `pulumi` itself, runs) joined by a veth pair to each
 * host namespace (and routing between them, so the hosts reach each other too), and in each host Debian's `sshd` in a mount namespace of its own with a private
 * /run/netns, so namespaces made over SSH exist only inside that host and vanish with it.
 * Host and client keys are made per test file; the known host key is pinned, never trusted on
 * first sight.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Connection } from "../../provider/exec/ssh";
import { SshServer, startSshServer } from "./sshServer";
import { Sandbox } from "./sandbox";

/** The hosts' user whom sudo lets run the kernel tools, and one it refuses. */
export const NON_ROOT = "linuxnet-lab";
export const NO_SUDO = "linuxnet-nosudo";
/** The README's sudoers rule: the tools pulumi-linuxnet runs, as root, without a password. */
export const SUDOERS_RULE = "ALL=(root) NOPASSWD: /usr/sbin/ip, /usr/sbin/iptables, /usr/sbin/ip6tables, /usr/sbin/sysctl";

export interface SshHost {
    /** The host's namespace (its network; its /run/netns is private to sshd's mount namespace). */
    namespace: string;
    address: string;
    /** What a resource's `connection` should be to reach it as root with the test key. */
    connection: Required<Pick<Connection, "host" | "user" | "privateKey" | "hostKey">>;
    /** sshd's pid: `nsenter -t PID -m -n` sees what a command over SSH sees. */
    pid: number;
    /** Runs argv inside the host as SSH would see it (its network and its /run/netns), without SSH. */
    inside(argv: string[]): Promise<string>;
    /** Stops its sshd: the host stays up, and nothing listens on port 22. */
    stopSsh(): Promise<void>;
    /** Its host key of another type (ECDSA): pinning it instead of connection.hostKey works too. */
    otherHostKey: string;
}

/** The uid (and gid) of NON_ROOT and of NO_SUDO. */
export const NON_ROOT_UID = 4242;
const NO_SUDO_UID = 4243;

/**
 * Two users who are not root, to be seen only inside a mount namespace of a test's own (its
 * /etc/passwd, /etc/shadow and /etc/sudoers.d, bind-mounted there by PRIVATE_MACHINE_MOUNTS with
 * `$2` = dir): NON_ROOT, whom sudo lets run the kernel tools without a password (the README's
 * sudoers line), and NO_SUDO, whom sudo refuses. The machine's own files are never changed.
 */
export function writeTestUsers(dir: string): void {
    const users = [[NON_ROOT, NON_ROOT_UID], [NO_SUDO, NO_SUDO_UID]] as const;
    fs.writeFileSync(path.join(dir, "passwd"), fs.readFileSync("/etc/passwd", "utf8") + users.map(([u, id]) => `${u}:x:${id}:${id}::/tmp:/bin/sh\n`).join(""));
    fs.writeFileSync(path.join(dir, "shadow"), fs.readFileSync("/etc/shadow", "utf8") + users.map(([u]) => `${u}:*:20000:0:99999:7:::\n`).join(""), { mode: 0o640 });
    fs.mkdirSync(path.join(dir, "sudoers.d"), { mode: 0o755 });
    fs.writeFileSync(path.join(dir, "sudoers.d", "linuxnet"), `${NON_ROOT} ${SUDOERS_RULE}\n`, { mode: 0o440 });
}

/** Shell commands (for `sh -c` in a private mount namespace, `$2` = writeTestUsers' dir) that show the test users there. */
export const TEST_USER_MOUNTS = 'mount --bind "$2/passwd" /etc/passwd && mount --bind "$2/shadow" /etc/shadow && mount --bind "$2/sudoers.d" /etc/sudoers.d';

/** The same, and a private /run/netns, so namespaces made inside exist only there and vanish with it. */
export const PRIVATE_MACHINE_MOUNTS = `mount -t tmpfs tmpfs /run/netns && ${TEST_USER_MOUNTS}`;

let labsMade = 0;

export class SshLab {
    readonly workstation: string;
    readonly dir: string;
    private readonly servers: SshServer[] = [];
    private hosts = 0;

    private constructor(private readonly sandbox: Sandbox, workstation: string) {
        this.workstation = workstation;
        // With the sandbox prefix in its path, so the leak check sees a surviving sshd; under /tmp,
        // which the hosts' non-root users can traverse (tests/.work is private to root).
        this.dir = path.join(os.tmpdir(), `linuxnet-ssh-${workstation}`);
        fs.rmSync(this.dir, { recursive: true, force: true });
        // Traversable (not listable) by the hosts' non-root users, whose sshd reads their
        // authorized_keys as them; the private keys inside stay 0600.
        fs.mkdirSync(this.dir, { recursive: true, mode: 0o711 });
    }

    static async create(sandbox: Sandbox): Promise<SshLab> {
        // Several labs of one test file each have a workstation (and files) of their own.
        const lab = new SshLab(sandbox, await sandbox.namespace(`ws${++labsMade}`));
        await sandbox.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "linuxnet-test", "-f", path.join(lab.dir, "client_key")]);
        return lab;
    }

    /** The private key every host authorizes unless told otherwise. */
    get clientKey(): string {
        return fs.readFileSync(path.join(this.dir, "client_key"), "utf8");
    }

    /** Another client key pair (for hosts to authorize, or not). */
    async newClientKey(name: string): Promise<{ privateKey: string; publicKey: string }> {
        const file = path.join(this.dir, `${name}_key`);
        await this.sandbox.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", file]);
        return { privateKey: fs.readFileSync(file, "utf8"), publicKey: fs.readFileSync(`${file}.pub`, "utf8") };
    }

    /** The public half of clientKey. */
    get clientPublicKey(): string {
        return fs.readFileSync(path.join(this.dir, "client_key.pub"), "utf8");
    }

    /**
     * A new host: namespace, veth to the workstation (10.250.N.1 here, .2 there), its own host key
     * and sshd. `behind` puts it behind another host instead (10.251.N.1 there, .2 here), with no
     * route from the workstation: reachable only through that host as a jump host. `mounts` are
     * more shell commands for sshd's mount namespace (a host without a tool, say); `ports` where
     * sshd listens (default 22).
     */
    async addHost(name: string, options: { authorizedKey?: string; behind?: SshHost; mounts?: string; ports?: number[] } = {}): Promise<SshHost> {
        const n = ++this.hosts;
        const namespace = await this.sandbox.namespace(name);
        const uplink = options.behind?.namespace ?? this.workstation;
        const [uplinkEnd, hostEnd] = [`ws-h${n}`, "uplink0"];
        const net = options.behind ? 251 : 250;
        const [uplinkAddress, address] = [`10.${net}.${n}.1`, `10.${net}.${n}.2`];
        const run = (argv: string[]) => this.sandbox.run(argv);
        await run(["ip", "-n", uplink, "link", "add", uplinkEnd, "type", "veth", "peer", "name", hostEnd, "netns", namespace]);
        await run(["ip", "-n", uplink, "addr", "add", `${uplinkAddress}/30`, "dev", uplinkEnd]);
        await run(["ip", "-n", uplink, "link", "set", "dev", uplinkEnd, "up"]);
        await run(["ip", "-n", namespace, "addr", "add", `${address}/30`, "dev", hostEnd]);
        await run(["ip", "-n", namespace, "link", "set", "dev", hostEnd, "up"]);
        // The hosts reach each other through the workstation, which forwards (their underlay).
        await run(["ip", "-n", namespace, "route", "add", "default", "via", uplinkAddress]);
        await run(["ip", "netns", "exec", this.workstation, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1"]);

        const dir = path.join(this.dir, name);
        fs.mkdirSync(dir, { mode: 0o711 });
        writeTestUsers(dir);
        const server = await startSshServer({
            namespace, address, dir, authorizedKeys: options.authorizedKey ?? this.clientPublicKey,
            allowUsers: ["root", NON_ROOT, NO_SUDO], mounts: [TEST_USER_MOUNTS, ...(options.mounts ? [options.mounts] : [])].join(" && "), ports: options.ports,
        });
        this.servers.push(server);
        return {
            namespace, address, pid: server.pid,
            connection: { host: address, user: "root", privateKey: this.clientKey, hostKey: server.hostKey },
            inside: (argv) => run(["nsenter", "-t", String(server.pid), "-m", "-n", ...argv]),
            stopSsh: () => server.stop(),
            otherHostKey: server.otherHostKey,
        };
    }

    /** Stops every sshd (their mount namespaces, and the namespaces made inside, go with them). */
    async close(): Promise<void> {
        await Promise.all(this.servers.map((s) => s.stop()));
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}
