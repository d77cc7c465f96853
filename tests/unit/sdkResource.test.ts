/**
 * The SDK classes' common base (sdk/resource.ts) registers with `Error.stackTraceLimit` at 0 for
 * the SDK's own bookkeeping traces. What must hold for the program around it: the limit is back
 * afterwards whatever happens, the props still reach the engine, and an error thrown while
 * registering still points at the program's line. Pure logic in the program process: the SDK's
 * own mock monitor stands in for the engine.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { typeToken } from "../../provider/registry";
import { NamespaceHost, Bridge } from "../../sdk";

const registered: pulumi.runtime.MockResourceArgs[] = [];

/** The parts of the SDK's registration request this file looks at. */
interface RegisterRequest {
    getName(): string;
    getSourceposition(): { getLine(): number } | undefined;
    getStacktrace(): { getFramesList(): unknown[] } | undefined;
}

beforeAll(async () => {
    await pulumi.runtime.setMocks({
        newResource: (args) => {
            registered.push(args);
            return { id: `${args.name}-id`, state: args.inputs };
        },
        call: (args) => args.inputs,
    });
});

function output<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => o.apply(resolve));
}

describe("LinuxnetResource", () => {
    const before = Error.stackTraceLimit;
    afterEach(() => {
        Error.stackTraceLimit = before;
    });

    test("puts the program's stack trace limit back after registering", () => {
        Error.stackTraceLimit = 23;
        new Bridge("limit-br", { name: "limitbr0" });
        expect(Error.stackTraceLimit).toBe(23);
    });

    test("the SDK's per-property bookkeeping traces come without frames; others keep theirs", () => {
        // What the base class is for. If an SDK upgrade moves these traces out of the
        // constructor, this fails, and the base class should be looked at again.
        const traces: { frames: number; functions: (string | null)[] }[] = [];
        const previous = Error.prepareStackTrace;
        Error.prepareStackTrace = (err, frames) => {
            traces.push({ frames: frames.length, functions: frames.map((f) => f.getFunctionName()) });
            return previous ? previous(err, frames) : `${err}`;
        };
        try {
            new NamespaceHost("traced-host", { name: "h3", hostInterface: "lab3" });
        } finally {
            Error.prepareStackTrace = previous;
        }
        // Four per property, ~17 properties: well over 40 frameless ones.
        expect(traces.filter((t) => t.frames === 0).length).toBeGreaterThan(40);
        // The SDK's own look at where the resource was made sees frames.
        expect(traces.some((t) => t.functions.includes("callsites") && t.frames > 5)).toBe(true);
    });

    test("with a formatter of the program's, the SDK's later bookkeeping traces skip it; other errors still get it", async () => {
        const seen: (string | null)[] = [];
        const previous = Error.prepareStackTrace;
        // Under the language host this is ts-node's, which maps every frame to TypeScript.
        Error.prepareStackTrace = (err, frames) => {
            seen.push(frames[0]?.getFunctionName() ?? null);
            return `mapped: ${err}`;
        };
        try {
            const host = new NamespaceHost("bookkept-host", { name: "h6", hostInterface: "lab6" });
            await output(host.urn); // the registration's promises, made after the constructor returned
            expect(new Error("the program's own").stack).toBe("mapped: Error: the program's own");
        } finally {
            Error.prepareStackTrace = previous;
        }
        expect(seen).toContain(null); // made inside the constructor with the limit at 0: no frames
        expect(seen.filter((name) => name === "debuggablePromise")).toEqual([]);
    });

    test("with PULUMI_DEBUG_PROMISE_LEAKS set (the SDK's advice for a leak report), its traces are left whole", async () => {
        const seen: { first: string | null; frames: number }[] = [];
        const previous = Error.prepareStackTrace;
        process.env.PULUMI_DEBUG_PROMISE_LEAKS = "true";
        Error.prepareStackTrace = (err, frames) => {
            seen.push({ first: frames[0]?.getFunctionName() ?? null, frames: frames.length });
            return `${err}`;
        };
        try {
            await output(new NamespaceHost("leak-debugged-host", { name: "h8", hostInterface: "lab8" }).urn);
        } finally {
            Error.prepareStackTrace = previous;
            delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
        }
        const bookkeeping = seen.filter((t) => t.first === "debuggablePromise");
        expect(bookkeeping.length).toBeGreaterThan(40);
        expect(seen.filter((t) => t.frames === 0)).toEqual([]);
    });

    test("with a formatter of the program's (ts-node's), the SDK records the program's `new X(...)` line and a few frames", async () => {
        const sent = await registrationsOf(() => {
            // Under the language host, ts-node's formatter maps frames to TypeScript; this one maps nothing.
            Error.prepareStackTrace = (err, frames) => [String(err), ...frames.map(v8Frame)].join("\n");
            return buildTheLab("mapped");
        });
        const { made, lines } = sent;
        expect(made.get("mapped-host")).toMatchObject({ line: lines[0] });
        // An arrow function's frame is anonymous: its position is kept too.
        expect(made.get("mapped-host5")).toMatchObject({ line: lines[1] });
        for (const name of ["mapped-host", "mapped-host5"]) expect(made.get(name)?.frames).toBeLessThanOrEqual(4);
    });

    test("without one, the SDK's stack is left as it takes it", async () => {
        const { made } = await registrationsOf(() => buildTheLab("whole"));
        expect(made.get("whole-host")?.frames).toBeGreaterThan(4);
    });

    test("registers the type and the props, and the outputs resolve", async () => {
        const host = new NamespaceHost("mock-host", { name: "h1", hostInterface: "lab1", addresses: ["10.0.0.2/24"], gateway: "10.0.0.1" });
        expect(await output(host.hostInterface)).toBe("lab1");
        expect(await output(host.addresses)).toEqual(["10.0.0.2/24"]);
        const args = registered.find((r) => r.name === "mock-host");
        expect(args?.type).toBe(typeToken("NamespaceHost"));
        expect(args?.inputs).toMatchObject({ name: "h1", hostInterface: "lab1", gateway: "10.0.0.1" });
    });

    test("an error thrown inside the constructor keeps the program's frames, and the limit is back", () => {
        Error.stackTraceLimit = 17;
        function buildTheLab(): void {
            // An empty resource name: the SDK refuses it inside the base class's super().
            new NamespaceHost("", { name: "h1", hostInterface: "lab1" });
        }
        let thrown: unknown;
        try {
            buildTheLab();
        } catch (err) {
            thrown = err;
        }
        expect(thrown).toBeInstanceOf(Error);
        expect((thrown as Error).message).toMatch(/resource name/);
        expect((thrown as Error).stack).toContain("buildTheLab");
        expect(Error.stackTraceLimit).toBe(17);
    });

    test("a registration the engine refuses is reported with the program's frames", () => {
        // A refused registration rejects the URN, the id and every output with one error, left to
        // the program's runtime to report (Jest would fail on them): so this runs in a Node
        // process of its own, reporting the way the runtime does, from its unhandledRejection.
        const result = spawnSync(process.execPath, ["-e", REFUSED_REGISTRATION], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
        if (!result.stdout.trim()) throw new Error(`the program reported nothing (exit ${result.status}):\n${result.stderr}`);
        const reported = JSON.parse(result.stdout) as { message: string; stack: string };
        expect(reported.message).toMatch(/failed to register new resource refused-host.*the engine refuses this one/);
        expect(reported.stack).toContain("buildTheRefusedHost");
    });
});

const ROOT = path.join(__dirname, "../..");

/** A frame as V8 prints it: an anonymous function's without a name and without parentheses. */
function v8Frame(frame: NodeJS.CallSite): string {
    const position = `${frame.getFileName()}:${frame.getLineNumber()}:${frame.getColumnNumber()}`;
    const name = frame.getFunctionName();
    return name ? `    at ${name} (${position})` : `    at ${position}`;
}

/** The line of the caller's frame, as the formatter in force prints it. */
function lineHere(): number {
    return Number(/:(\d+):\d+\)?$/.exec(new Error().stack!.split("\n")[2])![1]);
}

/** Two hosts, one made inside an arrow function, with the lines they were made on. */
function buildTheLab(prefix: string): { hosts: NamespaceHost[]; lines: number[] } {
    const first = [new NamespaceHost(`${prefix}-host`, { name: "h4", hostInterface: "lab4" }), lineHere()] as const;
    const [second] = [5].map((i) => [new NamespaceHost(`${prefix}-host${i}`, { name: `h${i}`, hostInterface: `lab${i}` }), lineHere()] as const);
    return { hosts: [first[0], second[0]], lines: [first[1], second[1]] };
}

/** What the SDK sends the engine for the resources `build` makes: the position line and the number of frames (the state keeps both). */
async function registrationsOf(build: () => { hosts: NamespaceHost[]; lines: number[] }): Promise<{ made: Map<string, { line?: number; frames: number }>; lines: number[] }> {
    const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: (req: RegisterRequest, callback: unknown) => unknown };
    const original = monitor.registerResource.bind(monitor);
    const made = new Map<string, { line?: number; frames: number }>();
    monitor.registerResource = (req, callback) => {
        made.set(req.getName(), { line: req.getSourceposition()?.getLine(), frames: req.getStacktrace()?.getFramesList().length ?? 0 });
        return original(req, callback);
    };
    const format = Error.prepareStackTrace;
    try {
        const { hosts, lines } = build();
        Error.prepareStackTrace = format;
        await Promise.all(hosts.map((h) => output(h.urn)));
        return { made, lines };
    } finally {
        Error.prepareStackTrace = format;
        monitor.registerResource = original;
    }
}

/** The program of that test: the SDK from source (transpiled on load), a mock engine that refuses. */
const REFUSED_REGISTRATION = `
const fs = require("fs");
const ts = require("typescript");
require.extensions[".ts"] = (module, file) => module._compile(ts.transpileModule(fs.readFileSync(file, "utf8"), {
    fileName: file, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
}).outputText, file);
const pulumi = require("@pulumi/pulumi");
pulumi.runtime.setMocks({ newResource: () => { throw new Error("the engine refuses this one"); }, call: (args) => args.inputs });
const { NamespaceHost } = require("./sdk/index.ts");
let reported = false;
process.on("unhandledRejection", (err) => {
    if (!reported) console.log(JSON.stringify({ message: err.message, stack: err.stack }));
    reported = true;
});
function buildTheRefusedHost() {
    new NamespaceHost("refused-host", { name: "h2", hostInterface: "lab2" });
}
buildTheRefusedHost();
`;
