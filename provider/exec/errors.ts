/**
 * Typed failures of the processes the provider runs. Every failure is classified here, in one
 * place, from the exit status and what the kernel or tool printed, so the layers above can say
 * "already exists, adopt it" or "already gone, fine" without parsing strings themselves.
 */
import { Place, commandAdvice, missingTool } from "./advice";

/** What kind of failure a command ended in. */
export type CommandFailureKind = "exists" | "notFound" | "busy" | "permission" | "missingTool" | "other";

/**
 * A failure the provider expects and explains: its message is whole (what failed, where, what the
 * tool said, what to do), so it is reported without stack frames. Anything else that is thrown
 * is a bug, and keeps its stack (see KernelObjectError).
 */
export class ExplainedError extends Error {}

/** A command that exited non-zero (or could not start). Carries the argv, exit code and stderr. */
export class CommandError extends ExplainedError {
    constructor(
        /** The full argv that ran, e.g. `["ip", "-n", "ns1", "link", "set", ...]`. */
        readonly argv: readonly string[],
        readonly exitCode: number | undefined,
        /** What the command printed on stderr, trimmed. */
        readonly stderr: string,
        readonly kind: CommandFailureKind,
        /** Where it ran, when not on this machine ("ssh root@10.0.0.2"). */
        readonly target?: string,
        /** What to do about it, when what it printed says (exec/advice.ts). */
        readonly advice?: string,
    ) {
        super(`\`${formatArgv(argv)}\`${target ? ` on ${target}` : ""} failed (exit ${exitCode ?? "none"}): ${stderr || "no output"}${advice ? `. ${advice}` : ""}`);
        this.name = "CommandError";
    }
}

/**
 * The CommandError for a command that exited non-zero, classified from what it printed, with
 * advice for `place` when the output calls for some. A batch names only the failing line's number
 * ("Command failed -:3"), so that line is shown too.
 */
export function commandFailure(argv: readonly string[], input: string | undefined, exitCode: number | undefined, stderr: string, place: Place & { target?: string } = { host: "this machine" }): CommandError {
    const line = input === undefined ? undefined : Number(/Command failed -:(\d+)/.exec(stderr)?.[1]);
    const failedLine = line === undefined ? undefined : input?.split("\n")[line - 1];
    const detail = failedLine === undefined ? stderr : `${stderr} (batch line ${line}: ${failedLine})`;
    return new CommandError(argv, exitCode, detail, classifyFailure(stderr, exitCode), place.target, commandAdvice(stderr, exitCode, place));
}

/**
 * A failure of an operation on one kernel object, in the form
 * `failed to <verb> <kind> "<name>" in namespace "<ns>": <what failed, and what to do>`.
 *
 * Printed as `${error}: ${error.stack}` by the dynamic-provider host when a read or delete fails,
 * so `toString()` is the first part of the message and `stack` the rest: the line reads as the
 * message once. An ExplainedError (or a plain Error of ours, whose message is whole) gives the
 * rest as its message, with no frames; anything else is a bug, and gives its stack.
 */
export class KernelObjectError extends ExplainedError {
    readonly headline: string;

    constructor(
        readonly verb: string,
        readonly objectKind: string,
        readonly objectName: string,
        readonly namespace: string | undefined,
        readonly detail: string,
        override readonly cause?: unknown,
    ) {
        const headline = `failed to ${verb} ${objectKind} "${objectName}" in ${describeNamespace(namespace)}`;
        super(`${headline}: ${detail}`);
        this.name = "KernelObjectError";
        this.headline = headline;
        this.stack = detail;
    }

    override toString(): string {
        return this.headline;
    }
}

/**
 * What a failure says after the name of the object it happened to: an expected failure's message;
 * a bug's stack (its message and where it happened), to be reported as one.
 */
export function failureDetail(err: unknown): string {
    if (err instanceof ExplainedError || (err instanceof Error && err.constructor === Error)) return err.message;
    return err instanceof Error ? (err.stack ?? String(err)) : String(err);
}

/**
 * The kernel does not show what was just applied (apply, then verify): one wording for every
 * resource, naming what is missing or different.
 */
export class VerificationError extends ExplainedError {
    constructor(readonly unmet: string) {
        super(`the kernel does not show what was just applied: ${unmet}`);
        this.name = "VerificationError";
    }
}

/** An object exists with our name but was not created by us (it lacks the ownership marker). */
export class ForeignObjectError extends KernelObjectError {
    constructor(objectKind: string, objectName: string, namespace: string | undefined, howToAdopt: string) {
        super(
            "create",
            objectKind,
            objectName,
            namespace,
            `it already exists and was not created by pulumi-linuxnet, so it is left untouched. ` +
                `Choose another name, remove it yourself, or ${howToAdopt}`,
        );
        this.name = "ForeignObjectError";
    }
}

/** Human form of a namespace for messages: the root namespace has no name. */
export function describeNamespace(namespace: string | undefined): string {
    return namespace ? `namespace "${namespace}"` : "the root namespace";
}

/** Quotes argv for display so it can be pasted into a shell. Display only: nothing runs a string. */
export function formatArgv(argv: readonly string[]): string {
    return argv.map((arg) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(" ");
}

const failurePatterns: ReadonlyArray<[CommandFailureKind, RegExp]> = [
    ["exists", /File exists|already assigned|already exists|already a member/i],
    [
        "notFound",
        // "Cannot assign requested address": what `ip addr del` of an absent address printed before
        // kernels said "Address not found".
        /No such process|Cannot find device|does not exist|No such file or directory|not found|No such device|Bad rule \(does a matching rule exist|Cannot open network namespace|Cannot assign requested address/i,
    ],
    ["busy", /Device or resource busy|holding the xtables lock|Resource temporarily unavailable/i],
    ["permission", /Operation not permitted|Permission denied|must be root|you must be root/i],
];

/**
 * Classifies a failure from what the command printed and its exit code. A tool that did not run
 * at all (the shell's 126/127 over a command session, sudo refusing or not finding it, `ip netns
 * exec` failing to start it) says "not found" or "No such file or directory", which must never
 * read as "the object is not there" (a delete would then leave it, a refresh forget it): that is
 * a failure of its own.
 */
export function classifyFailure(stderr: string, exitCode?: number): CommandFailureKind {
    if (missingTool(stderr, exitCode)) return "missingTool";
    if (exitCode === 126 || exitCode === 127 || /^sudo: /m.test(stderr)) return "other";
    for (const [kind, pattern] of failurePatterns) {
        if (pattern.test(stderr)) {
            return kind;
        }
    }
    return "other";
}

export function isCommandError(err: unknown, kind?: CommandFailureKind): err is CommandError {
    return err instanceof CommandError && (kind === undefined || err.kind === kind);
}
