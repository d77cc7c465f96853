/**
 * `connection`: the input every resource has that says on which host its kernel object lives.
 * None means this machine, as always. With one, every command of the resource runs on that host
 * over SSH (exec/ssh.ts). The same for every type, so handled once, in implementation.ts, not in
 * each type's schema.
 *
 * Which host is identity (a different host is a different object: replace); how we log in is not
 * (new credentials for the same host, or another jump host on the way to it, change nothing in
 * the kernel: update).
 */
import { Connection, SshLogin, hostIdentity, remoteRunner, throughSudo } from "../exec/ssh";
import { Runner } from "../exec/run";
import { isUnknown } from "../validate/fields";
import { CheckFailure } from "./schema";

export const CONNECTION = "connection";

const LOGIN_FIELDS = ["host", "port", "user", "privateKey", "agentSocket", "hostKey"] as const;
const FIELDS = [...LOGIN_FIELDS, "become", "proxy"] as const;
type LoginField = (typeof LOGIN_FIELDS)[number];

/** Why each field's value is bad, or undefined. */
const problems: Record<LoginField | "become", (v: unknown) => string | undefined> = {
    // Host names and IPv4/IPv6 addresses; never a leading "-", which ssh could read as an option.
    host: (v) => (typeof v === "string" && /^[A-Za-z0-9_.:][A-Za-z0-9_.:-]{0,252}$/.test(v) ? undefined : 'is not a host name or address: use letters, digits, ".", ":", "-" and "_", not starting with "-"'),
    port: (v) => (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65535 ? undefined : "must be a whole number from 1 to 65535"),
    user: (v) => (typeof v === "string" && /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/.test(v) ? undefined : "is not a user name"),
    privateKey: (v) => (typeof v === "string" && /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(v) ? undefined : "is not a private key (the text of an OpenSSH or PEM key file)"),
    // ssh reads the option as a config line: no spaces or quotes, which no agent socket path has.
    agentSocket: (v) => (typeof v === "string" && /^\/[A-Za-z0-9_./@+-]*$/.test(v) ? undefined : 'must be the absolute path of an ssh-agent socket (letters, digits, "/", ".", "_", "-", "@", "+")'),
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
 * The connection as sent, checked: each failure names the field (`connection.port`,
 * `connection.proxy.host`) and, except for a private key, the value.
 */
export function checkConnection(value: unknown): { connection?: Connection; failures: CheckFailure[] } {
    if (value === undefined || value === null) return { failures: [] };
    if (isUnknown(value)) return { connection: value as Connection, failures: [] };
    if (typeof value !== "object" || Array.isArray(value)) return { failures: [{ property: CONNECTION, reason: `connection must be an object with a host (got ${shown(value)})` }] };
    const given = givenFields(value);
    const failures: string[] = [];
    // Without a host, a connection only says how to become root on this machine.
    if (given.host === undefined && given.become === undefined) failures.push("connection.host is required (or become, for this machine)");
    const remoteOnly = ["port", "user", "privateKey", "agentSocket", "hostKey", "proxy"].filter((f) => given[f] !== undefined);
    if (given.host === undefined && remoteOnly.length) failures.push(`connection.${remoteOnly[0]} needs connection.host`);
    const connection = checkFields("connection", given, FIELDS, failures) as unknown as Connection;
    const proxy = given.proxy;
    if (proxy !== undefined && !isUnknown(proxy)) {
        if (typeof proxy !== "object" || Array.isArray(proxy)) failures.push(`connection.proxy must be an object with a host, the jump host (got ${shown(proxy)})`);
        else {
            const jump = givenFields(proxy as object);
            if (jump.host === undefined) failures.push("connection.proxy.host is required (the jump host)");
            connection.proxy = checkFields("connection.proxy", jump, LOGIN_FIELDS, failures) as unknown as SshLogin;
        }
    }
    return { connection, failures: failures.map((reason) => ({ property: CONNECTION, reason })) };
}

/** The fields an object gives: null is "not given", as undefined is, so `host: null` never means this machine. */
function givenFields(o: object): Record<string, unknown> {
    return Object.fromEntries(Object.entries(o as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined));
}

/**
 * A value as a message may show it: a string or number as JSON; never an object or a list (a key
 * may sit inside), nor anything that looks like a private key (pasted into the wrong field).
 */
function shown(v: unknown): string {
    if (typeof v === "string") return /PRIVATE KEY/.test(v) ? "(a private key, not shown)" : JSON.stringify(v);
    if (typeof v === "number" || typeof v === "boolean") return JSON.stringify(v);
    return Array.isArray(v) ? "(a list)" : `(${typeof v === "object" ? "an object" : typeof v})`;
}

/**
 * Checks each field of a login (or of the whole connection) against `known`, adding a message per
 * bad field to `failures`; returns them (givenFields already), with a host key cut to "TYPE KEY".
 */
function checkFields(name: string, given: Record<string, unknown>, known: readonly string[], failures: string[]): Record<string, unknown> {
    for (const [field, v] of Object.entries(given)) {
        if (!known.includes(field)) {
            failures.push(`${name}.${field} is not a known property (known: ${known.join(", ")})`);
            continue;
        }
        if (field === "proxy" || isUnknown(v)) continue;
        const problem = problems[field as LoginField | "become"](v);
        // A secret is never repeated in a message.
        if (problem) failures.push(`${name}.${field}${field === "privateKey" ? "" : ` ${shown(v)}`} ${problem}`);
    }
    const fields = { ...given };
    if (typeof fields.hostKey === "string" && !problems.hostKey(fields.hostKey)) fields.hostKey = keyOf(fields.hostKey);
    return fields;
}

/** The host the object lives on, as identity (its jump host's address included): "" for this machine. */
function hostOf(c: Connection | undefined): string {
    return c?.host ? hostIdentity({ ...c, host: c.host }) : "";
}

/**
 * How the connection changed between the state and the program: another host replaces (and so
 * does another jump host: the same private address behind another bastion may be another
 * machine); new credentials, the jump host's included, update.
 */
export function connectionChange(olds: Record<string, unknown>, news: Record<string, unknown>): "none" | "credentials" | "host" {
    const [before, after] = [olds[CONNECTION] as Connection | undefined, news[CONNECTION] as Connection | undefined];
    // Not known before the apply (a VM's address, say): it may be another host, so say replace.
    if ([after, after?.host, after?.port, after?.proxy, after?.proxy?.host, after?.proxy?.port].some(isUnknown)) return "host";
    if (hostOf(before) !== hostOf(after)) return "host";
    return canonical(before) === canonical(after) ? "none" : "credentials";
}

/** The connection as text that does not depend on key order (the jump host's included). */
function canonical(c: Connection | undefined): string {
    const sorted = (o: object): unknown[] => Object.entries(o as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]): unknown[] => [k, v !== null && typeof v === "object" ? sorted(v) : v]);
    return JSON.stringify(c ? sorted(c) : null);
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
