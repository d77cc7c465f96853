/**
 * How the provider runs a command on this machine: argv arrays that no shell splits or expands,
 * with a C locale (so the messages we classify are the untranslated ones), every failure a typed
 * CommandError with the command line and what the tool printed.
 *
 * Commands run in a few long-lived `sh` sessions (session.ts, the transport a remote host uses
 * too), not as children of this process: Node forks a child from a process holding the Pulumi SDK
 * and gRPC, and blocks its only thread meanwhile, which costs far more than `sh` starting one
 * (bench/README.md, "Figures behind the code"). LINUXNET_LOCAL_SHELLS=0 runs each command as a
 * child of this process instead (execa), for comparison.
 */
import { appendFileSync } from "fs";
import * as os from "os";
import { Place } from "./advice";
import { commandFailure } from "./errors";
import { SessionPool, openSession } from "./session";

/**
 * Runs argv and returns its stdout; `input`, when given, is written to its stdin (`ip -batch -`).
 * The shape every layer above depends on, so tests can swap it.
 */
export interface Runner {
    (argv: readonly string[], input?: string): Promise<string>;
    /**
     * Where the commands run when that is not this machine ("ssh root@10.0.0.2:22"), for messages.
     */
    readonly target?: string;
    /** The remote host as identity ("10.0.0.2:22": whoever logs in, the same kernel objects). */
    readonly host?: string;
    /** The same place without `sudo` (see ssh.ts throughSudo): for reads that need no root. */
    readonly plain?: Runner;
}

/** No command the provider runs should take long; a hung one must not hang `pulumi up` forever. */
export const COMMAND_TIMEOUT_MS = 60_000;

/**
 * execa, loaded on the first command rather than with the provider: a no-op `pulumi up` runs no
 * command at all, and loading execa would otherwise delay the engine's first check.
 */
let execaModule: typeof import("execa") | undefined;
function loadExeca(): typeof import("execa") {
    if (!execaModule) {
        assertSupportedNode(process.versions.node);
        execaModule = require("execa") as typeof import("execa");
    }
    return execaModule;
}

/** The oldest Node.js the provider runs on (execa 10's floor; package.json `engines` says the same). */
export const MINIMUM_NODE = [22, 12] as const;

/**
 * The provider runs in the dynamic-provider process, under whichever `node` is first on the PATH
 * of `pulumi`. On an older one execa fails deep inside with a message that names nothing useful
 * ("TEXT_ENCODINGS.union is not a function", measured on Node 20): say what is wrong instead.
 */
export function assertSupportedNode(version: string): void {
    const [major, minor] = version.split(".").map(Number);
    if (major > MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor >= MINIMUM_NODE[1])) return;
    throw new Error(
        `pulumi-linuxnet needs Node.js >= ${MINIMUM_NODE.join(".")}, but the provider runs on Node.js ${version} ` +
        `(the first "node" on the PATH of pulumi): put a newer Node.js first on the PATH and run the command again`,
    );
}

let nodeChecked = false;

export const runCommand: Runner = (argv, input) => {
    if (argv.length === 0) return Promise.reject(new Error("runCommand: empty argv"));
    if (!nodeChecked) {
        // Here, not at load: the check's own message must reach `pulumi up` as an error of a resource.
        try {
            assertSupportedNode(process.versions.node);
        } catch (err) {
            return Promise.reject(err instanceof Error ? err : new Error(String(err)));
        }
        nodeChecked = true;
    }
    return process.env.LINUXNET_LOCAL_SHELLS === "0" ? runChild(argv, input) : localShell().run(argv, input);
};

/**
 * At most max(4, 2 × cores) shells: commands of one resource run one after another, those of
 * different resources side by side, and the kernel serialises most network changes anyway.
 */
let localShells: SessionPool | undefined;
// Made at the first command, not at load: session.ts imports this module (a cycle).
const localShell = () =>
    (localShells ??= new SessionPool((onClose) => openSession(["sh"], "the command shell on this machine", { local: true, place: thisMachine(), onClose }), Math.max(4, os.cpus().length * 2))).session();

/** This machine, as the advice of a failed local command names it. */
function thisMachine(): Place {
    return { host: "this machine", user: os.userInfo().username };
}

/** One command as a child of this process (LINUXNET_LOCAL_SHELLS=0). */
async function runChild(argv: readonly string[], input: string | undefined): Promise<string> {
    const [file, ...args] = argv;
    const started = performance.now();
    const result = await loadExeca().execa(file, args, {
        reject: false,
        ...(input === undefined ? { stdin: "ignore" as const } : { input }),
        timeout: COMMAND_TIMEOUT_MS,
        env: { LC_ALL: "C" },
        extendEnv: true,
    });
    logCommand(argv, input, performance.now() - started, result.exitCode);
    if (result.failed) {
        throw commandFailure(argv, input, result.exitCode, (result.stderr || result.shortMessage || "").toString().trim(), thisMachine());
    }
    return result.stdout.toString();
}

/**
 * With LINUXNET_COMMAND_LOG set, every command is appended to that file as one JSON line — what
 * the benchmark counts (process spawns per resource, kernel writes during a no-op `up`).
 */
export function logCommand(argv: readonly string[], input: string | undefined, ms: number, exitCode: number | undefined): void {
    const log = process.env.LINUXNET_COMMAND_LOG;
    if (log) appendFileSync(log, `${JSON.stringify({ argv, ...(input !== undefined ? { input } : {}), ms: Math.round(ms * 10) / 10, exitCode })}\n`);
}

/** Runs argv and parses its stdout as JSON (`ip -j ...`). Empty output is an empty list. */
export async function runJson<T>(run: Runner, argv: readonly string[]): Promise<T> {
    const out = (await run(argv)).trim();
    return (out === "" ? [] : JSON.parse(out)) as T;
}
