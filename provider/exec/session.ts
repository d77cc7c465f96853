/**
 * A long-lived shell on another machine (or anywhere a process can start one) that runs our argv
 * arrays one after another: the transport for remote lab hosts. Opening an SSH session per
 * command costs ~0.35 s, and even a multiplexed one ~0.1 s (measured here), about fifty times a
 * local `ip`; a shell that stays open costs one process spawn on the far side per command.
 *
 * The shell receives, per command, one line `__linuxnet_run ID 'arg' 'arg' ...` with every argument
 * single-quoted (so the shell splits nothing and expands nothing: the bytes arrive as they were),
 * and stdin either from /dev/null or from a quoted here-document (`ip -batch -`). It answers with a
 * header `__linuxnet__ ID EXIT STDOUT-BYTES STDERR-BYTES` followed by exactly those bytes, so no
 * output of a command can be mistaken for the framing. Commands on one session run one at a time,
 * in the order they were given.
 */
import { ChildProcessWithoutNullStreams, spawn } from "child_process";
import { randomBytes } from "crypto";
import { CommandError, classifyFailure } from "./errors";
import { COMMAND_TIMEOUT_MS, Runner, logCommand } from "./run";

/**
 * The argument as one POSIX shell word that means exactly it: wrapped in single quotes, inside
 * which nothing is special, with each `'` written as `'\''` (close, escaped quote, reopen).
 */
export function shellQuote(arg: string): string {
    if (arg.includes("\0")) throw new Error(`an argument cannot contain a NUL byte: ${JSON.stringify(arg)}`);
    return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * Sent once when the session opens: a private scratch directory for each command's output, the
 * function that runs one command and frames what it printed, and a line saying the shell is ready
 * (which also proves, for SSH, that authentication succeeded).
 */
const PRELUDE = [
    `__linuxnet_tmp=$(mktemp -d) || exit 97`,
    `trap 'rm -rf "$__linuxnet_tmp"' EXIT`,
    `__linuxnet_run() {`,
    `  __linuxnet_id=$1; shift`,
    `  LC_ALL=C "$@" >"$__linuxnet_tmp/out" 2>"$__linuxnet_tmp/err"`,
    `  __linuxnet_rc=$?`,
    // One wc for both sizes ("N1 FILE1 N2 FILE2 N total"; the scratch path has no spaces).
    `  set -- $(wc -c "$__linuxnet_tmp/out" "$__linuxnet_tmp/err")`,
    `  printf '__linuxnet__ %s %s %s %s\\n' "$__linuxnet_id" "$__linuxnet_rc" "$1" "$3"`,
    `  cat "$__linuxnet_tmp/out" "$__linuxnet_tmp/err"`,
    `}`,
    `echo __linuxnet_ready__`,
    ``,
].join("\n");

const READY = "__linuxnet_ready__\n";
const READY_TIMEOUT_MS = 30_000;
const HEADER = /^__linuxnet__ (\d+) (\d+) (\d+) (\d+)\n/;

/** The line (and here-document) that runs one command in the session's shell. */
export function commandScript(id: number, argv: readonly string[], input: string | undefined, inputDelimiter: string): string {
    const words = [String(id), ...argv.map(shellQuote)].join(" ");
    if (input === undefined) return `__linuxnet_run ${words} </dev/null\n`;
    if (input.includes("\0")) throw new Error("command input cannot contain a NUL byte");
    if (input.split("\n").includes(inputDelimiter)) throw new Error("command input contains the session's here-document delimiter");
    const body = input.endsWith("\n") ? input : `${input}\n`;
    return `__linuxnet_run ${words} <<'${inputDelimiter}'\n${body}${inputDelimiter}\n`;
}

interface Pending {
    id: number;
    /** What the shell is sent: made (and checked) when the command is given, not when it is sent. */
    script: string;
    argv: readonly string[];
    input: string | undefined;
    started: number;
    resolve: (stdout: string) => void;
    reject: (err: Error) => void;
}

/** Why a session could not be used: it did not start, or it ended. Names where it went. */
export class SessionError extends Error {
    constructor(
        readonly target: string,
        detail: string,
        /** The command had been sent when the session ended: it may have run on the host, or not. */
        readonly mayHaveRun = false,
    ) {
        super(`${target}: ${detail}`);
        this.name = "SessionError";
    }
}

export interface Session {
    /** Runs argv in the session's shell (a Runner: every layer above works unchanged). */
    run: Runner;
    /** Ends the shell (and the connection that carries it). */
    close(): void;
    /** Resolves once the shell has answered its prelude; rejects when it never does. */
    ready: Promise<void>;
}

/**
 * Starts `launch` (for example `ssh ... HOST sh`, or `sh` itself) and uses its stdin and stdout
 * as a command session. `target` names the place in messages ("ssh root@10.0.0.2"). When the
 * process ends, every pending and later command fails with what it printed on stderr.
 */
export function openSession(launch: readonly string[], target: string, options: { onClose?: () => void } = {}): Session {
    // SHELL: ssh runs a ProxyCommand with `$SHELL -c`; ours is quoted for a POSIX shell, not the
    // user's zsh, csh or nologin.
    const child: ChildProcessWithoutNullStreams = spawn(launch[0], launch.slice(1), { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C", SHELL: "/bin/sh" } });
    const delimiter = `__linuxnet_input_${randomBytes(8).toString("hex")}__`;
    let buffer = Buffer.alloc(0);
    let stderr = "";
    let ended: SessionError | undefined;
    let isReady = false;
    let nextId = 1;
    const queue: Pending[] = [];
    let current: Pending | undefined;
    let timer: NodeJS.Timeout | undefined;
    let markReady: () => void = () => undefined;
    let failReady: (err: Error) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
        markReady = resolve;
        failReady = reject;
    });
    // Nobody may be waiting on `ready` (commands wait on it themselves): never an unhandled rejection.
    ready.catch(() => undefined);

    const fail = (detail: string) => {
        if (ended) return;
        ended = new SessionError(target, detail);
        if (timer) clearTimeout(timer);
        failReady(ended);
        current?.reject(new SessionError(target, detail, true));
        for (const p of queue.splice(0)) p.reject(ended);
        current = undefined;
        child.stdin.destroy();
        child.kill("SIGTERM");
        options.onClose?.();
    };

    const startNext = () => {
        if (current || !isReady || ended) return;
        current = queue.shift();
        if (!current) return;
        const p = current;
        timer = setTimeout(() => fail(`\`${p.argv.join(" ")}\` did not finish within ${COMMAND_TIMEOUT_MS / 1000} s; the session was closed`), COMMAND_TIMEOUT_MS);
        child.stdin.write(p.script);
    };

    const consume = () => {
        if (!isReady) {
            const at = buffer.indexOf(READY);
            if (at < 0) return;
            // A login banner or motd may come first; everything up to the marker is not ours.
            buffer = buffer.subarray(at + READY.length);
            isReady = true;
            markReady();
            startNext();
        }
        while (current) {
            const headerEnd = buffer.indexOf("\n");
            if (headerEnd < 0) return;
            const header = HEADER.exec(buffer.subarray(0, headerEnd + 1).toString("latin1"));
            if (!header) return fail(`unexpected output from the session's shell: ${JSON.stringify(buffer.subarray(0, 200).toString())}`);
            const [id, exitCode, outBytes, errBytes] = header.slice(1).map(Number);
            if (buffer.length < headerEnd + 1 + outBytes + errBytes) return;
            const body = buffer.subarray(headerEnd + 1);
            const out = body.subarray(0, outBytes).toString();
            const err = body.subarray(outBytes, outBytes + errBytes).toString().trim();
            buffer = body.subarray(outBytes + errBytes);
            const p = current;
            current = undefined;
            if (timer) clearTimeout(timer);
            if (id !== p.id) return fail(`answer for command ${id} while waiting for ${p.id}`);
            logCommand(p.argv, p.input, performance.now() - p.started, exitCode);
            if (exitCode === 0) p.resolve(out);
            else p.reject(new CommandError(p.argv, exitCode, p.input === undefined ? err : `${err}\nbatch input:\n${p.input.trimEnd()}`, classifyFailure(err, exitCode), target));
            startNext();
        }
    };

    child.stdout.on("data", (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        consume();
    });
    child.stderr.on("data", (chunk: Buffer) => {
        // Keep the tail: it says why a connection failed ("Permission denied (publickey)", "Host key verification failed").
        stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on("error", (err) => fail(`could not start \`${launch[0]}\`: ${err.message}`));
    child.on("close", (code, signal) => fail(`the session ended (${signal ?? `exit ${code}`})${stderr.trim() ? `: ${stderr.trim()}` : ""}`));
    child.stdin.on("error", () => undefined); // reported by "close"
    child.stdin.write(PRELUDE);
    // A connection that neither fails nor answers (a firewall dropping packets) must not hang `up`.
    const readyTimer = setTimeout(() => fail(`no answer within ${READY_TIMEOUT_MS / 1000} s`), READY_TIMEOUT_MS);
    void ready.then(() => clearTimeout(readyTimer), () => clearTimeout(readyTimer));

    const run: Runner = (argv, input) => {
        if (argv.length === 0) return Promise.reject(new Error("session: empty argv"));
        if (ended) return Promise.reject(ended);
        const id = nextId++;
        let script: string;
        try {
            script = commandScript(id, argv, input, delimiter);
        } catch (err) {
            return Promise.reject(err instanceof Error ? err : new Error(String(err)));
        }
        return new Promise<string>((resolve, reject) => {
            queue.push({ id, script, argv, input, started: performance.now(), resolve, reject });
            startNext();
        });
    };
    return { run, ready, close: () => fail("closed") };
}
