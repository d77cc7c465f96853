/**
 * A real OpenSSH server that stands for a lab host, for the tests (tests/helpers/sshHosts.ts) and
 * the bench: Debian's sshd in a network namespace, in a mount namespace of its own with a private
 * /run/netns, so namespaces made over SSH exist only inside that "host"
 * and vanish with it. Its host key is made here and returned, to be pinned, never trusted on sight.
 */
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

export interface SshServerOptions {
    /** The host's network namespace (it must exist). */
    namespace: string;
    /** The address sshd listens on (port 22), one of the namespace's own. */
    address: string;
    /** A directory for the server's files (config, host key, authorized keys, pid). */
    dir: string;
    /** The public keys the server accepts, one per line, for every allowed user. */
    authorizedKeys: string;
    /** Users allowed to log in. Default: root. */
    allowUsers?: string[];
    /** Shell commands run as root in the server's mount namespace before sshd starts (`$2` is `dir`). */
    mounts?: string;
    /** Ports sshd listens on. Default: 22. */
    ports?: number[];
}

export interface SshServer {
    /** The host's public key, "ssh-ed25519 AAAA...". */
    hostKey: string;
    /** Its second public key, of another type ("ecdsa-sha2-nistp256 AAAA..."): pinning either works. */
    otherHostKey: string;
    /** sshd's pid: `nsenter -t PID -m -n` sees what a command over SSH sees. */
    pid: number;
    daemon: ChildProcess;
    /** Stops sshd; its mount namespace, and every namespace made inside, go with it. */
    stop(): Promise<void>;
}

export async function startSshServer(o: SshServerOptions): Promise<SshServer> {
    const file = (name: string) => path.join(o.dir, name);
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", o.namespace, "-f", file("host_key")]);
    execFileSync("ssh-keygen", ["-q", "-t", "ecdsa", "-N", "", "-C", o.namespace, "-f", file("host_key_ecdsa")]);
    const ports = o.ports ?? [22];
    fs.writeFileSync(file("authorized_keys"), o.authorizedKeys, { mode: 0o644 });
    fs.writeFileSync(file("sshd_config"), [
        ...ports.map((port) => `ListenAddress ${o.address}:${port}`),
        `HostKey ${file("host_key")}`,
        `HostKey ${file("host_key_ecdsa")}`,
        `AuthorizedKeysFile ${file("authorized_keys")}`,
        "PermitRootLogin prohibit-password",
        `AllowUsers ${(o.allowUsers ?? ["root"]).join(" ")}`,
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "UsePAM no",
        // The key files live where sshd's strict ownership checks would refuse them.
        "StrictModes no",
        `PidFile ${file("sshd.pid")}`,
        "LogLevel ERROR",
        "",
    ].join("\n"));
    fs.mkdirSync("/run/sshd", { recursive: true }); // sshd's privilege separation directory
    const daemon = spawn("nsenter", [`--net=/run/netns/${o.namespace}`, "unshare", "-m", "--propagation", "private", "sh", "-c",
        ["mount -t tmpfs tmpfs /run/netns", ...(o.mounts ? [o.mounts] : []), 'exec /usr/sbin/sshd -D -e -f "$1"'].join(" && "),
        "sshd", file("sshd_config"), o.dir], { stdio: ["ignore", "ignore", "pipe"] });
    let log = "";
    daemon.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
    const exited = () => daemon.exitCode !== null || daemon.signalCode !== null;
    const deadline = Date.now() + 10_000;
    for (;;) {
        const listening = spawnOutput(["ip", "netns", "exec", o.namespace, "ss", "-Hltn", `src ${o.address}`]);
        if (ports.every((port) => listening.includes(`${o.address}:${port}`)) && fs.existsSync(file("sshd.pid"))) break;
        if (exited() || Date.now() > deadline) {
            daemon.kill("SIGTERM");
            throw new Error(`sshd in ${o.namespace} did not listen on ${o.address} port ${ports.join(", ")}: ${log}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return {
        hostKey: publicKey(file("host_key.pub")),
        otherHostKey: publicKey(file("host_key_ecdsa.pub")),
        pid: Number(fs.readFileSync(file("sshd.pid"), "utf8")),
        daemon,
        stop: async () => {
            if (exited()) return;
            const gone = new Promise((resolve) => daemon.once("exit", resolve));
            daemon.kill("SIGTERM");
            await gone;
        },
    };
}

/** "TYPE KEY" of a .pub file, without its comment. */
function publicKey(pub: string): string {
    return fs.readFileSync(pub, "utf8").trim().split(" ").slice(0, 2).join(" ");
}

function spawnOutput(argv: string[]): string {
    try {
        return execFileSync(argv[0], argv.slice(1), { stdio: ["ignore", "pipe", "ignore"] }).toString();
    } catch {
        return "";
    }
}
