/**
 * Runs one Pulumi operation on a program directory through the real Pulumi CLI, and writes what
 * happened as JSON for scripts and tests to read.
 *
 *   node dist/scripts/run-program.js <up|preview|refresh|destroy|cancel> --dir DIR --stack NAME
 *        [--config key=value]... [--parallel N] [--refresh] [--diff] [--expect-no-changes]
 *        [--clear-pending-creates] [--result FILE]
 *
 * Why this exists: the Node.js language host (`pulumi-language-nodejs`) cannot be built here
 * (the Go module proxy serves no version of it), so programs run through the Automation API's
 * inline-program path instead: this process loads the program and serves it to the CLI
 * (`pulumi up --client=...`). The engine, the state backend, the diff and the dynamic-provider
 * process are the real ones. The program directory is the workspace, so the dynamic-provider
 * process resolves `pulumi-linuxnet/provider` from there, as it would for a normal `pulumi up`.
 *
 * TypeScript programs are transpiled on load (no type check), as the language host does.
 */
import * as fs from "fs";
import * as path from "path";
import * as automation from "@pulumi/pulumi/automation";

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

/** Loads `.ts` files by transpiling them, as the Node.js language host does with ts-node. */
function registerTypeScript(): void {
    if (require.extensions[".ts"]) return;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts: typeof import("typescript") = require("typescript");
    require.extensions[".ts"] = (module, filename) => {
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

async function main(): Promise<void> {
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
    const stack = await automation.LocalWorkspace.createOrSelectStack(
        { stackName: options.stack, projectName: project.name, program },
        { workDir: dir },
    );
    // One CLI call for all of it: each `pulumi config set` is a process start of its own.
    if (Object.keys(options.config).length) {
        await stack.setAllConfig(Object.fromEntries(Object.entries(options.config).map(([key, value]) => [key, { value }])));
    }
    const steps: StepRecord[] = [];
    const common = {
        onOutput: (out: string) => process.stdout.write(out),
        onEvent: (event: automation.EngineEvent) => recordStep(steps, event),
        color: "never" as const,
    };
    const started = Date.now();
    const result: ProgramResult = { operation: options.operation, ok: true, changeSummary: {}, outputs: {}, steps, seconds: 0 };
    try {
        switch (options.operation) {
            case "up": {
                const r = await stack.up({ ...common, parallel: options.parallel, refresh: options.refresh, diff: options.diff, expectNoChanges: options.expectNoChanges });
                result.changeSummary = { ...(r.summary.resourceChanges ?? {}) };
                result.outputs = Object.fromEntries(Object.entries(r.outputs).map(([k, v]) => [k, v.value]));
                break;
            }
            case "preview": {
                const r = await stack.preview({ ...common, parallel: options.parallel, refresh: options.refresh, diff: options.diff, expectNoChanges: options.expectNoChanges });
                result.changeSummary = { ...r.changeSummary };
                break;
            }
            case "refresh": {
                const r = await stack.refresh({ ...common, parallel: options.parallel, expectNoChanges: options.expectNoChanges, clearPendingCreates: options.clearPendingCreates });
                result.changeSummary = { ...(r.summary.resourceChanges ?? {}) };
                break;
            }
            case "destroy": {
                const r = await stack.destroy({ ...common, parallel: options.parallel });
                result.changeSummary = { ...(r.summary.resourceChanges ?? {}) };
                break;
            }
            case "cancel": {
                await stack.cancel();
                break;
            }
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
