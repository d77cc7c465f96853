/**
 * Runs the `pulumi` CLI in a program's directory, as a user types it, and reads what happened
 * from the engine's own event log. The one way the demo, the plan, the bench and the engine
 * tests run programs: `pulumi up|preview|refresh|destroy` with the real Node.js language host,
 * which loads the program itself (TypeScript through the SDK's ts-node) and starts the
 * dynamic-provider process.
 *
 * Stack settings go on the command line of `up` and `preview` (`--config key=value`), which the
 * CLI saves to `Pulumi.<stack>.yaml` as `pulumi config set` would; `refresh` and `destroy` read
 * them from there. `selectStack` makes a stack that does not exist yet (`pulumi stack select
 * --create`); the operations themselves never do.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type * as automation from "@pulumi/pulumi/automation";

export type Operation = "up" | "preview" | "refresh" | "destroy";

export interface PulumiRequest {
    operation: Operation;
    /** The program's directory (with its Pulumi.yaml). */
    dir: string;
    stack: string;
    /** Stack settings, `key` as `project:name`; passed to `up` and `preview` only (see the header). */
    config?: Record<string, string>;
    refresh?: boolean;
    diff?: boolean;
    expectNoChanges?: boolean;
    clearPendingCreates?: boolean;
    /**
     * `--skip-preview` for up, refresh and destroy: the engine then runs the program once instead
     * of twice. Users type `pulumi up --yes` (preview included); tests and the bench say which.
     */
    skipPreview?: boolean;
    parallel?: number;
    /** The local file backend: a directory. */
    backendDir: string;
    /** The secrets passphrase of the stack. */
    passphrase: string;
    /** Extra environment for the CLI and, through it, the program and the provider. */
    env?: NodeJS.ProcessEnv;
    /**
     * Words before `pulumi` (tests: `["ip", "netns", "exec", WORKSTATION]`, so that the CLI, the
     * program and the provider run inside a namespace that stands for the user's workstation).
     */
    launcher?: string[];
}

/** One resource step as the engine reported it: what it did to which resource, and which fields differ. */
export interface StepRecord {
    /** The last step the engine reported for the resource. */
    op: string;
    /** Every step reported for it, in order: a replacement shows its delete and create halves. */
    ops: string[];
    urn: string;
    type: string;
    name: string;
    diffs: string[];
    /** The fields the engine gives as the cause of a replacement (`keys` of its events), if it is one. */
    replaceKeys: string[];
    /** The resource's state before the step (outputs), if it had one. */
    olds?: Record<string, unknown>;
    /** The inputs the step applies, if any. */
    news?: Record<string, unknown>;
    /** The event log's sequence numbers of the step's first announcement and of its last outcome: the engine's order. */
    started: number;
    finished?: number;
    /** For a refresh (`pulumi refresh`, `--refresh`): the outputs it found changed in the kernel. */
    refreshed?: string[];
}

/**
 * The one operation a step comes to: "replace" for any of a replacement's steps (its delete and
 * create halves included), else the step's own ("create", "update", "same", "delete", ...).
 */
export function operationOf(step: Pick<StepRecord, "op" | "ops">): string {
    return step.ops.some((op) => op === "replace" || op === "create-replacement" || op === "delete-replaced") ? "replace" : step.op;
}

/** What one CLI run did: its exit, its output, and the engine's account of it. */
export interface PulumiResult {
    operation: Operation;
    exitCode: number;
    stdout: string;
    stderr: string;
    changeSummary: Record<string, number>;
    /** The stack's outputs after an `up`. */
    outputs: Record<string, unknown>;
    steps: StepRecord[];
    /** The engine's error diagnostics (`error:` lines of the display), in order. */
    errors: string[];
    seconds: number;
}

/**
 * The local file backend in a directory, as a backend URL. `metadata=skip` stops the blob layer
 * from writing a `.attrs` sidecar (content type and MD5) beside every state file: it is written
 * non-atomically, and a `kill -9` at the wrong moment leaves it empty and the stack unreadable
 * ("failed to load checkpoint: EOF"; measured in the crash test). Skipping it also saves an MD5
 * of the whole checkpoint at every step. Pulumi reads the state the same either way.
 */
export function fileBackendUrl(dir: string): string {
    return `file://${dir}?metadata=skip`;
}

/** The directory of a local file backend URL (query parameters dropped). */
export function fileBackendDir(url: string): string {
    if (!url.startsWith("file://")) throw new Error(`only a local file backend (file://...) is read directly, not ${url}`);
    return url.slice("file://".length).split("?")[0];
}

/** The CLI's arguments for one operation, event log aside. */
export function operationArgs(request: PulumiRequest): string[] {
    const { operation } = request;
    const args = [operation, "--stack", request.stack, "--non-interactive", "--color", "never"];
    if (operation !== "preview") args.push("--yes");
    if (request.skipPreview && operation !== "preview") args.push("--skip-preview");
    if (operation === "up" || operation === "preview") {
        for (const [key, value] of Object.entries(request.config ?? {})) args.push("--config", `${key}=${value}`);
        if (request.refresh) args.push("--refresh");
        if (request.diff) args.push("--diff");
    }
    if (request.expectNoChanges && operation !== "destroy") args.push("--expect-no-changes");
    if (request.clearPendingCreates && operation === "refresh") args.push("--clear-pending-creates");
    if (request.parallel) args.push("--parallel", String(request.parallel));
    return args;
}

/** The CLI's environment: the file backend, the passphrase, no update checks or plugin downloads. */
export function pulumiEnv(request: Pick<PulumiRequest, "backendDir" | "passphrase" | "env">): NodeJS.ProcessEnv {
    return {
        ...process.env,
        // Jest's (or a caller's) NODE_OPTIONS do not belong in the program or the provider process.
        NODE_OPTIONS: "",
        PULUMI_BACKEND_URL: fileBackendUrl(request.backendDir),
        PULUMI_CONFIG_PASSPHRASE: request.passphrase,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        // Makes `--event-log` available, as the Automation API does for every command it runs.
        PULUMI_DEBUG_COMMANDS: "true",
        ...request.env,
    };
}

/** The whole command line of one operation, writing the engine's events to `eventLog`. */
export function pulumiCommand(request: PulumiRequest, eventLog: string): { argv: string[]; env: NodeJS.ProcessEnv } {
    return { argv: ["pulumi", ...operationArgs(request), "--event-log", eventLog], env: pulumiEnv(request) };
}

/** The engine's events; a last line cut short (the CLI killed mid-write) is left out. */
export function readEvents(file: string): automation.EngineEvent[] {
    if (!fs.existsSync(file)) return [];
    const lines = fs.readFileSync(file, "utf8").split("\n").filter((line) => line.trim());
    return lines.flatMap((line, i) => {
        try {
            return [JSON.parse(line) as automation.EngineEvent];
        } catch (err) {
            if (i === lines.length - 1) return [];
            throw err;
        }
    });
}

/**
 * The fields that differ between a step's old and new state: inputs for an update the program
 * asks for, outputs for what a refresh found. Dynamic providers report no field list of their
 * own, so it is derived the way `pulumi preview --diff` displays it.
 */
const differing = (a: Record<string, unknown> = {}, b: Record<string, unknown> = {}) =>
    [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => k !== "__provider" && JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();

function changedFields(meta: automation.StepEventMetadata): string[] {
    if (!meta.old || !meta.new) return [];
    const inputs = differing(meta.old.inputs, meta.new.inputs);
    return inputs.length ? inputs : differing(meta.old.outputs, meta.new.outputs);
}

function withoutProvider(props: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
    if (!props) return undefined;
    const { __provider: _ignored, ...rest } = props;
    return rest;
}

/**
 * A refresh's outcome (announced as "refresh"; its outcome is "refresh" in a preview, "same",
 * "update" or "delete" in `pulumi refresh`) holds the outputs before and after: what the kernel
 * changed.
 */
function refreshedFields(event: automation.EngineEvent, announced: string): string[] | undefined {
    const meta = event.resOutputsEvent?.metadata;
    return meta && announced === "refresh" ? differing(meta.old?.outputs, meta.new?.outputs) : undefined;
}

/**
 * Keeps one record per resource: the outcome event (resOutputsEvent) overrides the announcement
 * (resourcePreEvent), because a refresh announces "refresh" and only its outcome says "delete"
 * or "update" when the kernel drifted.
 */
function recordStep(steps: StepRecord[], event: automation.EngineEvent): void {
    const meta = event.resOutputsEvent?.metadata ?? event.resourcePreEvent?.metadata;
    // The stack itself and default providers are bookkeeping, not resources of the program.
    if (!meta || meta.type === "pulumi:pulumi:Stack" || meta.type.startsWith("pulumi:providers:")) return;
    const record: StepRecord = {
        op: meta.op,
        ops: [meta.op],
        urn: meta.urn,
        type: meta.type,
        name: meta.urn.split("::").pop() ?? meta.urn,
        diffs: meta.diffs?.length ? meta.diffs : changedFields(meta),
        replaceKeys: meta.keys ?? [],
        olds: withoutProvider(meta.old?.outputs),
        news: withoutProvider(meta.new?.inputs),
        started: event.sequence,
        finished: event.resOutputsEvent ? event.sequence : undefined,
        refreshed: refreshedFields(event, meta.op),
    };
    const index = steps.findIndex((s) => s.urn === meta.urn);
    if (index < 0) {
        steps.push(record);
        return;
    }
    // Outcome events carry no field list; keep the one the announcement had.
    const before = steps[index];
    steps[index] = {
        ...record,
        ops: before.ops[before.ops.length - 1] === meta.op ? before.ops : [...before.ops, meta.op],
        diffs: record.diffs.length ? record.diffs : before.diffs,
        replaceKeys: [...new Set([...before.replaceKeys, ...record.replaceKeys])],
        olds: before.olds ?? record.olds,
        news: record.news ?? before.news,
        started: before.started,
        finished: record.finished ?? before.finished,
        refreshed: refreshedFields(event, before.ops[0]) ?? before.refreshed,
    };
}

/** The engine's account of a run: steps per resource, the change summary, the stack's outputs, errors. */
export function summariseEvents(events: automation.EngineEvent[]): Pick<PulumiResult, "steps" | "changeSummary" | "outputs" | "errors"> {
    const summary: Pick<PulumiResult, "steps" | "changeSummary" | "outputs" | "errors"> = { steps: [], changeSummary: {}, outputs: {}, errors: [] };
    for (const event of events) {
        recordStep(summary.steps, event);
        if (event.summaryEvent) summary.changeSummary = { ...(event.summaryEvent.resourceChanges ?? {}) };
        const meta = event.resOutputsEvent?.metadata;
        if (meta?.type === "pulumi:pulumi:Stack" && meta.new?.outputs) summary.outputs = { ...meta.new.outputs };
        if (event.diagnosticEvent?.severity === "error") summary.errors.push(event.diagnosticEvent.message.trim());
    }
    return summary;
}

function execCli(argv: string[], options: { cwd: string; env: NodeJS.ProcessEnv; echo?: boolean }): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(argv[0], argv.slice(1), { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => {
            stdout += chunk.toString();
            if (options.echo) process.stdout.write(chunk);
        });
        child.stderr.on("data", (chunk: Buffer) => {
            stderr += chunk.toString();
            if (options.echo) process.stderr.write(chunk);
        });
        child.on("error", reject);
        child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });
}

/**
 * `pulumi stack select --create`: selects the stack, making it first when it does not exist.
 * `refresh` and `destroy` never make one: on a stack that does not exist they fail, which is what
 * a mistyped name deserves.
 */
export async function selectStack(request: Pick<PulumiRequest, "dir" | "stack" | "backendDir" | "passphrase" | "env">): Promise<void> {
    const result = await execCli(["pulumi", "stack", "select", "--create", "--non-interactive", request.stack], { cwd: request.dir, env: pulumiEnv(request) });
    if (result.code !== 0) throw new Error(`pulumi stack select --create ${request.stack} failed (exit ${result.code}): ${result.stderr.trim()}`);
}

/** A temporary event log for one run, removed by `done()`; LINUXNET_EVENT_LOG keeps a copy. */
function eventLogFile(): { file: string; done(): void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "linuxnet-events-"));
    const file = path.join(dir, "events.jsonl");
    return {
        file,
        done() {
            if (process.env.LINUXNET_EVENT_LOG && fs.existsSync(file)) fs.copyFileSync(file, process.env.LINUXNET_EVENT_LOG);
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}

/**
 * Runs one operation to its end; `seconds` is the CLI's run, start to exit. `echo` copies the
 * CLI's output to this process's as it comes.
 */
export async function runPulumi(request: PulumiRequest, options: { echo?: boolean } = {}): Promise<PulumiResult> {
    const log = eventLogFile();
    try {
        const { argv, env } = pulumiCommand(request, log.file);
        const started = process.hrtime.bigint();
        const outcome = await execCli([...(request.launcher ?? []), ...argv], { cwd: request.dir, env, echo: options.echo });
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const events = readEvents(log.file);
        const summary = summariseEvents(events);
        let exitCode = outcome.code;
        let stderr = outcome.stderr;
        // Exit 0 without the engine's summary would make "no changes" out of nothing.
        if (exitCode === 0 && !events.some((event) => event.summaryEvent)) {
            exitCode = 1;
            stderr += `\npulumi ${request.operation} exited 0 but its event log has no summary`;
        }
        return { operation: request.operation, exitCode, stdout: outcome.stdout, stderr, ...summary, seconds };
    } finally {
        log.done();
    }
}

/** A `pulumi` run that can be killed whole: see startKillable. */
export interface KillableRun {
    child: ChildProcess;
    /** The engine's event log as the run writes it, event by event (removed when the run ends). */
    eventLog: string;
    /** Kills every process of the run, and resolves once none is left. */
    kill(): Promise<void>;
    /** Resolves when the run has ended on its own or been killed. */
    exited: Promise<void>;
}

/**
 * Starts one operation in a PID namespace of its own (`unshare --pid --fork`), so that it can be
 * killed whole: the CLI, the language host, the program and the provider processes, and any
 * process one of them is starting at that instant. Killing the namespace's first process makes
 * the kernel kill every other one in it, and that first process is not reaped (so `unshare`
 * does not exit) before all of them are gone: when `exited` resolves, nothing of the run is left
 * to write a lock or state behind the back of whatever runs next.
 */
export function startKillable(request: PulumiRequest): KillableRun {
    const log = eventLogFile();
    const { argv, env } = pulumiCommand(request, log.file);
    const child = spawn("unshare", ["--pid", "--fork", "--kill-child", "--", ...(request.launcher ?? []), ...argv], { cwd: request.dir, env, stdio: "ignore" });
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    exited.then(() => log.done(), () => log.done());
    return {
        child,
        eventLog: log.file,
        exited,
        async kill() {
            for (let attempt = 0; child.exitCode === null && child.signalCode === null; attempt++) {
                const first = namespaceInit(child.pid!);
                if (first !== undefined) {
                    killIfAlive(first);
                    break;
                }
                // `unshare` has not forked yet: wait for it a little, then kill it instead (its
                // --kill-child takes a child forked in that instant with it).
                if (attempt >= 100) {
                    killIfAlive(child.pid!);
                    break;
                }
                await new Promise((r) => setTimeout(r, 5));
            }
            await exited;
        },
    };
}

function killIfAlive(pid: number): void {
    try {
        process.kill(pid, "SIGKILL");
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
    }
}

/** The first process of the PID namespace `unshare` made: its only child. */
function namespaceInit(unsharePid: number): number | undefined {
    try {
        const children = fs.readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, "utf8").trim();
        return children ? Number(children.split(/\s+/)[0]) : undefined;
    } catch {
        return undefined;
    }
}

/** `pulumi cancel`: removes the lock a killed run left (the file backend just deletes it). */
export async function cancel(request: Pick<PulumiRequest, "dir" | "stack" | "backendDir" | "passphrase" | "env">): Promise<void> {
    await execCli(["pulumi", "cancel", "--yes", "--non-interactive", "--stack", request.stack], { cwd: request.dir, env: pulumiEnv(request) });
}
