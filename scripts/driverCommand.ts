/**
 * How to start the program driver (scripts/run-program) for one operation: its argv and its
 * environment. One place for it, used by the demo, the plan, the benchmark and the engine tests,
 * so they all run programs the same way. Starts nothing itself.
 */
import * as path from "path";

export type Operation = "up" | "preview" | "refresh" | "destroy" | "cancel";

export interface DriverRequest {
    operation: Operation;
    /** The program's directory (with its Pulumi.yaml). */
    dir: string;
    stack: string;
    /** Where the driver writes its JSON result (ProgramResult). */
    resultFile?: string;
    /** Stack settings, `key` as `project:name`. */
    config?: Record<string, string>;
    refresh?: boolean;
    diff?: boolean;
    expectNoChanges?: boolean;
    clearPendingCreates?: boolean;
    parallel?: number;
    /** The local file backend: a directory. */
    backendDir: string;
    /** The secrets passphrase of the stack. */
    passphrase: string;
    /** Extra environment for the driver and, through it, the engine and the provider. */
    env?: NodeJS.ProcessEnv;
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

/** The compiled driver: beside this module in dist/scripts, or there when this runs from source (Jest). */
export const DRIVER = path.basename(path.dirname(__dirname)) === "dist"
    ? path.join(__dirname, "run-program.js")
    : path.join(__dirname, "../dist/scripts/run-program.js");

export function driverCommand(request: DriverRequest): { args: string[]; env: NodeJS.ProcessEnv } {
    const args = [DRIVER, request.operation, "--dir", request.dir, "--stack", request.stack];
    if (request.resultFile) args.push("--result", request.resultFile);
    for (const [key, value] of Object.entries(request.config ?? {})) args.push("--config", `${key}=${value}`);
    if (request.refresh) args.push("--refresh");
    if (request.diff) args.push("--diff");
    if (request.expectNoChanges) args.push("--expect-no-changes");
    if (request.clearPendingCreates) args.push("--clear-pending-creates");
    if (request.parallel) args.push("--parallel", String(request.parallel));
    const env = {
        ...process.env,
        // The driver is a plain Node program: Jest's or a user's NODE_OPTIONS do not belong in it.
        NODE_OPTIONS: "",
        PULUMI_BACKEND_URL: fileBackendUrl(request.backendDir),
        PULUMI_CONFIG_PASSPHRASE: request.passphrase,
        ...request.env,
    };
    return { args, env };
}
