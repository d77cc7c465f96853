/**
 * Bad input, table-driven: every case must fail `pulumi preview` (or, for values known only at
 * apply time, `pulumi up`) with a message that names the field and the bad value, and leave the
 * kernel exactly as it was. Compared before and after: everything in the sandbox host (`ip -j`
 * dumps, `iptables-save`, the forwarding switches), what of ours the machine's root namespace
 * holds (marked links, routes of our protocol, rules with our mark), and which namespaces exist by
 * the names the cases give — only what a case could have touched, so other work on the machine
 * (namespaces and links coming and going) is not mistaken for a leak.
 */
import * as fs from "fs";
import { OWNER_MARK, ROUTE_PROTOCOL } from "../../provider/framework/ownership";
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

/** Every name a case gives that a namespace could be made by. */
const namespaceNames = [...new Set(cases.flatMap((c) => Object.values(c.args)).filter((v): v is string => typeof v === "string" && /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/.test(v)))];

async function kernelSnapshot(host: string): Promise<string> {
    const parts: string[] = [];
    const ip = (...args: string[]) => sandbox.run(["ip", "-n", host, ...args]);
    parts.push(await ip("-j", "link", "show"));
    parts.push(await ip("-j", "addr", "show"));
    parts.push(await ip("-j", "route", "show", "table", "all"));
    parts.push(await ip("-6", "-j", "route", "show", "table", "all"));
    parts.push((await sandbox.run(["ip", "netns", "exec", host, "iptables-save"])).split("\n").filter((l) => !l.startsWith("#")).join("\n"));
    parts.push(await sandbox.run(["ip", "netns", "exec", host, "sysctl", "-n", "net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding"]));
    // The root namespace: what of ours is there.
    const links = JSON.parse(await sandbox.run(["ip", "-j", "link", "show"])) as { ifname: string; ifalias?: string }[];
    parts.push(JSON.stringify(links.filter((l) => l.ifalias === OWNER_MARK).map((l) => l.ifname)));
    for (const family of ["-4", "-6"]) parts.push(await sandbox.run(["ip", family, "route", "show", "table", "all", "proto", String(ROUTE_PROTOCOL)]));
    parts.push((await sandbox.run(["iptables-save"])).split("\n").filter((l) => l.includes(OWNER_MARK)).join("\n"));
    parts.push(JSON.stringify(namespaceNames.filter((name) => fs.existsSync(`/run/netns/${name}`))));
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
