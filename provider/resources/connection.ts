/**
 * `connection`: the input every resource has that says on which host its kernel object lives.
 * None means this machine, as always. With one, every command of the resource runs on that host
 * over SSH (exec/ssh.ts). Kept beside lineage.ts because, like the parents, it is the same for
 * every type and handled once, in implementation.ts, not in each type's schema.
 *
 * Which host is identity (a different host is a different object: replace); how we log in is not
 * (new credentials for the same host change nothing in the kernel: update).
 */
import { Connection, hostIdentity, remoteRunner, throughSudo } from "../exec/ssh";
import { Runner } from "../exec/run";
import { isUnknown } from "../validate/fields";
import { CheckFailure } from "./schema";

export const CONNECTION = "connection";

const FIELDS = ["host", "port", "user", "privateKey", "agentSocket", "hostKey", "become"] as const;

/** Why each field's value is bad, or undefined. */
const problems: Record<(typeof FIELDS)[number], (v: unknown) => string | undefined> = {
    // Host names and IPv4/IPv6 addresses; never a leading "-", which ssh could read as an option.
    host: (v) => (typeof v === "string" && /^[A-Za-z0-9_.:][A-Za-z0-9_.:-]{0,252}$/.test(v) ? undefined : 'is not a host name or address: use letters, digits, ".", ":", "-" and "_", not starting with "-"'),
    port: (v) => (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65535 ? undefined : "must be a whole number from 1 to 65535"),
    user: (v) => (typeof v === "string" && /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/.test(v) ? undefined : "is not a user name"),
    privateKey: (v) => (typeof v === "string" && /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(v) ? undefined : "is not a private key (the text of an OpenSSH or PEM key file)"),
    agentSocket: (v) => (typeof v === "string" && v.startsWith("/") && !v.includes("\n") ? undefined : "must be the absolute path of an ssh-agent socket"),
    become: (v) => (v === "sudo" ? undefined : 'must be "sudo"'),
    hostKey: (v) => (typeof v === "string" && keyOf(v) ? undefined : 'is not a public host key ("ssh-ed25519 AAAA...", as in a host\'s /etc/ssh/ssh_host_*_key.pub)'),
};

const KEY_TYPE = /^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp(256|384|521)|sk-\S+)$/;

/**
 * "TYPE KEY" out of a public key line as people paste it: a `.pub` file's line (with its trailing
 * comment) or an `ssh-keyscan` line (with the host in front). Empty when there is none.
 */
function keyOf(line: string): string {
    const words = line.trim().split(/\s+/);
    const at = words.findIndex((w) => KEY_TYPE.test(w));
    return at >= 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(words[at + 1] ?? "") ? `${words[at]} ${words[at + 1]}` : "";
}

/**
 * The connection as sent, checked: each failure names the field (`connection.port`) and, except
 * for the private key, the value.
 */
export function checkConnection(value: unknown): { connection?: Connection; failures: CheckFailure[] } {
    if (value === undefined || value === null) return { failures: [] };
    if (isUnknown(value)) return { connection: value as Connection, failures: [] };
    if (typeof value !== "object" || Array.isArray(value)) return { failures: [{ property: CONNECTION, reason: `connection must be an object with a host (got ${JSON.stringify(value)})` }] };
    const given = value as Record<string, unknown>;
    const failures: CheckFailure[] = [];
    // Without a host, a connection only says how to become root on this machine.
    if (given.host === undefined && given.become === undefined) failures.push({ property: CONNECTION, reason: "connection.host is required (or become, for this machine)" });
    const remoteOnly = ["port", "user", "privateKey", "agentSocket", "hostKey"].filter((f) => given[f] !== undefined);
    if (given.host === undefined && remoteOnly.length) failures.push({ property: CONNECTION, reason: `connection.${remoteOnly[0]} needs connection.host` });
    for (const [field, v] of Object.entries(given)) {
        if (!(FIELDS as readonly string[]).includes(field)) {
            failures.push({ property: CONNECTION, reason: `connection.${field} is not a known property (known: ${FIELDS.join(", ")})` });
            continue;
        }
        if (v === undefined || v === null || isUnknown(v)) continue;
        const problem = problems[field as (typeof FIELDS)[number]](v);
        // A secret is never repeated in a message.
        const shown = field === "privateKey" ? "" : ` ${JSON.stringify(v)}`;
        if (problem) failures.push({ property: CONNECTION, reason: `connection.${field}${shown} ${problem}` });
    }
    const connection = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined && v !== null)) as unknown as Connection;
    if (typeof connection.hostKey === "string" && !problems.hostKey(connection.hostKey)) connection.hostKey = keyOf(connection.hostKey);
    return { connection, failures };
}

/** The host the object lives on, as identity: "" for this machine. */
function hostOf(c: Connection | undefined): string {
    return c?.host ? hostIdentity({ ...c, host: c.host }) : "";
}

/** How the connection changed between the state and the program: a new host replaces, new credentials update. */
export function connectionChange(olds: Record<string, unknown>, news: Record<string, unknown>): "none" | "credentials" | "host" {
    const [before, after] = [olds[CONNECTION] as Connection | undefined, news[CONNECTION] as Connection | undefined];
    // Not known before the apply (a VM's address, say): it may be another host, so say replace.
    if (isUnknown(after) || isUnknown(after?.host) || isUnknown(after?.port)) return "host";
    if (hostOf(before) !== hostOf(after)) return "host";
    return canonical(before) === canonical(after) ? "none" : "credentials";
}

function canonical(c: Connection | undefined): string {
    return JSON.stringify(c ? Object.entries(c).sort(([a], [b]) => a.localeCompare(b)) : null);
}

/** The inputs without the connection (what a type's own schema checks), and the connection. */
export function withoutConnection<T extends object>(news: T): T {
    const { [CONNECTION]: _connection, ...rest } = news as Record<string, unknown>;
    return rest as T;
}

/** The runner for an object: on its connection's host, or `local` when it has none. */
export function runnerFor(props: object, local: Runner): Runner {
    const c = (props as Record<string, unknown>)[CONNECTION] as Connection | undefined;
    if (c?.host !== undefined) return remoteRunner({ ...c, host: c.host });
    return c?.become === "sudo" ? throughSudo(local) : local;
}

/** The connection field of a state or inputs, to carry into the next ones. */
export function connectionOf(props: object): Record<string, unknown> {
    const c = (props as Record<string, unknown>)[CONNECTION];
    return c !== undefined ? { [CONNECTION]: c } : {};
}
