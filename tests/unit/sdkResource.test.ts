/**
 * The SDK classes' common base (sdk/resource.ts) registers with `Error.stackTraceLimit` at 0 for
 * the SDK's own bookkeeping traces. What must hold for the program around it: the limit is back
 * afterwards whatever happens, the props still reach the engine, and an error thrown while
 * registering still points at the program's line. Pure logic in the program process: the SDK's
 * own mock monitor stands in for the engine.
 */
import * as pulumi from "@pulumi/pulumi";
import { NamespaceHost, Bridge } from "../../sdk";

const registered: pulumi.runtime.MockResourceArgs[] = [];

beforeAll(() => {
    pulumi.runtime.setMocks({
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

    test("registers the type and the props, and the outputs resolve", async () => {
        const host = new NamespaceHost("mock-host", { name: "h1", hostInterface: "lab1", addresses: ["10.0.0.2/24"], gateway: "10.0.0.1" });
        expect(await output(host.hostInterface)).toBe("lab1");
        expect(await output(host.addresses)).toEqual(["10.0.0.2/24"]);
        const args = registered.find((r) => r.name === "mock-host");
        expect(args?.type).toBe("pulumi-nodejs:dynamic/linuxnet:NamespaceHost");
        expect(args?.inputs).toMatchObject({ name: "h1", hostInterface: "lab1", gateway: "10.0.0.1" });
    });

    test("an error thrown while registering keeps the program's frames, and the limit is back", () => {
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
});
