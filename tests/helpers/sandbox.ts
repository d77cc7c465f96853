/**
 * Throwaway kernel namespaces for one test file. Every name starts with a prefix unique to this
 * Sandbox (and with the global test prefix the leak check looks for), so parallel test files
 * never collide and cleanup removes exactly what this file made, even after a failure.
 */
import { randomBytes } from "crypto";
import { runCommand } from "../../provider/exec/run";
import { TEST_PREFIX } from "./names";

export class Sandbox {
    /** Unique to this sandbox, e.g. "3fa9c1": for the names of test projects and stacks. */
    readonly tag = randomBytes(3).toString("hex");
    /** e.g. "lnxt-0b7e-3fa9c1-": namespaces of this sandbox are `${prefix}<name>`. */
    readonly prefix = `${TEST_PREFIX}${this.tag}-`;

    /** A namespace name under this sandbox's prefix (not created). */
    name(suffix: string): string {
        return `${this.prefix}${suffix}`;
    }

    /** Creates a namespace under the prefix, with loopback up, and returns its name. */
    async namespace(suffix: string): Promise<string> {
        const name = this.name(suffix);
        await runCommand(["ip", "netns", "add", name]);
        await runCommand(["ip", "-n", name, "link", "set", "dev", "lo", "up"]);
        return name;
    }

    /** Runs argv (an `ip ...` command, say) and returns stdout. */
    run(argv: string[]): Promise<string> {
        return runCommand(argv);
    }

    async namespaces(): Promise<string[]> {
        const out = (await runCommand(["ip", "-j", "netns", "list"])).trim();
        return (out ? (JSON.parse(out) as { name: string }[]) : []).map((ns) => ns.name).filter((n) => n.startsWith(this.prefix));
    }

    /** Deletes every namespace of this sandbox. Safe to call more than once. */
    async cleanup(): Promise<void> {
        for (const name of await this.namespaces()) {
            await runCommand(["ip", "netns", "delete", name]).catch(() => undefined);
        }
    }
}

/** A sandbox per test file, cleaned up after all its tests, failed or not. */
export function useSandbox(): Sandbox {
    const sandbox = new Sandbox();
    afterAll(() => sandbox.cleanup());
    return sandbox;
}
