/**
 * The package as users install it: `npm pack` of this repository, the tarball installed with
 * `@pulumi/pulumi` (and TypeScript) into a fresh directory outside the repository, and a small
 * program there run with plain `pulumi up`, `pulumi preview --expect-no-changes` and `pulumi
 * destroy` — once in TypeScript, once in plain JavaScript. Catches files missing from the
 * package, broken `exports`, and anything that only resolved because the repository was a parent
 * directory of the program.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { EngineProject } from "../helpers/engine";
import { useSandbox } from "../helpers/sandbox";

const sandbox = useSandbox();
const ROOT = path.resolve(__dirname, "../..");
const run = promisify(execFile);

/** The versions this repository builds and tests with, so the install is the one the tests know. */
const rootPackage = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const pinned = (name: string) => rootPackage.dependencies[name] ?? rootPackage.devDependencies[name];

const typescriptProgram = (prefix: string) => `
import * as pulumi from "@pulumi/pulumi";
import * as linuxnet from "pulumi-linuxnet";

const prefix = new pulumi.Config().require("prefix");
const left = new linuxnet.NetworkNamespace("left", { name: \`\${prefix}left\` });
const right = new linuxnet.NetworkNamespace("right", { name: \`\${prefix}right\` });
const cable = new linuxnet.VethPair("cable", { name: "veth-l", namespace: left.name, peerName: "veth-r", peerNamespace: right.name });
const a: linuxnet.AddressArgs = { namespace: left.name, device: cable.name, address: "10.9.0.1/30" };
new linuxnet.Address("left-address", a);
new linuxnet.Address("right-address", { namespace: right.name, device: cable.peerName, address: "10.9.0.2/30" });
export const mac = cable.macAddress;
`;

const javascriptProgram = `
"use strict";
const pulumi = require("@pulumi/pulumi");
const linuxnet = require("pulumi-linuxnet");

const prefix = new pulumi.Config().require("prefix");
const left = new linuxnet.NetworkNamespace("left", { name: \`\${prefix}left\` });
const right = new linuxnet.NetworkNamespace("right", { name: \`\${prefix}right\` });
const cable = new linuxnet.VethPair("cable", { name: "veth-l", namespace: left.name, peerName: "veth-r", peerNamespace: right.name });
new linuxnet.Address("left-address", { namespace: left.name, device: cable.name, address: "10.9.0.1/30" });
new linuxnet.Address("right-address", { namespace: right.name, device: cable.peerName, address: "10.9.0.2/30" });
exports.mac = cable.macAddress;
`;

describe("the npm package installed outside the repository", () => {
    let install: string;

    beforeAll(async () => {
        install = fs.mkdtempSync(path.join(os.tmpdir(), "linuxnet-package-"));
        const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", install], { cwd: ROOT });
        const tarball = path.join(install, JSON.parse(stdout)[0].filename);
        fs.writeFileSync(path.join(install, "package.json"), JSON.stringify({ name: "lab-programs", private: true }) + "\n");
        await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error",
            tarball, `@pulumi/pulumi@${pinned("@pulumi/pulumi")}`, `typescript@${pinned("typescript")}`], { cwd: install, maxBuffer: 16 << 20 });
    });

    afterAll(() => fs.rmSync(install, { recursive: true, force: true }));

    test("the installed package holds what programs load, and nothing of the repository's tooling", () => {
        const installed = path.join(install, "node_modules/pulumi-linuxnet");
        expect(fs.existsSync(path.join(installed, "dist/sdk/index.js"))).toBe(true);
        expect(fs.existsSync(path.join(installed, "dist/provider/index.js"))).toBe(true);
        expect(fs.existsSync(path.join(installed, "dist/tools"))).toBe(false);
        expect(fs.existsSync(path.join(installed, "tests"))).toBe(false);
    });

    test.each([
        ["TypeScript", "index.ts", typescriptProgram],
        ["JavaScript", "index.js", () => javascriptProgram],
    ])("a %s program: up, a preview that expects no changes, destroy", async (language, programFile, source) => {
        const prefix = sandbox.name(`${language === "TypeScript" ? "ts" : "js"}-`);
        const project = new EngineProject(language.toLowerCase(), source(prefix), "dev", { workDir: install, programFile });
        const options = { config: { [`${language.toLowerCase()}:prefix`]: prefix } };
        try {
            const up = await project.ok("up", options);
            expect(up.changeSummary).toEqual({ create: 6 });
            expect(up.outputs.mac).toMatch(/^[0-9a-f:]{17}$/);
            // The provider was stored as a require of the installed package, not copied by value.
            const stored = project.state().checkpoint.latest.resources!.find((r) => r.type.endsWith(":VethPair"))!;
            expect(stored.inputs.__provider).toContain('require("pulumi-linuxnet/dynamic/VethPair")');
            await sandbox.run(["ip", "netns", "exec", `${prefix}left`, "ping", "-c", "1", "-W", "2", "10.9.0.2"]);

            await project.ok("preview", { ...options, expectNoChanges: true });
            const destroy = await project.ok("destroy");
            expect(destroy.changeSummary).toEqual({ delete: 6 });
            expect(await sandbox.namespaces()).toEqual([]);
        } finally {
            await project.run("destroy");
        }
    });
});
