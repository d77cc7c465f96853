/**
 * Review-ready previews on the demo lab: the command plan a reviewer reads must be exactly what
 * the provider then runs, in dependency order; a one-field change must plan one command; and the
 * topology pictures must name everything and show drift.
 */
import * as fs from "fs";
import * as path from "path";
import { isKernelWrite, planStep, renderPlanMarkdown } from "../../tools/plan";
import { renderTopologySvg, scanTopology, topologyFromState } from "../../tools/topology";
import { runCommand } from "../../provider/exec/run";
import { formatArgv } from "../../provider/exec/errors";
import { persistentBridgeMac } from "../../provider/resources/bridge";
import { EngineProject } from "../helpers/engine";
import { useSandbox } from "../helpers/sandbox";

const sandbox = useSandbox();
const DEMO = fs.readFileSync(path.join(__dirname, "../../demo/index.ts"), "utf8");

test("plan, run and picture of the demo lab agree, and drift shows in the picture", async () => {
    const P = sandbox.prefix;
    const H = `${P}host`;
    const mark = "managed-by=pulumi-linuxnet";
    const project = new EngineProject(`review-${sandbox.tag}`, DEMO);
    const config = { config: { "demo:prefix": P, "demo:sandboxHost": "host" } };
    const log = path.join(project.dir, "commands.jsonl");
    try {
        const preview = await project.ok("preview", config);
        const plan = preview.steps.filter((s) => s.type.includes("linuxnet")).map((s) => planStep(s));
        const lines = plan.flatMap((s) => s.commands.map(formatArgv));
        const labHost = (i: number) => [
            `ip netns add ${P}ns${i}`,
            `ip -n ${P}ns${i} link set dev lo alias ${mark} up`,
            `ip link add name veth${i} netns ${P}ns${i} type veth peer name br-veth${i} netns ${H}`,
            `ip -n ${P}ns${i} link set dev veth${i} alias ${mark} up`,
            `ip -n ${H} link set dev br-veth${i} master br1 alias ${mark} up`,
            `ip -n ${P}ns${i} addr add 192.168.1.1${i}/24 dev veth${i}`,
            `ip -n ${P}ns${i} -4 route add default via 192.168.1.10 proto 241`,
        ];
        const expected = [
            `ip netns add ${H}`,
            `ip -n ${H} link set dev lo alias ${mark} up`,
            `ip -n ${H} link add name br1 address ${persistentBridgeMac(H, "br1")} type bridge`,
            `ip -n ${H} link set dev br1 alias ${mark} up`,
            `ip -n ${H} addr add 192.168.1.10/24 dev br1`,
            ...labHost(1),
            ...labHost(2),
            `ip netns exec ${H} iptables -w -t nat -A POSTROUTING -s 192.168.1.0/24 -m comment --comment '${mark} demo lab' -j MASQUERADE`,
            `ip netns exec ${H} sysctl -q -w net.ipv4.ip_forward=1`,
            `ip netns add ${P}wan`,
            `ip -n ${P}wan link set dev lo alias ${mark} up`,
            `ip link add name wan0 netns ${H} type veth peer name eth0 netns ${P}wan`,
            `ip -n ${H} link set dev wan0 alias ${mark} up`,
            `ip -n ${P}wan link set dev eth0 alias ${mark} up`,
            `ip -n ${H} addr add 198.51.100.1/24 dev wan0`,
            `ip -n ${P}wan addr add 198.51.100.2/24 dev eth0`,
        ];
        expect([...lines].sort()).toEqual([...expected].sort());
        // Dependency order: everything that uses a namespace, bridge or address comes after it.
        const at = (text: string) => lines.findIndex((l) => l.startsWith(text));
        for (const i of [1, 2]) {
            expect(at(`ip netns add ${P}ns${i}`)).toBeLessThan(at(`ip link add name veth${i}`));
            expect(at(`ip -n ${H} link add name br1`)).toBeLessThan(at(`ip -n ${H} link set dev br-veth${i} master br1`));
            expect(at(`ip link add name veth${i}`)).toBeLessThan(at(`ip -n ${P}ns${i} addr add`));
            expect(at(`ip -n ${P}ns${i} addr add`)).toBeLessThan(at(`ip -n ${P}ns${i} -4 route add`));
            expect(at(`ip -n ${H} addr add 192.168.1.10/24`)).toBeLessThan(at(`ip -n ${P}ns${i} -4 route add`));
        }
        expect(renderPlanMarkdown(plan)).toContain(`${expected.length} commands for 17 resources`);

        // What the provider really runs is what the plan said (the forwarding switch is written only when it differs).
        await project.ok("up", { ...config, env: { LINUXNET_COMMAND_LOG: log } });
        const ran = fs.readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l).argv as string[]).filter(isKernelWrite).map(formatArgv);
        expect([...ran].sort()).toEqual([...expected].sort());

        // A one-field change plans one command.
        project.setProgram(DEMO.replace(`new linuxnet.IpForwarding("forwarding", { namespace: hostNamespace });`, `new linuxnet.IpForwarding("forwarding", { namespace: hostNamespace, ipv6: true });`));
        const change = (await project.ok("preview", config)).steps.filter((s) => s.op !== "same").map((s) => planStep(s));
        expect(change.flatMap((s) => s.commands.map(formatArgv))).toEqual([`ip netns exec ${H} sysctl -q -w net.ipv6.conf.all.forwarding=1`]);

        // Pictures: the state's names every namespace, link and address; the kernel's matches it until drift.
        const resources = project.state().checkpoint.latest.resources!;
        const state = topologyFromState(resources as never);
        const svg = renderTopologySvg(state, { title: "demo" });
        for (const name of [H, `${P}ns1`, `${P}ns2`, `${P}wan`, "br1", "veth1", "veth2", "br-veth1", "br-veth2", "wan0", "eth0", "192.168.1.10/24", "192.168.1.11/24", "192.168.1.12/24", "198.51.100.1/24", "198.51.100.2/24", "MASQUERADE 192.168.1.0/24"]) {
            expect(svg).toContain(name);
        }
        const kernel = await scanTopology(runCommand, state.namespaces);
        expect(kernel).toEqual(state);
        expect(renderTopologySvg(kernel, { title: "demo", expected: state })).toBe(svg);

        await sandbox.run(["ip", "-n", `${P}ns2`, "link", "delete", "dev", "veth2"]);
        const drifted = await scanTopology(runCommand, state.namespaces);
        const driftSvg = renderTopologySvg(drifted, { title: "demo", expected: state });
        expect(driftSvg).not.toBe(svg);
        expect(driftSvg).toContain("veth2 (veth) ⟷ br-veth2 (missing)");
        expect(driftSvg).toContain('stroke-dasharray="6 4"');
    } finally {
        await project.run("destroy", config);
        project.remove();
    }
});
