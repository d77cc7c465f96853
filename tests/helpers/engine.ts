/**
 * Runs Pulumi programs the way users do: the `pulumi` CLI in the program's directory, with the
 * real Node.js language host, on a local file backend (tools/pulumiCli). Never inside the Jest
 * worker: Jest's module system is not Node's (it replaces `require.cache`), and the SDK and the
 * dynamic provider run under Node's in a user's program.
 */
import * as fs from "fs";
import * as path from "path";
import { deadKeyDirs } from "../../provider/exec/keyDirs";
import { KillableRun, Operation, PulumiRequest, PulumiResult, cancel, runPulumi, selectStack, startKillable } from "../../tools/pulumiCli";

const ROOT = path.resolve(__dirname, "../..");
/** Test programs live inside the repository so they resolve `pulumi-linuxnet` and `@pulumi/pulumi` from its node_modules. */
const WORK_DIR = path.join(ROOT, "tests/.work");

export type RunResult = PulumiResult;

/**
 * The per-operation choices a test makes; the rest of the request is the project's. `up`,
 * `refresh` and `destroy` skip their preview unless `skipPreview: false` (a test does not read
 * it, and it would run the program twice).
 */
export type RunOptions = Pick<PulumiRequest, "config" | "refresh" | "diff" | "expectNoChanges" | "clearPendingCreates" | "parallel" | "env" | "skipPreview" | "launcher">;

/** Where a project lives and what its program file is called. */
export interface ProjectPlace {
    /** The directory the project's own directory is made in (default: tests/.work in the repository). */
    workDir?: string;
    /** `index.ts` (default) or `index.js` for a JavaScript program. */
    programFile?: string;
}

export class EngineProject {
    readonly dir: string;
    /**
     * TMPDIR of every `pulumi` run of the project, removed with it: the Node.js language host
     * leaves its `pulumi-node-pipes*` directory behind when a program fails or the run is killed
     * (which tests do on purpose), and a provider's SSH key directories go here too.
     */
    readonly tempDir: string;
    private readonly backend: string;
    private readonly programFile: string;
    private stackSelected = false;

    /** Writes `source` as the program (`index.ts` unless told otherwise) of a fresh project directory. */
    constructor(readonly name: string, source: string, readonly stack = "test", place: ProjectPlace = {}) {
        this.dir = path.join(place.workDir ?? WORK_DIR, name);
        this.programFile = place.programFile ?? "index.ts";
        fs.rmSync(this.dir, { recursive: true, force: true });
        fs.mkdirSync(this.dir, { recursive: true });
        this.backend = path.join(this.dir, ".state");
        fs.mkdirSync(this.backend);
        this.tempDir = path.join(this.dir, ".tmp");
        fs.mkdirSync(this.tempDir);
        fs.writeFileSync(path.join(this.dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
        // A package of its own, as a user's program has: inside this repository's package scope,
        // Node would resolve "pulumi-linuxnet" to the repository itself (self-reference) instead
        // of the installed copy under node_modules.
        fs.writeFileSync(path.join(this.dir, "package.json"), JSON.stringify({ name: name, private: true }) + "\n");
        this.setProgram(source);
    }

    /** A project running a copy of the program files (`*.ts` and folders) of an example or the demo. */
    static fromDirectory(name: string, source: string, stack = "test"): EngineProject {
        const project = new EngineProject(name, "", stack);
        for (const entry of fs.readdirSync(source, { withFileTypes: true })) {
            const [from, to] = [path.join(source, entry.name), path.join(project.dir, entry.name)];
            // Folders the program reads (examples/vm-lab/guest), but not installed or run state.
            if (entry.isDirectory() && !["node_modules", ".pulumi-state"].includes(entry.name)) fs.cpSync(from, to, { recursive: true });
            else if (entry.name.endsWith(".ts") || entry.name === "Pulumi.yaml" || entry.name === "package.json") fs.copyFileSync(from, to);
        }
        return project;
    }

    /** Replaces the program (to test updates, replacements and removals). */
    setProgram(source: string): void {
        fs.writeFileSync(path.join(this.dir, this.programFile), source);
    }

    request(operation: Operation, options: RunOptions = {}): PulumiRequest {
        const env = { TMPDIR: this.tempDir, ...options.env };
        return { skipPreview: true, ...options, env, operation, dir: this.dir, stack: this.stack, backendDir: this.backend, passphrase: "test-passphrase" };
    }

    /**
     * Runs one operation. The first `up` or `preview` makes the stack (`pulumi stack select
     * --create`); `refresh` and `destroy` of a stack never made fail, as they would for a user.
     */
    async run(operation: Operation, options: RunOptions = {}): Promise<RunResult> {
        await this.selectStackFor(operation);
        return runPulumi(this.request(operation, options));
    }

    /** Starts an operation that the test may kill whole (the crash test). */
    async start(operation: Operation, options: RunOptions = {}): Promise<KillableRun> {
        await this.selectStackFor(operation);
        return startKillable(this.request(operation, options));
    }

    private async selectStackFor(operation: Operation): Promise<void> {
        if (this.stackSelected || (operation !== "up" && operation !== "preview")) return;
        await selectStack(this.request(operation));
        this.stackSelected = true;
    }

    /** `pulumi cancel`: removes the lock of a killed run. */
    cancel(): Promise<void> {
        return cancel(this.request("up"));
    }

    /** Runs an operation and fails the test, with the engine's output, when it did not succeed. */
    async ok(operation: Operation, options: RunOptions = {}): Promise<RunResult> {
        const result = await this.run(operation, options);
        if (result.exitCode !== 0) {
            throw new Error(`pulumi ${operation} failed (exit ${result.exitCode}):\n${result.stdout}\n${result.stderr}`);
        }
        return result;
    }

    /** The stack's checkpoint as the file backend stores it. */
    state(): { checkpoint: { latest: { resources?: Array<Record<string, any>> } } } {
        return JSON.parse(fs.readFileSync(this.stateFile(), "utf8"));
    }

    /** Replaces the stack's checkpoint (to stand for a state an earlier version wrote). */
    writeState(state: ReturnType<EngineProject["state"]>): void {
        fs.writeFileSync(this.stateFile(), JSON.stringify(state, null, 4));
    }

    private stateFile(): string {
        const project = /^name:\s*(\S+)/m.exec(fs.readFileSync(path.join(this.dir, "Pulumi.yaml"), "utf8"))![1];
        return path.join(this.backend, ".pulumi", "stacks", project, `${this.stack}.json`);
    }

    /**
     * Removes the project's directory. A key directory a dead provider left in its TMPDIR, which a
     * later provider's first session would have swept, fails the test: the leak check at the end
     * looks only in the machine's temporary directories.
     */
    remove(): void {
        // Under XDG_RUNTIME_DIR, shared by every test at once, the leak check looks instead.
        const unswept = process.env.XDG_RUNTIME_DIR ? [] : deadKeyDirs(this.tempDir);
        fs.rmSync(this.dir, { recursive: true, force: true });
        if (unswept.length) throw new Error(`SSH key directories of dead providers never swept: ${unswept.join(" ")}`);
    }
}

/** Counts of steps that change something (everything but "same"), from a change summary. */
export function changeCount(summary: Record<string, number>): number {
    return Object.entries(summary).filter(([op]) => op !== "same").reduce((n, [, count]) => n + count, 0);
}
