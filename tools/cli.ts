/**
 * What the command-line tools (plan, topology, demo, bench) share: their arguments parsed with
 * node:util's parseArgs (unknown flags and missing values are errors that say so), and a main
 * that turns a thrown error into a message and exit code 1.
 */
import { parseArgs } from "util";

export { parseArgs };

/** `--config key=value` flags as stack settings; a flag without `=` is an error naming it. */
export function configFlags(values: readonly string[] | undefined): Record<string, string> {
    const config: Record<string, string> = {};
    for (const flag of values ?? []) {
        const eq = flag.indexOf("=");
        if (eq < 1) throw new Error(`--config takes key=value, got ${JSON.stringify(flag)}`);
        config[flag.slice(0, eq)] = flag.slice(eq + 1);
    }
    return config;
}

/** A comma-separated list of positive whole numbers (`--sizes 10,50,200`). */
export function numberList(flag: string, value: string): number[] {
    return value.split(",").map((part) => {
        const n = Number(part);
        if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: ${JSON.stringify(part)} is not a positive whole number`);
        return n;
    });
}

/** Runs an async main as a command: its number is the exit code, a thrown error a message and 1. */
export function runMain(main: () => Promise<number>): void {
    main().then(
        (code) => (process.exitCode = code),
        (err: unknown) => {
            console.error(err instanceof Error ? err.message : String(err));
            process.exitCode = 1;
        },
    );
}
