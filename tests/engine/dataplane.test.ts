/**
 * The dataplane: the demo lab (the reference walkthrough) built through the engine with its
 * namespaces under this test's prefix. Ping proves it: ns1 ↔ ns2 across the bridge, each
 * namespace to the bridge address, and ns1 to the `wan` namespace, which only works through the
 * MASQUERADE rule and forwarding. Destroy leaves nothing. Traffic stays inside these namespaces.
 */
import * as fs from "fs";
import * as path from "path";
import { EngineProject, changeCount } from "../helpers/engine";
import { useSandbox } from "../helpers/sandbox";

const sandbox = useSandbox();
const ping = (from: string, to: string) => sandbox.run(["ip", "netns", "exec", from, "ping", "-c", "1", "-W", "2", to]);

test("the walkthrough lab passes traffic, and destroy leaves nothing", async () => {
    const source = fs.readFileSync(path.join(__dirname, "../../demo/index.ts"), "utf8");
    const project = new EngineProject(`dataplane-${sandbox.tag}`, source);
    const config = { config: { "demo:prefix": sandbox.prefix, "demo:sandboxHost": "host" } };
    try {
        const up = await project.ok("up", config);
        expect(up.steps.filter((s) => s.op === "create")).toHaveLength(up.steps.length);
        const ns1 = sandbox.name("ns1");
        const ns2 = sandbox.name("ns2");
        await ping(ns1, "192.168.1.12");
        await ping(ns2, "192.168.1.11");
        await ping(ns1, "192.168.1.10");
        await ping(ns2, "192.168.1.10");
        await ping(ns1, "198.51.100.2");
        // Without the rule the outside cannot answer: it has no route back to 192.168.1.0/24.
        const nat = (await sandbox.run(["ip", "netns", "exec", sandbox.name("host"), "iptables", "-w", "-t", "nat", "-S", "POSTROUTING"])).split("\n");
        expect(nat).toContain('-A POSTROUTING -s 192.168.1.0/24 -m comment --comment "managed-by=pulumi-linuxnet demo lab" -j MASQUERADE');

        expect(changeCount((await project.ok("preview", config)).changeSummary)).toBe(0);

        const destroy = await project.ok("destroy", config);
        expect(destroy.steps.every((s) => s.op === "delete")).toBe(true);
        expect(await sandbox.namespaces()).toEqual([]);
    } finally {
        await project.run("destroy", config);
        project.remove();
    }
});
