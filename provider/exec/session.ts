/**
 * A long-lived shell on another machine (or anywhere a process can start one) that runs our argv
 * arrays one after another: the transport for remote lab hosts (and for local commands, run.ts).
 * An SSH session per command costs many times a local `ip` (bench/README.md); a shell that stays
 * open costs one process spawn on the far side per command.
 *
 * The shell receives, per command, one line `__linuxnet_run ID 'arg' 'arg' ...` with every argument
 * single-quoted (so the shell splits nothing and expands nothing: the bytes arrive as they were),
 * and stdin either from /dev/null or from a quoted here-document (`ip -batch -`). The command
 * writes straight to the shell's stdout and stderr; after it, the shell writes on each a line with
 * the session's mark (`\n<mark> ID EXIT` and `\n<mark> ID`). The mark is 128 random bits made
 * when the session opens and never part of a command or its input, so no output can forge it, and
 * nothing but the command itself is started (no `cat` or `wc` per command, as a framing by byte
 * counts would need). Commands on one session run one at a time, in the order they were given.
 */
import { ChildProcessWithoutNullStreams, spawn } from "child_process";
import { randomBytes } from "crypto";
import { Place, installAdvice } from "./advice";
import { ExplainedError, commandFailure } from "./errors";
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
 * Sent once when the session opens: the function that runs one command and marks its end on
 * stdout and stderr, then the first marks (id 0), which say the shell is ready (and prove, for SSH,
 * that authentication succeeded). What came before them on either stream (a login banner) is not
 * a command's.
 */
function prelude(mark: string): string {
    return [
        `__linuxnet_mark=${mark}`,
        `__linuxnet_run() {`,
        `  __linuxnet_id=$1; shift`,
        `  LC_ALL=C "$@"`,
        `  __linuxnet_rc=$?`,
        `  printf '\n%s %s %s\n' "$__linuxnet_mark" "$__linuxnet_id" "$__linuxnet_rc"`,
        `  printf '\n%s %s\n' "$__linuxnet_mark" "$__linuxnet_id" >&2`,
        `}`,
        `__linuxnet_run 0 true </dev/null`,
        ``,
    ].join("\n");
}

const READY_TIMEOUT_MS = 30_000;

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
export class SessionError extends ExplainedError {
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
    /** Commands given and not yet answered (a pool sends the next to its least busy session). */
    pending(): number;
    /** The shell has answered its prelude (for SSH: the host let us in). */
    answered(): boolean;
}

/**
 * A few sessions to one place, opened as needed: the command goes to an idle session, else to a
 * new one while there are fewer than `size` (and `mayGrow` agrees), else to the least busy. A
 * session that ends leaves the pool; the next command opens another. One shell runs one command
 * at a time, so a pool lets the commands of different resources run side by side.
 */
export class SessionPool {
    private readonly sessions: Session[] = [];

    constructor(
        private readonly open: (onClose: () => void) => Session,
        private readonly size: number,
        private readonly mayGrow: (sessions: readonly Session[]) => boolean = () => true,
    ) {}

    session(): Session {
        const idle = this.sessions.find((s) => s.pending() === 0);
        if (idle) return idle;
        if (this.sessions.length === 0 || (this.sessions.length < this.size && this.mayGrow(this.sessions))) {
            const opened: Session = this.open(() => {
                const at = this.sessions.indexOf(opened);
                if (at >= 0) this.sessions.splice(at, 1);
            });
            this.sessions.push(opened);
            return opened;
        }
        return this.sessions.reduce((a, b) => (b.pending() < a.pending() ? b : a));
    }

    /** Ends every session (tests; the provider process's exit ends them anyway). */
    close(): void {
        for (const s of [...this.sessions]) s.close();
    }
}

/**
 * Starts `launch` (for example `ssh ... HOST sh`, or `sh` itself) and uses its stdin and stdout
 * as a command session. `target` names the place in messages ("ssh root@10.0.0.2"). When the
 * process ends, every pending and later command fails with what it printed on stderr.
 */
export interface SessionOptions {
    /** Called once the session has ended (for a pool or cache to forget it). */
    onClose?: () => void;
    /** Failed commands name no place: the shell runs on this machine (the local runner's pool). */
    local?: boolean;
    /** Where commands run and as whom, for the advice of a failed command. Default: this machine. */
    place?: Place;
    /**
     * What the launcher's last words mean, when the session could not open or ended (ssh's
     * "Host key verification failed"); undefined leaves them as they are.
     */
    explain?: (said: string) => string | undefined;
}

export function openSession(launch: readonly string[], target: string, options: SessionOptions = {}): Session {
    // SHELL: ssh runs a ProxyCommand with `$SHELL -c`; ours is quoted for a POSIX shell, not the
    // user's zsh, csh or nologin.
    const child: ChildProcessWithoutNullStreams = spawn(launch[0], launch.slice(1), { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C", SHELL: "/bin/sh" } });
    const delimiter = `__linuxnet_input_${randomBytes(8).toString("hex")}__`;
    const mark = `__linuxnet_${randomBytes(16).toString("hex")}`;
    let stdout = Buffer.alloc(0);
    let stderr = Buffer.alloc(0);
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

    /** While nothing is out, the session keeps no Node.js process alive (tests, tools); the provider ends it anyway. */
    const hold = (yes: boolean) => {
        for (const handle of [child, child.stdout, child.stderr, child.stdin] as { ref?: () => void; unref?: () => void }[]) {
            if (yes) handle.ref?.();
            else handle.unref?.();
        }
    };

    const startNext = () => {
        if (current || !isReady || ended) return;
        current = queue.shift();
        if (!current) return hold(false);
        const p = current;
        timer = setTimeout(() => fail(`\`${p.argv.join(" ")}\` did not finish within ${COMMAND_TIMEOUT_MS / 1000} s; the session was closed`), COMMAND_TIMEOUT_MS);
        child.stdin.write(p.script);
    };

    /**
     * The end of command `id` on both streams, when both have come: what it printed before the
     * marks, and its exit code. The marks begin with a newline of our own, which is not output.
     */
    const take = (id: number): { out: Buffer; err: Buffer; exitCode: number } | undefined => {
        const outMark = Buffer.from(`\n${mark} ${id} `);
        const at = stdout.indexOf(outMark);
        const lineEnd = at < 0 ? -1 : stdout.indexOf("\n", at + outMark.length);
        const errMark = Buffer.from(`\n${mark} ${id}\n`);
        const errAt = stderr.indexOf(errMark);
        if (lineEnd < 0 || errAt < 0) return undefined;
        const taken = { out: stdout.subarray(0, at), err: stderr.subarray(0, errAt), exitCode: Number(stdout.subarray(at + outMark.length, lineEnd).toString("latin1")) };
        stdout = stdout.subarray(lineEnd + 1);
        stderr = stderr.subarray(errAt + errMark.length);
        return taken;
    };

    const consume = () => {
        if (!isReady) {
            // A login banner may come first; everything up to the first marks is not ours.
            if (!take(0)) return;
            isReady = true;
            markReady();
            startNext();
        }
        while (current) {
            const done = take(current.id);
            if (!done) return;
            const p = current;
            current = undefined;
            if (timer) clearTimeout(timer);
            const err = done.err.toString().trim();
            logCommand(p.argv, p.input, performance.now() - p.started, done.exitCode);
            if (done.exitCode === 0) p.resolve(done.out.toString());
            else p.reject(commandFailure(p.argv, p.input, done.exitCode, err, { ...(options.place ?? { host: "this machine" }), target: options.local ? undefined : target }));
            startNext();
        }
    };

    child.stdout.on("data", (chunk: Buffer) => {
        stdout = Buffer.concat([stdout, chunk]);
        consume();
    });
    child.stderr.on("data", (chunk: Buffer) => {
        stderr = Buffer.concat([stderr, chunk]);
        consume();
    });
    child.on("error", (err: NodeJS.ErrnoException) => {
        // A tool looked up on the PATH: its package. A path of its own that is not there: just that.
        const install = err.code === "ENOENT" && !launch[0].includes("/") ? installAdvice(launch[0]) : undefined;
        fail(install ? `${launch[0]} is not installed on this machine: ${install}` : `could not start \`${launch[0]}\`: ${err.message}`);
    });
    child.on("close", (code, signal) => {
        // What the shell or ssh said last, outside any command: why a connection failed
        // ("Permission denied (publickey)", "Host key verification failed").
        const said = stderr.toString().trim().slice(-4000);
        const explained = said ? options.explain?.(said) : undefined;
        fail(explained ?? `the session ended (${signal ?? `exit ${code}`})${said ? `: ${said}` : ""}`);
    });
    child.stdin.on("error", () => undefined); // reported by "close"
    child.stdin.write(prelude(mark));
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
            hold(true);
            startNext();
        });
    };
    return { run, ready, close: () => fail("closed"), pending: () => queue.length + (current ? 1 : 0), answered: () => isReady };
}
