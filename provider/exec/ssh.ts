/**
 * Remote lab hosts: a Connection says where and as whom, and `remoteRunner` gives a Runner whose
 * commands run there, over one OpenSSH session per host kept for the life of the provider process
 * (see session.ts for why one session and not one per command).
 *
 * Safety: the host key is always verified (`StrictHostKeyChecking=yes`): against `hostKey` when the
 * program gives one, else against the user's own known_hosts; never accepted on first sight. No
 * password prompt can hang a run (`BatchMode=yes`). A private key given as input is written to a
 * private file only until the session is up, and passed to ssh alone (`IdentitiesOnly=yes`).
 * A jump host (`proxy`) is reached the same way, by a second `ssh -W` that ssh itself starts as its
 * ProxyCommand, with the jump host's own key pin and key: OpenSSH's `-J` would read those from
 * the user's ~/.ssh/config instead. Neither ssh reads a config file (`-F none`): what the
 * connection says is all there is, so no `Host` block of the user's can redirect or weaken it.
 */
import { createHash } from "crypto";
import { rmSync, writeFileSync } from "fs";
import * as path from "path";
import { Login, explainSshFailure } from "./advice";
import { makeKeyDir } from "./keyDirs";
import { Runner } from "./run";
import { Session, SessionPool, openSession, shellQuote } from "./session";

/** How to log in to one SSH server: the lab host itself, or the jump host on the way to it. */
export interface SshLogin {
    /** Host name or address. */
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
}

export interface Connection extends SshLogin {
    /** "sudo": every kernel command runs as `sudo -n -- COMMAND` (for a user who is not root). */
    become?: "sudo";
    /** A jump host that reaches `host` when this machine cannot (`ssh -J`). */
    proxy?: SshLogin;
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

/** How a Connection is named in messages and journals: `ssh root@10.0.0.2:22` (`via root@jump:22`). */
export function describeConnection(c: RemoteConnection): string {
    const login = (l: SshLogin) => `${l.user ?? "root"}@${l.host}:${l.port ?? 22}`;
    return `ssh ${login(c)}${c.proxy ? ` via ${login(c.proxy)}` : ""}`;
}

/**
 * The host as identity, whoever logs in: "10.0.0.2:22", or "10.0.0.2:22 via 192.0.2.1:22" behind a
 * jump host, because an address behind one bastion (a private 10.x) may be another machine than
 * the same address behind another.
 */
export function hostIdentity(c: SshLogin & { proxy?: SshLogin }): string {
    return `${c.host}:${c.port ?? 22}${c.proxy ? ` via ${hostIdentity(c.proxy)}` : ""}`;
}

/** The known_hosts line that pins `hostKey` for the host (OpenSSH writes non-22 ports as `[host]:port`). */
export function knownHostsLine(c: SshLogin): string {
    const name = (c.port ?? 22) === 22 ? c.host : `[${c.host}]:${c.port}`;
    return `${name} ${(c.hostKey ?? "").trim()}\n`;
}

/** Files an ssh command reads: the pinned host key and the private key, when the login gives them. */
export interface SshFiles {
    knownHosts?: string;
    identity?: string;
    /** The same for the jump host, when there is one. */
    proxy?: SshFiles;
}

/**
 * ssh expands `%` tokens (`%h`, `%d`, ...) in file names and in ProxyCommand; a literal `%` is `%%`.
 * Every name we hand it is a path we made or validated, but a `%` in $XDG_RUNTIME_DIR must still mean `%`.
 */
const literal = (value: string) => value.replace(/%/g, "%%");

/** The options and arguments of one ssh login, without the command: shared by the session and the jump. */
function loginOptions(l: SshLogin, files: SshFiles): string[] {
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
        ...(files.knownHosts ? [`UserKnownHostsFile=${literal(files.knownHosts)}`, "GlobalKnownHostsFile=/dev/null"] : []),
        ...(files.identity ? ["IdentitiesOnly=yes"] : []),
        ...(l.agentSocket ? [`IdentityAgent=${literal(l.agentSocket)}`] : []),
    ];
    return [
        // Not the user's ~/.ssh/config, nor /etc/ssh/ssh_config: only what the connection says.
        "-F", "none",
        ...options.flatMap((o) => ["-o", o]),
        ...(files.identity ? ["-i", literal(files.identity)] : []),
        "-p", String(l.port ?? 22),
        "-l", l.user ?? "root",
    ];
}

/**
 * The jump: ssh runs its ProxyCommand through `$SHELL -c` (the session sets SHELL=/bin/sh), so
 * every word is single-quoted; `-W` joins our stdin and stdout to the lab host's port (brackets
 * keep an IPv6 `%h` whole).
 */
export function proxyCommand(proxy: SshLogin, files: SshFiles): string {
    const argv = ["ssh", ...loginOptions(proxy, files), "-W", "[%h]:%p", "--", proxy.host];
    // Two ssh's expand `%`: the jump's own words (already literal() for the inner ssh) are quoted for
    // the shell and their `%` doubled again for the outer one; "[%h]:%p" is the outer ssh's to
    // expand, and quoted too (brackets are a glob; zsh refuses a glob that matches nothing).
    return argv.map((word) => (word === "[%h]:%p" ? shellQuote(word) : literal(shellQuote(word)))).join(" ");
}

/** The `ssh` command line that opens a shell on the host for a command session. */
export function sshArgv(c: RemoteConnection, files: SshFiles): string[] {
    return [
        "ssh", "-T",
        ...loginOptions(c, files),
        ...(c.proxy ? ["-o", `ProxyCommand=${proxyCommand(c.proxy, files.proxy ?? {})}`] : []),
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

/**
 * Sessions per host: one shell runs one command at a time, so a single session made a host's
 * resources wait on each other; a few connections let them run side by side, as local commands do.
 */
const SESSIONS_PER_HOST = 4;
const pools = new Map<string, SessionPool>();

function sessionKey(c: RemoteConnection): string {
    const login = (l: SshLogin) => {
        const secret = l.privateKey ? createHash("sha256").update(l.privateKey).digest("hex") : "";
        return [l.host, l.port ?? 22, l.user ?? "root", l.hostKey ?? "", l.agentSocket ?? "", secret];
    };
    return JSON.stringify([login(c), c.proxy ? login(c.proxy) : null]);
}

/** Writes the key pin and the private key a login gives into `dir` (private), named after `prefix`. */
function writeLoginFiles(l: SshLogin, dir: string, prefix: string): SshFiles {
    const files: SshFiles = {};
    if (l.hostKey) writeFileSync((files.knownHosts = path.join(dir, `${prefix}known_hosts`)), knownHostsLine(l), { mode: 0o600 });
    if (l.privateKey) writeFileSync((files.identity = path.join(dir, `${prefix}identity`)), l.privateKey.endsWith("\n") ? l.privateKey : `${l.privateKey}\n`, { mode: 0o600 });
    return files;
}

/** A login as the advice about a failed one names it (exec/advice.ts). */
function login(l: SshLogin, field: string): Login {
    return { host: l.host, port: l.port ?? 22, user: l.user ?? "root", hostKeyPinned: l.hostKey !== undefined, field };
}

/** Opens one more session to the host, writing the key files it needs and removing them once it is up or has failed. */
function openHostSession(c: RemoteConnection, target: string, onClose: () => void): Session {
    const dir = makeKeyDir();
    const files: SshFiles = { ...writeLoginFiles(c, dir, ""), ...(c.proxy ? { proxy: writeLoginFiles(c.proxy, dir, "proxy_") } : {}) };
    const opened = openSession([...launchPrefix(), ...sshArgv(c, files)], target, {
        onClose,
        place: { host: c.host, user: c.user ?? "root" },
        explain: (said) => explainSshFailure(said, [login(c, "connection"), ...(c.proxy ? [login(c.proxy, "connection.proxy")] : [])]),
    });
    // ssh (and the jump's) read the files while they connect; after that they only wait to leak.
    const remove = () => rmSync(dir, { recursive: true, force: true });
    void opened.ready.then(remove, remove);
    return opened;
}

/**
 * A Runner on the host the connection names, over a pool of up to SESSIONS_PER_HOST sessions; a
 * second one opens only once one has logged in, so a host that refuses us is asked once.
 */
export function remoteRunner(c: RemoteConnection): Runner {
    const target = describeConnection(c);
    // Once per runner, not per command: it hashes the private key.
    const key = sessionKey(c);
    const session = async (): Promise<Session> => {
        let pool = pools.get(key);
        if (!pool) pools.set(key, (pool = new SessionPool((onClose) => openHostSession(c, target, onClose), SESSIONS_PER_HOST, (open) => open.some((s) => s.answered()))));
        const s = pool.session();
        await s.ready;
        return s;
    };
    const run = Object.assign(async (argv: readonly string[], input?: string) => (await session()).run(argv, input), { target, host: hostIdentity(c) });
    return c.become === "sudo" ? throughSudo(run) : run;
}

/** Ends every session (tests; the provider process's exit ends them anyway). */
export function closeAllSessions(): void {
    for (const pool of pools.values()) pool.close();
    pools.clear();
}
