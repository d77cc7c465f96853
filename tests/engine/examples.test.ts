/**
 * Every example, run as written (a copy of its program files) through the real Pulumi CLI with
 * its namespaces under this test's prefix and its host side inside a sandbox namespace: up,
 * traffic where the example promises it, a no-op preview, destroy, nothing left.
 */
import * as path from "path";
import { EngineProject, changeCount } from "../helpers/engine";
import { useSandbox } from "../helpers/sandbox";

const sandbox = useSandbox();
const EXAMPLES = path.join(__dirname, "../../examples");
const ping = (from: string, to: string) => sandbox.run(["ip", "netns", "exec", from, "ping", "-c", "1", "-W", "2", to]);

async function lifecycle(example: string, config: Record<string, string>, prove: (outputs: Record<string, any>) => Promise<void>): Promise<void> {
    const project = EngineProject.fromDirectory(`example-${example}-${sandbox.prefix.slice(5, -1)}`, path.join(EXAMPLES, example));
    const options = { config };
    try {
        const up = await project.ok("up", options);
        await prove(up.outputs);
        expect(changeCount((await project.ok("preview", options)).changeSummary)).toBe(0);
        await project.ok("destroy", options);
        expect((await sandbox.namespaces()).filter((n) => !n.includes("-sandbox"))).toEqual([]);
    } finally {
        await project.run("destroy", options);
        project.remove();
    }
}

test("veth-pair: two namespaces joined directly", async () => {
    await lifecycle("veth-pair", { "linuxnet-veth-pair:left": sandbox.name("left"), "linuxnet-veth-pair:right": sandbox.name("right") }, async (outputs) => {
        expect(outputs.addresses).toEqual(["10.0.0.1/30", "10.0.0.2/30"]);
        await ping(sandbox.name("left"), "10.0.0.2");
        await ping(sandbox.name("right"), "10.0.0.1");
    });
});

test("router: hosts in two subnets reach each other through the router namespace", async () => {
    await lifecycle("router", { "linuxnet-router:prefix": sandbox.prefix }, async (outputs) => {
        expect(outputs.hostA.address).toBe("10.1.0.2/24");
        await ping(sandbox.name("host-a"), "10.2.0.2");
        await ping(sandbox.name("host-b"), "10.1.0.2");
    });
});

test.each([
    ["one NamespaceHost per host", "true"],
    ["a namespace, veth pair, address and route per host", "false"],
])("lab: N hosts from stack config on a bridge, with allocated addresses (%s)", async (_form, oneResourcePerHost) => {
    const host = await sandbox.namespace(`lab-sandbox-${oneResourcePerHost}`);
    const config = {
        "linuxnet-lab:hosts": "4",
        "linuxnet-lab:namespacePrefix": sandbox.name(`lab${oneResourcePerHost}`),
        "linuxnet-lab:oneResourcePerHost": oneResourcePerHost,
        "linuxnet:hostNamespace": host,
    };
    await lifecycle("lab", config, async (outputs) => {
        expect(outputs.gateway).toBe("10.10.0.1");
        expect(outputs.hosts.map((h: { address: string }) => h.address)).toEqual(["10.10.0.2/24", "10.10.0.3/24", "10.10.0.4/24", "10.10.0.5/24"]);
        expect(outputs.hosts[0].macAddress).toMatch(/^[0-9a-f:]{17}$/);
        await ping(sandbox.name(`lab${oneResourcePerHost}1`), "10.10.0.5");
        await ping(sandbox.name(`lab${oneResourcePerHost}4`), "10.10.0.1");
    });
});
