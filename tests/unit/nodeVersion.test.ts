/** The provider refuses a Node.js it cannot run on with a message that says what to do. */
import * as fs from "fs";
import * as path from "path";
import { MINIMUM_NODE, assertSupportedNode } from "../../provider/exec/run";

test("Node.js 20 is refused by name, with the fix; 22.12 and later pass", () => {
    expect(() => assertSupportedNode("20.20.2")).toThrow(
        'pulumi-linuxnet needs Node.js >= 22.12, but the provider runs on Node.js 20.20.2 (the first "node" on the PATH of pulumi): put a newer Node.js first on the PATH',
    );
    expect(() => assertSupportedNode("22.11.0")).toThrow(/needs Node.js >= 22.12/);
    for (const ok of ["22.12.0", "22.20.1", "24.22.3", "26.0.0"]) expect(() => assertSupportedNode(ok)).not.toThrow();
});

test("package.json declares the same floor", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8"));
    expect(pkg.engines.node).toBe(`>=${MINIMUM_NODE.join(".")}`);
});
