/**
 * Bad input, table-driven: every case must fail `pulumi preview` (or, for values known only at
 * apply time, `pulumi up`) with a message that names the field and the bad value, and leave the
 * kernel exactly as it was: `ip -j` dumps and `iptables-save` of the sandbox host and of the
 * machine's root namespace are compared before and after.
 */
import { BadCase, badInputs as cases } from "../helpers/badInputs";
import { EngineProject } from "../helpers/engine";
import { report } from "../helpers/reliability";
import { useSandbox } from "../helpers/sandbox";

const sandbox = useSandbox();


/** A resource with nothing in the kernel whose output is unknown until it is created: a value known only at apply time. */
const LATER = `
class Later extends pulumi.dynamic.Resource {
    declare public readonly value: pulumi.Output<any>;
    constructor(name: string, value: unknown) {
        super({ async create(inputs: any) { return { id: name, outs: inputs }; } }, name, { value }, {});
    }
}
`;

/**
 * The case's program. Its arguments are cast to `any`, as values from JSON stack config or a
 * JavaScript program are: the language host type-checks TypeScript programs, and the provider
 * must catch what no compiler saw.
 */
function program(c: BadCase): string {
    const args = Object.entries(c.args)
        .map(([k, v]) => (c.late?.includes(k) ? `${JSON.stringify(k)}: new Later("later-${k}", ${JSON.stringify(v)}).value` : `${JSON.stringify(k)}: ${JSON.stringify(v)}`))
        .join(", ");
    return `import * as pulumi from "@pulumi/pulumi";\nimport * as linuxnet from "pulumi-linuxnet";\n${c.late ? LATER : ""}\nnew linuxnet.${c.resource}("subject", { ${args} } as any);\n`;
}

async function kernelSnapshot(host: string): Promise<string> {
    const parts: string[] = [];
    for (const ns of [undefined, host]) {
        const ip = (...args: string[]) => sandbox.run(ns ? ["ip", "-n", ns, ...args] : ["ip", ...args]);
        parts.push(await ip("-j", "link", "show"));
        // Lifetimes of DHCP and SLAAC addresses tick down by themselves; everything else must hold still.
        parts.push((await ip("-j", "addr", "show")).replace(/"(valid|preferred)_life_time":\d+/g, ""));
        parts.push(await ip("-j", "route", "show", "table", "all"));
        parts.push(await ip("-6", "-j", "route", "show", "table", "all"));
        const save = ns ? ["ip", "netns", "exec", ns, "iptables-save"] : ["iptables-save"];
        parts.push((await sandbox.run(save)).split("\n").filter((l) => !l.startsWith("#")).join("\n"));
        const sysctls = ["sysctl", "-n", "net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding"];
        parts.push(await sandbox.run(ns ? ["ip", "netns", "exec", ns, ...sysctls] : sysctls));
    }
    // The machine's namespaces but those of test runs (this one's and any other's beside it), whose
    // coming and going is not this test's business; "lnxt-never" is a name a bad case must not make.
    // Sorted names, not the text: `ip netns list` order follows the directory, and ids come and go.
    const namespaces = JSON.parse((await sandbox.run(["ip", "-j", "netns", "list"])).trim() || "[]") as { name: string }[];
    parts.push(JSON.stringify(namespaces.map((n) => n.name).filter((n) => !n.startsWith("lnxt-") || n === "lnxt-never").sort()));
    return parts.join("\n");
}

test(`${cases.length} bad inputs fail with the field and value named, and the kernel unchanged`, async () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    const host = await sandbox.namespace("bad-host");
    await sandbox.run(["ip", "-n", host, "link", "add", "veth1", "type", "veth", "peer", "name", "br-veth1"]);
    const config = { config: { "linuxnet:hostNamespace": host } };
    const before = await kernelSnapshot(host);
    const tag = sandbox.tag;
    const results: string[] = [];
    // Three projects side by side: each case is a separate preview (or up) of a one-resource program.
    const slots = [0, 1, 2].map((i) => new EngineProject(`bad-${tag}-${i}`, ""));
    let next = 0;
    await Promise.all(
        slots.map(async (project) => {
            while (next < cases.length) {
                const index = next++;
                const c = cases[index];
                project.setProgram(program(c));
                const result = await project.run(c.late ? "up" : "preview", config);
                const output = `${result.stdout}\n${result.stderr}`;
                const named = output.includes(c.message);
                if (result.exitCode === 0 || !named) {
                    results.push(`case ${index} (${c.resource} ${JSON.stringify(c.args)}): exit ${result.exitCode}, expected message ${JSON.stringify(c.message)}\n${output.slice(0, 2000)}`);
                }
                if (c.late) await project.run("destroy", config);
            }
        }),
    );
    for (const project of slots) project.remove();
    const after = await kernelSnapshot(host);
    const unchanged = after === before;
    report({
        category: "bad input",
        tried: cases.length,
        passed: cases.length - results.length,
        leaked: unchanged ? [] : ["the kernel changed"],
        notes: [`${cases.filter((c) => c.late).length} of them with values known only at apply time`],
    });
    expect(results).toEqual([]);
    // On a difference, the first line that differs, to say what changed.
    const [was, is] = [before.split("\n"), after.split("\n")];
    const line = was.findIndex((l, i) => l !== is[i]);
    expect(unchanged ? "" : `snapshot line ${line}: was ${was[line]?.slice(0, 400)}\nnow ${is[line]?.slice(0, 400)}`).toBe("");
});
