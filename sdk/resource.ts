import * as pulumi from "@pulumi/pulumi";
import { TYPE_MODULE } from "./config";

/**
 * The base of every resource class in this package: a dynamic resource of type
 * `pulumi-nodejs:dynamic/linuxnet:<type>`, registered without the SDK's bookkeeping stack traces.
 *
 * Why: registering a resource makes four promises per property (value, known, secret,
 * dependencies), and the SDK stores a formatted `new Error().stack` on each, used only in its
 * "promise leak" report. For a 200-host lab that is some 14,000 formatted traces, measured at
 * 0.18 s of a 2.2 s no-op `pulumi up` (bench/, README "Performance"). The SDK makes them
 * synchronously inside this constructor's `super()`, so they are captured here with
 * `Error.stackTraceLimit` at 0, and the limit is restored before anything else runs.
 *
 * What stays: the resource's source position, which the SDK captures with its own unlimited
 * limit; every error thrown or stack captured outside `super()`, the user's code included. What
 * changes: a leak report names the resource and property (its CONTEXT line) but shows no frames,
 * and an error thrown inside `super()` (bad resource options, a transformation that throws) gets
 * its stack captured again at this constructor, so it still points at the program's line.
 */
export abstract class LinuxnetResource extends pulumi.dynamic.Resource {
    protected constructor(provider: pulumi.dynamic.ResourceProvider, name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions | undefined, type: string) {
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
            super(provider, name, props, opts, TYPE_MODULE, type);
        } catch (err) {
            Error.stackTraceLimit = limit;
            if (err instanceof Error && !err.stack?.includes("\n    at ")) Error.captureStackTrace(err);
            throw err;
        } finally {
            Error.stackTraceLimit = limit;
        }
    }
}
