import * as pulumi from "@pulumi/pulumi";
import { types } from "util";
import { AnyResourceType, typeToken } from "../provider/registry";
import { registrationProps } from "./config";
import { RemoteArgs, defaultConnection } from "./connection";
import { parentResources } from "./lineage";
import { CONNECTION } from "../provider/framework/connection";

/**
 * The base of every resource class in this package: a dynamic resource of the type a class names
 * (its declaration in provider/resources/, through the registry), with the props that type
 * registers, without the SDK's bookkeeping stack traces.
 *
 * Why: registering a resource makes four promises per property (value, known, secret,
 * dependencies), and the SDK stores a formatted `new Error().stack` on each, used only in its
 * "promise leak" report: thousands of traces for a large lab, a measurable share of a no-op
 * `pulumi up` (bench/README.md, "Figures behind the code"). The SDK makes them synchronously inside
 * this constructor's `super()`, so they are captured here with `Error.stackTraceLimit` at 0, and
 * the limit is restored before anything else runs.
 *
 * Errors keep pointing at the program's line: these two arrive without frames and are given
 * those of this constructor's call (the `new X(...)` line and below):
 * - an error thrown inside `super()` (bad resource options, say);
 * - the error a failed registration (the engine refusing a duplicate name, a failed read of an
 *   existing object) is reported with later, which the SDK made inside `super()` for that
 *   purpose.
 *
 * What is given up: a leak report from the SDK names the resource and property (its CONTEXT line)
 * but shows no frames, and a legacy `transformations` callback (run inside `super()`) that throws
 * shows the `new X(...)` line rather than its own. With PULUMI_DEBUG_PROMISE_LEAKS set (the
 * SDK's own advice when it reports a leak) none of this is done, and the report is whole.
 */
export abstract class LinuxnetResource extends pulumi.CustomResource {
    protected constructor(type: AnyResourceType, name: string, args: object, opts: pulumi.CustomResourceOptions | undefined) {
        const props = registrationProps(type, args);
        props[PROVIDER] = providerReference(type.typeName);
        // Where the object lives; a secret as a whole (it may hold a private key), in the inputs
        // and, through additionalSecretOutputs, in the outputs the state keeps.
        const connection = (args as RemoteArgs).connection ?? defaultConnection();
        props[CONNECTION] = connection === undefined ? undefined : pulumi.secret(connection);
        const parents = parentResources((value): value is LinuxnetResource => value instanceof LinuxnetResource, props, opts?.dependsOn);
        opts = {
            ...opts,
            additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), CONNECTION],
            // Kernel names are unique: a new object cannot be made beside the old one.
            deleteBeforeReplace: true,
            // Replaced with what it sits on (sdk/lineage.ts).
            ...(parents.length ? { replaceWith: [...(opts?.replaceWith ?? []), ...parents] } : {}),
        };
        // Asked for the SDK's leak report in full: its traces are left as the SDK makes them.
        const debuggingLeaks = Boolean(process.env.PULUMI_DEBUG_PROMISE_LEAKS);
        if (!debuggingLeaks) keepBookkeepingTracesUnformatted();
        const [limit, format] = [Error.stackTraceLimit, stackFormatting.prepareStackTrace];
        if (!debuggingLeaks) Error.stackTraceLimit = 0;
        if (format) stackFormatting.prepareStackTrace = withoutPackageFrames(format);
        try {
            super(typeToken(type.typeName), name, props, opts);
        } catch (err) {
            // Before the capture below, which `finally` would be too late for.
            [Error.stackTraceLimit, stackFormatting.prepareStackTrace] = [limit, format];
            addFramesIfMissing(err, constructorCall());
            throw err;
        } finally {
            [Error.stackTraceLimit, stackFormatting.prepareStackTrace] = [limit, format];
        }
        // One capture per resource instead of sixty-odd; formatted only if registration fails.
        const call = constructorCall();
        onRegistrationFailure(this, (err) => addFramesIfMissing(err, call));
    }
}

type StackFormatter = (err: Error, frames: NodeJS.CallSite[]) => unknown;

/** Where V8 finds the stack formatter: a plain function, not a method of Error. */
const stackFormatting = Error as unknown as { prepareStackTrace?: StackFormatter };

/**
 * The SDK's bookkeeping traces made after the constructor has returned: while a registration goes
 * on, the SDK wraps more promises (one to keep the process alive per RPC, one per serialised
 * property) and stores a formatted `new Error().stack` on each, for its leak report. With ts-node's
 * formatter, which maps every frame to TypeScript, that formatting is a large share of the
 * program's CPU (bench/README.md). So, once a resource of ours is made, the program's formatter (if it has one) is
 * wrapped for good: a trace made by the SDK's `debuggablePromise` gets its first line only (as
 * one made with the limit at 0 would); every other error goes to the program's formatter as
 * before. Without a formatter of the program's nothing is wrapped (see withoutPackageFrames).
 */
function keepBookkeepingTracesUnformatted(): void {
    const format = stackFormatting.prepareStackTrace;
    if (format === undefined || BOOKKEEPING in format) return;
    const wrapped: StackFormatter = (err, frames) => (isBookkeeping(frames[0]) ? String(err) : format(err, frames));
    stackFormatting.prepareStackTrace = Object.assign(wrapped, { [BOOKKEEPING]: true });
}

/** Marks the wrapper above, so that it is put on once. */
const BOOKKEEPING = Symbol("pulumi-linuxnet: SDK bookkeeping traces unformatted");

/** A trace the SDK's debuggablePromise (@pulumi/pulumi/runtime/debuggable.js) makes for itself. */
function isBookkeeping(frame: NodeJS.CallSite | undefined): boolean {
    return frame?.getFunctionName() === "debuggablePromise" && /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]debuggable\.js$/.test(frame.getFileName() ?? "");
}

/** How many of the program's frames the state keeps per resource, from its `new X(...)` line up. */
const PROGRAM_FRAMES = 4;

/**
 * The stack formatter in force while the SDK registers a resource. The SDK records, per resource,
 * the whole stack it was made on (its `sourcePosition` and `stackTrace` in the state), leaving out
 * a fixed number of frames: its own constructors and one for the resource class's (a provider
 * SDK's `new Bucket`). Ours are two (this class and the concrete one), so the position it kept
 * was a line of this package, and the whole stack — through ts-node and the SDK's own runner,
 * each frame mapped back to TypeScript — was much of a resource's state, which the file backend
 * writes out again at every step. This hands the program's formatter
 * (ts-node's, which maps to TypeScript) the stack with one of this package's frames (for the
 * class frame the SDK skips) and at most PROGRAM_FRAMES of the program's: the position the state
 * keeps is the program's `new X(...)` line. Only a formatter the program has is wrapped: without
 * one (a JavaScript program, Node's own source maps, which a formatter of ours would bypass) the
 * SDK's stack is left whole.
 */
function withoutPackageFrames(format: StackFormatter): StackFormatter {
    const ours = (frame: NodeJS.CallSite) => frame.getFileName()?.startsWith(`${__dirname}/`) === true;
    return (err, frames) => {
        const first = frames.findIndex(ours);
        if (first < 0) return format(err, frames);
        let after = first;
        while (after < frames.length && ours(frames[after])) after++;
        const stack = format(err, [...frames.slice(0, first + 1), ...frames.slice(after, after + PROGRAM_FRAMES)]);
        // The SDK reads a position only from `at NAME (FILE:LINE:COLUMN)`: name the anonymous
        // frames (`at FILE:LINE:COLUMN`, an arrow function's) so that their position is kept too.
        return typeof stack === "string" ? stack.replace(/^(\s+at )([^()\s][^()]*:\d+:\d+)$/gm, "$1<anonymous> ($2)") : stack;
    };
}

/** The input the dynamic provider finds a resource's provider code in (as pulumi.dynamic.Resource names it). */
const PROVIDER = "__provider";

/**
 * A type's provider as the dynamic provider loads it: the text of a CommonJS module whose
 * `handler()` returns the provider object, `require`d from the project directory. The module
 * `pulumi-linuxnet/dynamic/<Type>` the build wrote (provider/dynamic/stub.ts) is that object.
 *
 * Why not pulumi.dynamic.Resource, which is this plus `serializeFunction(() => provider)`: its
 * text wraps the same `require` in a closure frame (about 280 bytes), stored twice per resource
 * (inputs and outputs) in a state the file backend rewrites at every step; this one is 66-80
 * bytes. Either text loads the same module, so a state written with the other works as it is.
 */
function providerReference(typeName: string): string {
    return `exports.handler = () => require(${JSON.stringify(`pulumi-linuxnet/dynamic/${typeName}`)});\n`;
}

/**
 * The stack from the program's `new X(...)` down, captured now and formatted when first read.
 * Called only from the constructor above: the frames of `LinuxnetResource` and up are left out.
 */
function constructorCall(): { readonly stack?: string } {
    const holder: { stack?: string } = {};
    Error.captureStackTrace(holder, LinuxnetResource);
    return holder;
}

/**
 * Gives an Error that has no frames (one made with `Error.stackTraceLimit` at 0) the frames of
 * `call`. Anything else is left alone, and so is an Error that refuses the change (frozen): it
 * still has its message, and reporting it must not fail.
 */
function addFramesIfMissing(err: unknown, call: { readonly stack?: string }): void {
    // isNativeError, not instanceof: an Error from another realm (a vm context, Jest) is one too.
    if (!types.isNativeError(err) || /\n\s+at /.test(err.stack ?? "")) return;
    const frames = (call.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
    try {
        err.stack = [String(err), ...frames].join("\n");
    } catch {
        // A frozen error: keep it as it is.
    }
}

/**
 * Calls `handler` with the error a failed registration rejects the resource's URN with: the same
 * error object the SDK then reports, so a change to its stack shows there. The URN's promise is
 * internal to the SDK's Output; where it is missing, nothing is done.
 */
function onRegistrationFailure(resource: pulumi.Resource, handler: (err: unknown) => void): void {
    const urn = resource.urn as unknown as { promise?: () => Promise<unknown> };
    if (typeof urn.promise === "function") urn.promise().catch(handler);
}
