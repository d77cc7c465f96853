/**
 * A preview is a promise for `connection` too: new credentials for the same host (another key,
 * the host's other host key pinned, another user through sudo) preview as an in-place update of
 * every resource there and `up` does exactly that, changing nothing in the kernel; another way to
 * the host (a jump host), another port or another host preview as a replacement of every resource
 * and `up` replaces them. After each, the kernel is what the state says, on the host it says.
 */
import { operationOf } from "../../tools/pulumiCli";
import { EngineProject, RunOptions } from "../helpers/engine";
import { useSandbox } from "../helpers/sandbox";
import { NON_ROOT, SshHost, SshLab } from "../helpers/sshHosts";

const sandbox = useSandbox();
let lab: SshLab;
let [a, b, jump]: SshHost[] = [];
let keys: { first: string; second: string };

beforeAll(async () => {
    lab = await SshLab.create(sandbox);
    const second = await lab.newClientKey("second");
    const authorizedKey = lab.clientPublicKey + second.publicKey;
    a = await lab.addHost("a", { authorizedKey, ports: [22, 2222] });
    b = await lab.addHost("b", { authorizedKey });
    jump = await lab.addHost("jump", { authorizedKey });
    keys = { first: `${lab.dir}/client_key`, second: `${lab.dir}/second_key` };
});
afterAll(async () => lab?.close());

/** The lab: an address on a bridge (through its name), a namespace with a cable to it. */
const program = `
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as linuxnet from "pulumi-linuxnet";

type Login = { host: string; port?: number; user?: string; hostKey: string; keyFile: string };
const login = ({ keyFile, ...l }: Login) => ({ ...l, privateKey: pulumi.secret(fs.readFileSync(keyFile, "utf8")) });
const given = new pulumi.Config().requireObject<Login & { become?: "sudo"; proxy?: Login }>("connection");
const connection = { ...login(given), become: given.become, proxy: given.proxy && login(given.proxy) };
const ns = new linuxnet.NetworkNamespace("ns", { name: "ns1", connection });
const br = new linuxnet.Bridge("br", { name: "br1", connection });
new linuxnet.Address("br-address", { device: br.name, address: "10.7.0.1/24", connection });
const veth = new linuxnet.VethPair("veth", { name: "eth0", namespace: ns.name, peerName: "p0", peerMaster: br.name, connection });
new linuxnet.Address("inner-address", { namespace: ns.name, device: veth.name, address: "10.7.0.2/24", connection });
`;

test("credentials update every resource in place, another way, port or host replaces every one: as previewed", async () => {
    const project = new EngineProject(`connection-${sandbox.tag}`, program);
    const on = (host: SshHost) => ({ host: host.address, hostKey: host.connection.hostKey, keyFile: keys.first });
    const options = (connection: object): RunOptions => ({
        config: { [`connection-${sandbox.tag}:connection`]: JSON.stringify(connection) },
        launcher: ["ip", "netns", "exec", lab.workstation],
    });
    const rounds: [string, object, "update" | "replace"][] = [
        ["another private key", { ...on(a), keyFile: keys.second }, "update"],
        ["the host's other host key pinned (ECDSA)", { ...on(a), keyFile: keys.second, hostKey: a.otherHostKey }, "update"],
        ["another user, through sudo", { ...on(a), user: NON_ROOT, become: "sudo" }, "update"],
        ["through a jump host (the same address behind one may be another machine)", { ...on(a), proxy: on(jump) }, "replace"],
        ["another port", { ...on(a), port: 2222 }, "replace"],
        ["another host", on(b), "replace"],
    ];
    const problems: string[] = [];
    const names = ["ns", "br", "br-address", "veth", "inner-address"];
    try {
        await project.ok("up", options(on(a)));
        for (const [title, connection, op] of rounds) {
            const preview = await project.ok("preview", options(connection));
            const up = await project.ok("up", options(connection));
            for (const name of names) {
                const [shown, done] = [preview, up].map((run) => run.steps.find((s) => s.name === name));
                if (!shown || operationOf(shown) !== op) problems.push(`${title}: ${name} previewed as ${shown && operationOf(shown)}, expected ${op}`);
                if (!done || operationOf(done) !== (shown && operationOf(shown))) problems.push(`${title}: ${name} previewed as ${shown && operationOf(shown)}, up did ${done && operationOf(done)}`);
            }
            const check = await project.run("preview", { ...options(connection), refresh: true, expectNoChanges: true });
            if (check.exitCode !== 0) problems.push(`${title}: the kernel differs from the state:\n${check.stdout.slice(-2000)}`);
        }
        // Moved to b: made there, and nothing of it left on a.
        expect(await b.inside(["ip", "-o", "link", "show", "dev", "br1"])).toContain("br1");
        expect(await a.inside(["ip", "-o", "link", "show", "type", "bridge"])).toBe("");
        expect(await a.inside(["ip", "netns", "list"])).toBe("");
        expect(problems).toEqual([]);
        await project.ok("destroy", options(on(b)));
        expect(await b.inside(["ip", "netns", "list"])).toBe("");
    } finally {
        await project.run("destroy", options(on(b)));
        project.remove();
    }
});
