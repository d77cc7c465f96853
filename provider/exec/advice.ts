/**
 * What a failure means and what to do about it, from what the tool or ssh printed: the last part
 * of every message a failed command or SSH session ends in. Pure: the texts it reads were captured
 * from OpenSSH, sudo, dash, bash and iproute2 (tests/unit/advice.test.ts), and a text it does not
 * know passes through trimmed, with no advice rather than a wrong one.
 */

/** The package that provides each tool the provider runs, on Debian/Ubuntu and on RHEL/Fedora. */
export const TOOL_PACKAGES: Readonly<Record<string, { debian: string; rhel: string }>> = {
    ip: { debian: "iproute2", rhel: "iproute" },
    bridge: { debian: "iproute2", rhel: "iproute" },
    iptables: { debian: "iptables", rhel: "iptables-nft" },
    ip6tables: { debian: "iptables", rhel: "iptables-nft" },
    nft: { debian: "nftables", rhel: "nftables" },
    sysctl: { debian: "procps", rhel: "procps-ng" },
    stat: { debian: "coreutils", rhel: "coreutils" },
    sudo: { debian: "sudo", rhel: "sudo" },
    ssh: { debian: "openssh-client", rhel: "openssh-clients" },
};

/**
 * The tool that could not be started, from what its starter printed: the shell (dash's "sh: 1:
 * iptables: not found", bash's "command not found"), sudo ("sudo: iptables: command not found") or
 * `ip netns exec` ("exec of "iptables" failed: No such file or directory").
 */
export function missingTool(stderr: string, exitCode: number | undefined): string | undefined {
    const execFailed = /exec of "([^"]+)" failed: No such file or directory/.exec(stderr);
    if (execFailed) return execFailed[1];
    const sudo = /^sudo: ([^\s:]+): command not found$/m.exec(stderr);
    if (sudo) return sudo[1];
    const shell = /^[^\n:]*: (?:line )?\d+: ([^\s:]+): (?:command )?not found$/m.exec(stderr);
    return shell && (exitCode === 127 || exitCode === undefined) ? shell[1] : undefined;
}

/** "install iptables (Debian, Ubuntu) or iptables-nft (RHEL, Fedora)", or undefined for a tool we do not run. */
export function installAdvice(tool: string): string | undefined {
    const found = TOOL_PACKAGES[tool.replace(/^.*\//, "")];
    if (!found) return undefined;
    return found.debian === found.rhel
        ? `install the package ${found.debian}`
        : `install the package ${found.debian} (Debian, Ubuntu) or ${found.rhel} (RHEL, Fedora)`;
}

/** Where commands ran, for advice: the user who ran them, and the machine. */
export interface Place {
    /** "this machine", or the host's name or address. */
    host: string;
    /** The user the commands run as before sudo (undefined: not known). */
    user?: string;
}

/** The sudoers line the README gives: the tools pulumi-linuxnet runs, as root, without a password. */
export function sudoersLine(user: string): string {
    return `${user} ALL=(root) NOPASSWD: /usr/sbin/ip, /usr/sbin/iptables, /usr/sbin/ip6tables, /usr/sbin/sysctl`;
}

/**
 * What to do about a command that ran (or tried to) and failed, when its output says: a missing
 * tool, sudo wanting a password or refusing, missing privileges, a feature the kernel lacks. A
 * sentence, capitalised unless it starts with a tool's name.
 */
export function commandAdvice(stderr: string, exitCode: number | undefined, place: Place): string | undefined {
    const tool = missingTool(stderr, exitCode);
    if (tool) {
        const install = installAdvice(tool);
        return `${tool} is not installed on ${place.host}${install ? `: ${install}` : ""}`;
    }
    const user = place.user ?? "the user";
    if (/^sudo: (a password is required|a terminal is required)/m.test(stderr) || /is not in the sudoers file|is not allowed to execute/.test(stderr)) {
        return `sudo on ${place.host} does not let ${user} run the network tools without a password (connection.become "sudo" never gives one): allow them in /etc/sudoers.d, e.g. \`${sudoersLine(place.user ?? "USER")}\``;
    }
    if (/Operation not permitted|must be root|Permission denied/.test(stderr)) {
        return `Changing network settings needs root (CAP_NET_ADMIN): run pulumi as root, or set connection.become to "sudo"`;
    }
    if (/Operation not supported|Unknown device type|Not supported/.test(stderr)) {
        return `The kernel of ${place.host} lacks this feature (a module not loaded, or not built in)`;
    }
    return undefined;
}

/** How the provider logged in, for advice about a failed login. */
export interface Login {
    host: string;
    port: number;
    user: string;
    /** The host key is pinned (`hostKey`; else ~/.ssh/known_hosts decides). */
    hostKeyPinned: boolean;
    /** Where the program sets this login: "connection", or "connection.proxy" for the jump host. */
    field: string;
}

const keyscan = (type: string, login: Pick<Login, "host" | "port">) => `ssh-keyscan -t ${type} -p ${login.port} ${login.host}`;
const fingerprint = (type: string) => `\`ssh-keygen -lf /etc/ssh/ssh_host_${type}_key.pub\``;

/**
 * ssh's stderr when a session could not be opened or ended, as one message that says what
 * happened and what to set; undefined when it is none of the failures known here. `logins` are
 * the lab host's and, behind a jump host, the jump host's: the one whose host ssh names is the one
 * to mend. ssh's own advice names temporary files of the provider (its known_hosts), which are
 * gone by the time anyone reads it, so it is never passed on.
 */
export function explainSshFailure(stderr: string, logins: readonly Login[]): string | undefined {
    const lines = stderr.split("\n").map((l) => l.trim()).filter(Boolean);
    const text = lines.join("\n");
    const about = (host: string | undefined) => logins.find((l) => l.host === host) ?? logins[0];

    const changed = /Host key for (\S+) has changed/.exec(text)?.[1] ?? (/REMOTE HOST IDENTIFICATION HAS CHANGED/.test(text) ? logins[0].host : undefined);
    if (changed !== undefined) {
        const login = about(changed);
        const offered = /The fingerprint for the (\S+) key sent by the remote host is\s+(\S+?)\.?$/m.exec(text);
        const type = offered?.[1].toLowerCase() ?? "ed25519";
        const fix = login.hostKeyPinned
            ? `set ${login.field}.hostKey to the new one`
            : `replace the old one in ~/.ssh/known_hosts (\`ssh-keygen -R ${changed}\`) or set ${login.field}.hostKey`;
        return `the host key of ${changed} has changed${offered ? `: it now offers ${offered[1]} key ${offered[2]}` : ""}. If the host's keys were replaced on purpose, ${fix} (\`${keyscan(type, login)}\` prints it; check its fingerprint on the host: ${fingerprint(type)}); if not, do not connect: someone may be intercepting the connection`;
    }
    const unknown = /No (\S+) host key is known for (\S+?) and/.exec(text);
    if (unknown || /Host key verification failed/.test(text)) {
        const login = about(unknown?.[2]);
        const type = unknown?.[1].toLowerCase() ?? "ed25519";
        const where = login.hostKeyPinned ? `does not match ${login.field}.hostKey (a key of another type?)` : "is not known: it is never trusted on first sight";
        return `the host key of ${login.host} ${where}. Set ${login.field}.hostKey to the host's public key (\`${keyscan(type, login)}\` prints it; check its fingerprint on the host: ${fingerprint(type)}) or add it to ~/.ssh/known_hosts`;
    }
    const denied = /^(\S+)@(\S+): Permission denied \(([^)]*)\)/m.exec(text);
    if (denied) {
        const login = about(denied[2]);
        return `${denied[2]} refused the login of ${denied[1]} (Permission denied (${denied[3]})): check ${login.field}.user and ${login.field}.privateKey; the key's public half must be in ~${denied[1]}/.ssh/authorized_keys on the host (or, without privateKey, the ssh agent must hold the key)`;
    }
    const connect = /ssh: connect to host (\S+) port (\d+): (.+)$/m.exec(text);
    if (connect) {
        const login = about(connect[1]);
        if (/Connection refused/.test(connect[3])) return `nothing listens on ${connect[1]} port ${connect[2]} (Connection refused): check ${login.field}.host and ${login.field}.port, and that sshd runs there`;
        return `${connect[1]} port ${connect[2]} cannot be reached from this machine (${connect[3]}): check ${login.field}.host and ${login.field}.port, the network between, or reach it through a jump host (connection.proxy)`;
    }
    const resolve = /ssh: Could not resolve hostname (\S+?): (.+)$/m.exec(text);
    if (resolve) return `the name ${resolve[1]} does not resolve (${resolve[2]}): check ${about(resolve[1]).field}.host`;
    return undefined;
}
