/**
 * Remote lab hosts: a Connection says where and as whom, and `remoteRunner` gives a Runner whose
 * commands run there, over one OpenSSH session per host kept for the life of the provider process
 * (see session.ts for why one session and not one per command).
 *
 * Safety: the host key is always verified (`StrictHostKeyChecking=yes`): against `hostKey` when the
 * program gives one, else against the user's own known_hosts; never accepted on first sight. No
 * password prompt can hang a run (`BatchMode=yes`). A private key given as input is written to a
 * private file only until the session is up, and passed to ssh alone (`IdentitiesOnly=yes`).
 */
import { createHash } from "crypto";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { Runner } from "./run";
import { Session, openSession } from "./session";

export interface Connection {
    /** Host name or address of the lab host. */
    host: string;
    /** SSH port. Default 22. */
    port?: number;
    /** User to log in as. Default "root". */
    user?: string;
    /** A private key (OpenSSH or PEM text). Default: the ssh agent, then the user's own keys. */
    privateKey?: string;
    /** Path of an ssh-agent socket to use instead of $SSH_AUTH_SOCK. */
    agentSocket?: string;
    /** The host's public key as `ssh-keyscan` or a host's `/etc/ssh/ssh_host_*_key.pub` shows it ("ssh-ed25519 AAAA..."). */
    hostKey?: string;
    /** "sudo": every kernel command runs as `sudo -n -- COMMAND` (for a user who is not root). */
    become?: "sudo";
}

/** A connection to another machine (one with a host; without one it only says how to become root here). */
export type RemoteConnection = Connection & { host: string };

/**
 * `run`, with every command through `sudo -n --` (never a password prompt: sudo refuses instead,
 * and its "a password is required" reaches the error). `plain` keeps the unprivileged runner for
 * reads that need no root (exec/files.ts), so sudo is asked for the kernel tools alone.
 */
export function throughSudo(run: Runner): Runner {
    const sudo = (argv: readonly string[], input?: string) => run(["sudo", "-n", "--", ...argv], input);
    return Object.assign(sudo, { target: run.target, host: run.host, plain: run });
}

/** How a Connection is named in messages and journals: `ssh root@10.0.0.2:22`. */
export function describeConnection(c: RemoteConnection): string {
    return `ssh ${c.user ?? "root"}@${c.host}:${c.port ?? 22}`;
}

/** The host as identity, whoever logs in: "10.0.0.2:22". */
export function hostIdentity(c: RemoteConnection): string {
    return `${c.host}:${c.port ?? 22}`;
}

/** The known_hosts line that pins `hostKey` for the host (OpenSSH writes non-22 ports as `[host]:port`). */
export function knownHostsLine(c: RemoteConnection): string {
    const name = (c.port ?? 22) === 22 ? c.host : `[${c.host}]:${c.port}`;
    return `${name} ${(c.hostKey ?? "").trim()}\n`;
}

/** Files the ssh command reads: the pinned host key and the private key, when the connection gives them. */
export interface SshFiles {
    knownHosts?: string;
    identity?: string;
}

/** The `ssh` command line that opens a shell on the host for a command session. */
export function sshArgv(c: RemoteConnection, files: SshFiles): string[] {
    const options = [
        "BatchMode=yes",
        "StrictHostKeyChecking=yes",
        // Never ride on a connection the user's ~/.ssh/config multiplexes: it was opened with
        // their settings, not with this host key pin and key.
        "ControlMaster=no",
        "ControlPath=none",
        "ConnectTimeout=10",
        // A dead host or network is noticed within a minute, not at TCP's leisure.
        "ServerAliveInterval=15",
        "ServerAliveCountMax=3",
        ...(files.knownHosts ? [`UserKnownHostsFile=${files.knownHosts}`, "GlobalKnownHostsFile=/dev/null"] : []),
        ...(files.identity ? ["IdentitiesOnly=yes"] : []),
        ...(c.agentSocket ? [`IdentityAgent=${c.agentSocket}`] : []),
    ];
    return [
        "ssh", "-T",
        ...options.flatMap((o) => ["-o", o]),
        ...(files.identity ? ["-i", files.identity] : []),
        "-p", String(c.port ?? 22),
        "-l", c.user ?? "root",
        // `--` so that no host value can be read as an option (validation refuses a leading "-" too).
        "--", c.host, "sh",
    ];
}

/**
 * Commands before `ssh` (tests put the workstation in a namespace of its own with
 * `LINUXNET_SSH_PREFIX="ip netns exec ws"`): space-separated words, no quoting.
 */
function launchPrefix(): string[] {
    return (process.env.LINUXNET_SSH_PREFIX ?? "").split(" ").filter(Boolean);
}

const sessions = new Map<string, Session>();

function sessionKey(c: RemoteConnection): string {
    const secret = c.privateKey ? createHash("sha256").update(c.privateKey).digest("hex") : "";
    return JSON.stringify([c.host, c.port ?? 22, c.user ?? "root", c.hostKey ?? "", c.agentSocket ?? "", secret]);
}

/**
 * A Runner on the host the connection names. The first command opens the session (writing the
 * key files it needs, removed again once the session is up or has failed); later commands reuse
 * it; a session that ended is opened afresh by the next command.
 */
export function remoteRunner(c: RemoteConnection): Runner {
    const target = describeConnection(c);
    // Once per runner, not per command: it hashes the private key.
    const key = sessionKey(c);
    const session = async (): Promise<Session> => {
        let s = sessions.get(key);
        if (!s) {
            // A tmpfs where there is one (the user's runtime directory), so a key never reaches a disk
            // even if this process dies before removing it; mkdtemp makes the directory 0700.
            const dir = mkdtempSync(path.join(process.env.XDG_RUNTIME_DIR ?? tmpdir(), "linuxnet-ssh-"));
            const files: SshFiles = {};
            if (c.hostKey) writeFileSync((files.knownHosts = path.join(dir, "known_hosts")), knownHostsLine(c), { mode: 0o600 });
            if (c.privateKey) writeFileSync((files.identity = path.join(dir, "identity")), c.privateKey.endsWith("\n") ? c.privateKey : `${c.privateKey}\n`, { mode: 0o600 });
            const opened = openSession([...launchPrefix(), ...sshArgv(c, files)], target, { onClose: () => sessions.delete(key) });
            sessions.set(key, opened);
            s = opened;
            // ssh reads both files while it connects; after that they only wait to leak.
            void opened.ready.then(() => rmSync(dir, { recursive: true, force: true }), () => rmSync(dir, { recursive: true, force: true }));
        }
        await s.ready;
        return s;
    };
    const run = Object.assign(async (argv: readonly string[], input?: string) => (await session()).run(argv, input), { target, host: hostIdentity(c) });
    return c.become === "sudo" ? throughSudo(run) : run;
}

/** Ends every session (tests; the provider process's exit ends them anyway). */
export function closeAllSessions(): void {
    for (const s of sessions.values()) s.close();
    sessions.clear();
}
