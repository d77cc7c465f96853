/**
 * Runs one Pulumi operation on a program directory through the real Pulumi CLI, and writes what
 * happened as JSON for scripts and tests to read.
 *
 *   node dist/scripts/run-program.js <up|preview|refresh|destroy|cancel> --dir DIR --stack NAME
 *        [--config key=value]... [--parallel N] [--refresh] [--diff] [--expect-no-changes]
 *        [--clear-pending-creates] [--result FILE]
 *
 * Why this exists: the Node.js language host (`pulumi-language-nodejs`) cannot be built here
 * (the Go module proxy serves no version of it), so programs run the way the Automation API runs
 * an inline program: this process loads the program and serves it to the CLI over gRPC
 * (`pulumi up --client=...`). The engine, the state backend, the diff and the dynamic-provider
 * process are the real ones. The program directory is the working directory, so the
 * dynamic-provider process resolves `pulumi-linuxnet/provider` from there, as it would for a
 * normal `pulumi up`.
 *
 * It starts the CLI once per operation, as a user typing `pulumi up` would: stack settings go on
 * the command line (`--config`, saved to the stack file as `pulumi config set` would), steps,
 * outputs and the change summary come from the engine's event log. (The Automation API's
 * `Stack.up` also runs `pulumi version`, `stack select`, `config set-all`, `stack output` twice
 * and `stack history` around it: six more CLI starts, about 1.3 s per operation here.) A stack
 * that does not exist yet is created on first use.
 *
 * TypeScript programs are transpiled on load (no type check), as the language host does.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type * as automation from "@pulumi/pulumi/automation";

type Operation = "up" | "preview" | "refresh" | "destroy" | "cancel";

interface Options {
    operation: Operation;
    dir: string;
    stack: string;
    config: Record<string, string>;
    parallel?: number;
    refresh: boolean;
    diff: boolean;
    expectNoChanges: boolean;
    clearPendingCreates: boolean;
    result?: string;
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
    /** The resource's state before the step (outputs), if it had one. */
    olds?: Record<string, unknown>;
    /** The inputs the step applies, if any. */
    news?: Record<string, unknown>;
}

/** What the driver writes to --result. */
export interface ProgramResult {
    operation: Operation;
    ok: boolean;
    error?: string;
    changeSummary: Record<string, number>;
    outputs: Record<string, unknown>;
    steps: StepRecord[];
    seconds: number;
}

function parseArgs(argv: string[]): Options {
    const [operation, ...rest] = argv;
    if (!["up", "preview", "refresh", "destroy", "cancel"].includes(operation)) {
        throw new Error(`usage: run-program <up|preview|refresh|destroy|cancel> --dir DIR --stack NAME [...]; got ${JSON.stringify(operation)}`);
    }
    const options: Options = { operation: operation as Operation, dir: ".", stack: "dev", config: {}, refresh: false, diff: false, expectNoChanges: false, clearPendingCreates: false };
    for (let i = 0; i < rest.length; i++) {
        const flag = rest[i];
        const value = () => {
            const v = rest[++i];
            if (v === undefined) throw new Error(`${flag} needs a value`);
            return v;
        };
        switch (flag) {
            case "--dir": options.dir = value(); break;
            case "--stack": options.stack = value(); break;
            case "--parallel": options.parallel = Number(value()); break;
            case "--result": options.result = value(); break;
            case "--refresh": options.refresh = true; break;
            case "--diff": options.diff = true; break;
            case "--expect-no-changes": options.expectNoChanges = true; break;
            case "--clear-pending-creates": options.clearPendingCreates = true; break;
            case "--config": {
                const kv = value();
                const eq = kv.indexOf("=");
                if (eq < 1) throw new Error(`--config takes key=value, got ${JSON.stringify(kv)}`);
                options.config[kv.slice(0, eq)] = kv.slice(eq + 1);
                break;
            }
            default: throw new Error(`unknown flag ${flag}`);
        }
    }
    return options;
}

/**
 * Loads `.ts` files by transpiling them, as the Node.js language host does with ts-node. The
 * compiler (about 60 ms to load) is loaded by the first `.ts` file, not here: this runs before
 * the CLI is started, and the CLI's own start-up is the first thing every operation waits for.
 */
function registerTypeScript(): void {
    if (require.extensions[".ts"]) return;
    require.extensions[".ts"] = (module, filename) => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const ts: typeof import("typescript") = require("typescript");
        const source = fs.readFileSync(filename, "utf8");
        const { outputText } = ts.transpileModule(source, {
            fileName: filename,
            compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
        });
        (module as unknown as { _compile(code: string, file: string): void })._compile(outputText, filename);
    };
}

/** Reads name and main from Pulumi.yaml; only the two plain keys the driver needs. */
function readProject(dir: string): { name: string; main: string } {
    const text = fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8");
    const field = (key: string) => new RegExp(`^${key}:\\s*(.+?)\\s*$`, "m").exec(text)?.[1]?.replace(/^["']|["']$/g, "");
    const name = field("name");
    if (!name) throw new Error(`${dir}/Pulumi.yaml has no name`);
    return { name, main: field("main") ?? "." };
}

function resolveEntry(dir: string, main: string): string {
    const target = path.resolve(dir, main);
    if (fs.existsSync(target) && fs.statSync(target).isFile()) return target;
    for (const candidate of ["index.ts", "index.js"]) {
        const file = path.join(target, candidate);
        if (fs.existsSync(file)) return file;
    }
    throw new Error(`no program found at ${target} (looked for index.ts and index.js)`);
}

/**
 * The fields that differ between a step's old and new state: inputs for an update the program
 * asks for, outputs for what a refresh found. Dynamic providers report no field list of their
 * own, so the driver derives it, the way `pulumi preview --diff` displays it.
 */
function changedFields(meta: automation.StepEventMetadata): string[] {
    const differing = (a: Record<string, unknown> = {}, b: Record<string, unknown> = {}) =>
        [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => k !== "__provider" && JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
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
        olds: withoutProvider(meta.old?.outputs),
        news: withoutProvider(meta.new?.inputs),
    };
    const index = steps.findIndex((s) => s.urn === meta.urn);
    if (index < 0) {
        steps.push(record);
    } else {
        // Outcome events carry no field list; keep the one the announcement had.
        const before = steps[index];
        steps[index] = {
            ...record,
            ops: before.ops[before.ops.length - 1] === meta.op ? before.ops : [...before.ops, meta.op],
            diffs: record.diffs.length ? record.diffs : before.diffs,
            olds: before.olds ?? record.olds,
            news: record.news ?? before.news,
        };
    }
}

/**
 * Serves the program to the CLI the way the Automation API does for an inline program: the SDK's
 * language server (it runs the program inside a Pulumi stack with the settings the engine
 * sends) behind a gRPC server on a free local port. @pulumi/pulumi is pinned in package.json:
 * `LanguageServer` is the SDK's own, marked internal.
 */
async function serveProgram(program: () => Promise<Record<string, unknown>>): Promise<{ address: string; close(hasError: boolean): void }> {
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const grpc: typeof import("@grpc/grpc-js") = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { LanguageServer } = require("@pulumi/pulumi/automation/server");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { LanguageRuntimeService } = require("@pulumi/pulumi/proto/language_grpc_pb");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { grpcChannelOptions } = require("@pulumi/pulumi/runtime/settings");
    const server = new grpc.Server({ ...grpcChannelOptions });
    const languageServer = new LanguageServer(program);
    server.addService(LanguageRuntimeService, languageServer);
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    return {
        address: `127.0.0.1:${port}`,
        close(hasError) {
            server.forceShutdown();
            languageServer.onPulumiExit(hasError);
        },
    };
}

/**
 * Work every run of the program does first, done while the CLI starts up and loads the state (a
 * few hundred milliseconds in which this process would otherwise wait): loading the TypeScript
 * compiler with a first transpile, and the SDK's first function serialisation (every dynamic
 * resource serialises its provider; the first one pays for the serialiser's set-up).
 */
async function warmUp(entry: string): Promise<void> {
    try {
        if (entry.endsWith(".ts")) {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const ts: typeof import("typescript") = require("typescript");
            ts.transpileModule(fs.readFileSync(entry, "utf8"), { fileName: entry, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
        }
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const pulumi: typeof import("@pulumi/pulumi") = require("@pulumi/pulumi");
        await pulumi.runtime.serializeFunction(() => 0);
    } catch {
        // Only an optimisation: the program's own run does the same work and reports any failure.
    }
}

/** Runs the CLI in the program directory; its output goes to ours, its stderr is also kept for messages. */
function runCli(dir: string, args: string[]): Promise<{ code: number; stderr: string }> {
    return new Promise((resolve, reject) => {
        // PULUMI_DEBUG_COMMANDS enables `--event-log`, as the Automation API does for every command it runs.
        const child = spawn("pulumi", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, PULUMI_DEBUG_COMMANDS: "true" } });
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => process.stdout.write(chunk));
        child.stderr.on("data", (chunk: Buffer) => {
            stderr += chunk.toString();
            process.stderr.write(chunk);
        });
        child.on("error", reject);
        child.on("close", (code) => resolve({ code: code ?? 1, stderr }));
    });
}

/** The CLI arguments of one operation, without `--client` and `--event-log`. */
function operationArgs(options: Options): string[] {
    const args = [options.operation, "--stack", options.stack, "--non-interactive", "--color", "never", "--exec-kind", "auto.inline"];
    if (options.operation !== "preview") args.push("--yes", "--skip-preview");
    for (const [key, value] of Object.entries(options.config)) args.push("--config", `${key}=${value}`);
    if (options.parallel) args.push("--parallel", String(options.parallel));
    if (options.refresh && (options.operation === "up" || options.operation === "preview")) args.push("--refresh");
    if (options.diff && (options.operation === "up" || options.operation === "preview")) args.push("--diff");
    if (options.expectNoChanges && options.operation !== "destroy") args.push("--expect-no-changes");
    if (options.clearPendingCreates && options.operation === "refresh") args.push("--clear-pending-creates");
    return args;
}

/** The engine's events; a last line cut short (the CLI killed mid-write) is left out. */
function readEvents(file: string): automation.EngineEvent[] {
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

/** One operation through the CLI, serving the program; creates the stack when it does not exist yet. */
async function runOperation(options: Options, dir: string, entry: string, program: () => Promise<Record<string, unknown>>, result: ProgramResult): Promise<void> {
    const eventLog = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "linuxnet-events-")), "events.jsonl");
    try {
        for (let attempt = 0; ; attempt++) {
            fs.rmSync(eventLog, { force: true });
            const served = await serveProgram(program);
            let outcome: { code: number; stderr: string } | undefined;
            try {
                const cli = runCli(dir, [...operationArgs(options), `--client=${served.address}`, "--event-log", eventLog]);
                // Both at once, so a CLI that fails to start is reported, not left unhandled.
                [outcome] = await Promise.all([cli, attempt === 0 ? warmUp(entry) : undefined]);
            } finally {
                served.close(outcome?.code !== 0);
            }
            // A new stack is made on first use by `up` or `preview` only: `refresh` or `destroy` of
            // a stack that does not exist is an error worth seeing (a mistyped name, say).
            const creates = options.operation === "up" || options.operation === "preview";
            if (outcome.code !== 0 && attempt === 0 && creates && outcome.stderr.includes(`no stack named '${options.stack}' found`)) {
                const init = await runCli(dir, ["stack", "init", options.stack, "--non-interactive"]);
                if (init.code !== 0) throw new Error(`pulumi stack init ${options.stack} failed: ${init.stderr.trim()}`);
                continue;
            }
            const events = readEvents(eventLog);
            for (const event of events) {
                recordStep(result.steps, event);
                if (event.summaryEvent) result.changeSummary = { ...(event.summaryEvent.resourceChanges ?? {}) };
                const meta = event.resOutputsEvent?.metadata;
                if (meta?.type === "pulumi:pulumi:Stack" && options.operation === "up") result.outputs = { ...(meta.new?.outputs ?? {}) };
            }
            if (outcome.code !== 0) throw new Error(`pulumi ${options.operation} failed (exit ${outcome.code}): ${outcome.stderr.trim().split("\n").slice(-15).join("\n")}`);
            // Exit 0 without the engine's summary would make "no changes" out of nothing.
            if (!events.some((event) => event.summaryEvent)) throw new Error(`pulumi ${options.operation} exited 0 but its event log has no summary`);
            return;
        }
    } finally {
        // LINUXNET_EVENT_LOG keeps a copy of the engine's events (timestamps included) for a look later.
        if (process.env.LINUXNET_EVENT_LOG && fs.existsSync(eventLog)) fs.copyFileSync(eventLog, process.env.LINUXNET_EVENT_LOG);
        fs.rmSync(path.dirname(eventLog), { recursive: true, force: true });
    }
}

/**
 * Node's on-disk compile cache (Node >= 22.1) for this process and, through the environment, for
 * the dynamic-provider process the CLI starts: the SDK, the TypeScript compiler and execa are
 * then compiled once, not at every start of every operation.
 */
function enableCompileCache(): void {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nodeModule = require("module") as { enableCompileCache?: () => { directory?: string } };
    const result = nodeModule.enableCompileCache?.();
    if (result?.directory && !process.env.NODE_COMPILE_CACHE) process.env.NODE_COMPILE_CACHE = result.directory;
}

async function main(): Promise<void> {
    enableCompileCache();
    const options = parseArgs(process.argv.slice(2));
    const dir = path.resolve(options.dir);
    const project = readProject(dir);
    registerTypeScript();
    const entry = resolveEntry(dir, project.main);
    const program = async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const exported = require(entry);
        const value = typeof exported.default === "function" ? await exported.default() : typeof exported === "function" ? await exported() : exported;
        return { ...value };
    };
    const started = Date.now();
    const result: ProgramResult = { operation: options.operation, ok: true, changeSummary: {}, outputs: {}, steps: [], seconds: 0 };
    try {
        if (options.operation === "cancel") {
            const cancel = await runCli(dir, ["cancel", "--yes", "--stack", options.stack, "--non-interactive"]);
            if (cancel.code !== 0) throw new Error(`pulumi cancel failed: ${cancel.stderr.trim()}`);
        } else {
            await runOperation(options, dir, entry, program, result);
        }
    } catch (err) {
        result.ok = false;
        result.error = err instanceof Error ? err.message : String(err);
        process.stderr.write(`${result.error}\n`);
    }
    result.seconds = (Date.now() - started) / 1000;
    if (options.result) {
        fs.writeFileSync(options.result, JSON.stringify(result, null, 2));
    }
    process.exitCode = result.ok ? 0 : 1;
}

main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 2;
});
