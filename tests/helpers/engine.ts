/**
 * Runs Pulumi programs through the real Pulumi CLI on a local file backend, each operation in
 * its own process (scripts/run-program), never inside the Jest worker: Jest replaces
 * `require.cache`, which changes how Pulumi serialises dynamic providers.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { DriverRequest, Operation, driverCommand } from "../../scripts/driverCommand";
import type { ProgramResult } from "../../scripts/run-program";

const ROOT = path.resolve(__dirname, "../..");
/** Test programs live inside the repository so they resolve `pulumi-linuxnet` and `@pulumi/pulumi` from its node_modules. */
const WORK_DIR = path.join(ROOT, "tests/.work");

export interface RunResult extends ProgramResult {
    exitCode: number;
    stdout: string;
    stderr: string;
}

/** The per-operation choices a test makes; the rest of the driver's request is the project's. */
export type RunOptions = Pick<DriverRequest, "config" | "refresh" | "diff" | "expectNoChanges" | "clearPendingCreates" | "parallel" | "env">;

export class EngineProject {
    readonly dir: string;
    private readonly backend: string;

    /** Writes `source` as the program `index.ts` of a fresh project directory. */
    constructor(readonly name: string, source: string, readonly stack = "test") {
        this.dir = path.join(WORK_DIR, name);
        fs.rmSync(this.dir, { recursive: true, force: true });
        fs.mkdirSync(this.dir, { recursive: true });
        this.backend = path.join(this.dir, ".state");
        fs.mkdirSync(this.backend);
        fs.writeFileSync(path.join(this.dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
        // A package of its own, as a user's program has: inside this repository's package scope,
        // Node would resolve "pulumi-linuxnet" to the repository itself (self-reference) instead
        // of the installed copy under node_modules.
        fs.writeFileSync(path.join(this.dir, "package.json"), JSON.stringify({ name: name, private: true }) + "\n");
        this.setProgram(source);
    }

    /** A project running a copy of the program files (`*.ts`) of an example or the demo. */
    static fromDirectory(name: string, source: string, stack = "test"): EngineProject {
        const project = new EngineProject(name, "", stack);
        for (const file of fs.readdirSync(source).filter((f) => f.endsWith(".ts") || f === "Pulumi.yaml" || f === "package.json")) {
            fs.copyFileSync(path.join(source, file), path.join(project.dir, file));
        }
        return project;
    }

    /** Replaces the program (to test updates, replacements and removals). */
    setProgram(source: string): void {
        fs.writeFileSync(path.join(this.dir, "index.ts"), source);
    }

    /** The driver's argv and environment for one operation: for tests that start (and kill) it themselves. */
    command(operation: Operation, options: RunOptions = {}, resultFile?: string): { args: string[]; env: NodeJS.ProcessEnv } {
        return driverCommand({ ...options, operation, dir: this.dir, stack: this.stack, resultFile, backendDir: this.backend, passphrase: "test-passphrase" });
    }

    run(operation: Operation, options: RunOptions = {}): Promise<RunResult> {
        const resultFile = path.join(this.dir, `.result-${operation}.json`);
        fs.rmSync(resultFile, { force: true });
        const { args, env } = this.command(operation, options, resultFile);
        return new Promise((resolve) => {
            execFile(
                process.execPath,
                args,
                { cwd: this.dir, maxBuffer: 64 * 1024 * 1024, env },
                (error, stdout, stderr) => {
                    const exitCode = error ? (typeof error.code === "number" ? error.code : 1) : 0;
                    const parsed: ProgramResult = fs.existsSync(resultFile)
                        ? JSON.parse(fs.readFileSync(resultFile, "utf8"))
                        : { operation, ok: false, error: stderr, changeSummary: {}, outputs: {}, steps: [], seconds: 0 };
                    resolve({ ...parsed, exitCode, stdout, stderr });
                },
            );
        });
    }

    /** Runs an operation and fails the test, with the engine's output, when it did not succeed. */
    async ok(operation: "up" | "preview" | "refresh" | "destroy", options: RunOptions = {}): Promise<RunResult> {
        const result = await this.run(operation, options);
        if (result.exitCode !== 0) {
            throw new Error(`pulumi ${operation} failed (exit ${result.exitCode}):\n${result.stdout}\n${result.stderr}`);
        }
        return result;
    }

    /** The stack's checkpoint as the file backend stores it. */
    state(): { checkpoint: { latest: { resources?: Array<Record<string, any>> } } } {
        const project = /^name:\s*(\S+)/m.exec(fs.readFileSync(path.join(this.dir, "Pulumi.yaml"), "utf8"))![1];
        const file = path.join(this.backend, ".pulumi", "stacks", project, `${this.stack}.json`);
        return JSON.parse(fs.readFileSync(file, "utf8"));
    }

    remove(): void {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

/** Counts of steps that change something (everything but "same"), from a change summary. */
export function changeCount(summary: Record<string, number>): number {
    return Object.entries(summary).filter(([op]) => op !== "same").reduce((n, [, count]) => n + count, 0);
}
