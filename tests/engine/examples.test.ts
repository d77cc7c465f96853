/**
 * Every example, run as written (a copy of its program files) through the real Pulumi CLI with
 * its namespaces under this test's prefix and its host side inside a sandbox namespace: up,
 * traffic where the example promises it, a no-op preview, destroy, nothing left.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { EngineProject, RunOptions, changeCount } from "../helpers/engine";
import { useSandbox } from "../helpers/sandbox";
import { SshLab } from "../helpers/sshHosts";

const sandbox = useSandbox();
const EXAMPLES = path.join(__dirname, "../../examples");
const run = promisify(execFile);
const ping = (from: string, to: string) => sandbox.run(["ip", "netns", "exec", from, "ping", "-c", "1", "-W", "2", to]);

async function lifecycle(example: string, config: Record<string, string>, prove: (outputs: Record<string, any>) => Promise<void>): Promise<void> {
    const project = EngineProject.fromDirectory(`example-${example}-${sandbox.tag}`, path.join(EXAMPLES, example));
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

/** Tries `check` every half second until it passes or `seconds` have gone by; the last failure is thrown. */
async function eventually(seconds: number, check: () => Promise<unknown>): Promise<void> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
        try {
            await check();
            return;
        } catch (err) {
            if (Date.now() > deadline) throw err;
            await new Promise((resolve) => setTimeout(resolve, 500));
        }
    }
}

test("vm-lab: a QEMU guest on a tap on the bridge; its neighbour reaches it, it reaches the outside through MASQUERADE; destroy stops it", async () => {
    let pidFile = "";
    let pid = "";
    await lifecycle("vm-lab", { "linuxnet-vm-lab:prefix": sandbox.prefix }, async (outputs) => {
        pidFile = outputs.guestPidFile as string;
        pid = fs.readFileSync(pidFile, "utf8").trim();
        expect(fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim()).toBe("qemu-system-x86");
        const tap = JSON.parse(await sandbox.run(["ip", "-n", outputs.hostNamespace, "-d", "-j", "link", "show", "dev", "tap-vm1"]))[0];
        expect(tap).toMatchObject({ master: "labbr0", ifalias: "managed-by=pulumi-linuxnet", linkinfo: { info_kind: "tun", info_data: { type: "tap", vnet_hdr: true } } });
        // TCG boots in ~3 s alone; allow for a loaded machine.
        await eventually(90, () => ping(outputs.clientNamespace, outputs.guestIp));
        // The outside has no route back to 10.20.0.0/24: the guest's probe answers only through MASQUERADE.
        await eventually(30, async () => expect(fs.readFileSync(outputs.guestConsole, "utf8")).toContain("GUEST-PROBE-OK 203.0.113.2"));
        expect(await sandbox.run(["ip", "netns", "exec", outputs.outsideNamespace, "ip", "route", "show"])).not.toContain("10.20.0.");
    });
    // Destroy stopped the guest before deleting its tap, and removed its pid file.
    expect(fs.existsSync(`/proc/${pid}`) && fs.readFileSync(`/proc/${pid}/comm`, "utf8").startsWith("qemu")).toBe(false);
    expect(fs.existsSync(pidFile)).toBe(false);
});

test("two-hosts: two lab hosts over SSH, their bridges joined by VXLAN; host 2's address from another resource", async () => {
    const lab = await SshLab.create(sandbox);
    try {
        const hosts = [await lab.addHost("two-hosts-1"), await lab.addHost("two-hosts-2")];
        const keyFile = path.join(lab.dir, "client_key");
        const project = EngineProject.fromDirectory(`example-two-hosts-${sandbox.tag}`, path.join(EXAMPLES, "two-hosts"));
        const options: RunOptions = {
            config: {
                "linuxnet-two-hosts:hosts": JSON.stringify(hosts.map((h) => ({ address: h.address, hostKey: h.connection.hostKey }))),
                "linuxnet-two-hosts:privateKeyFile": keyFile,
            },
            // pulumi runs where the user's workstation would be: the namespace that reaches the hosts.
            launcher: ["ip", "netns", "exec", lab.workstation],
        };
        try {
            const up = await project.ok("up", options);
            expect(up.outputs.labAddresses).toEqual(["10.42.0.1/24", "10.42.0.2/24"]);
            // Across the tunnel: the packets leave host 1 in UDP to host 2, through the workstation.
            expect(await hosts[0].inside(["ip", "netns", "exec", "lab", "ping", "-c", "1", "-W", "3", "10.42.0.2"])).toContain("1 received");
            expect(await hosts[1].inside(["ip", "-d", "-j", "link", "show", "dev", "vx42"])).toContain(`"remote":"${hosts[0].address}"`);
            expect(changeCount((await project.ok("preview", { ...options, refresh: true })).changeSummary)).toBe(0);
            await project.ok("destroy", options);
            for (const host of hosts) {
                expect(await host.inside(["ip", "netns", "list"])).toBe("");
                expect(await host.inside(["ip", "-o", "link", "show"])).not.toMatch(/br0|vx42|lab0/);
            }
        } finally {
            await project.run("destroy", options);
            project.remove();
        }
    } finally {
        await lab.close();
    }
});

/**
 * The commands each example's README gives (the `<!-- commands: up -->` and `<!-- commands:
 * destroy -->` blocks), run as written by bash in a copy of the example: the copy's `cd` line is
 * dropped and `../../scripts/env.sh` is resolved to this repository's. The stack's settings are
 * written into `Pulumi.dev.yaml` first, as a user would before `pulumi up`: namespace names under
 * this test's prefix, and the host side inside a sandbox namespace.
 */
function readmeCommands(example: string, which: "up" | "destroy"): string {
    const readme = fs.readFileSync(path.join(EXAMPLES, example, "README.md"), "utf8");
    const block = new RegExp(`<!-- commands: ${which} -->\\n\`\`\`sh\\n([\\s\\S]*?)\`\`\``).exec(readme);
    if (!block) throw new Error(`examples/${example}/README.md has no "commands: ${which}" block`);
    return block[1]
        .split("\n")
        .filter((line) => !/^cd examples\//.test(line))
        .map((line) => line.replace("../../scripts/env.sh", path.join(EXAMPLES, "../scripts/env.sh")))
        .join("\n");
}

/** Where an example's README commands run, and how the test sees what they made. */
interface ReadmeSetting {
    settings: Record<string, string>;
    /** Words before `bash` (the workstation namespace, for examples that reach SSH hosts). */
    launcher?: string[];
    /** The namespaces the example made (it must make some, and leave none after destroy). */
    made(): Promise<string[]>;
    close?(): Promise<void>;
}

/** Namespaces of this test with "readme-" in their name, but not the sandbox host. */
const readmeNamespaces = (host: string) => async () => (await sandbox.namespaces()).filter((n) => n.includes("readme-") && n !== host);

const readmeSettings: Record<string, (host: string) => Promise<ReadmeSetting>> = {
    "veth-pair": async (host) => ({ settings: { "linuxnet-veth-pair:left": sandbox.name("readme-left"), "linuxnet-veth-pair:right": sandbox.name("readme-right") }, made: readmeNamespaces(host) }),
    router: async (host) => ({ settings: { "linuxnet-router:prefix": sandbox.name("readme-") }, made: readmeNamespaces(host) }),
    lab: async (host) => ({ settings: { "linuxnet-lab:namespacePrefix": sandbox.name("readme-lab"), "linuxnet:hostNamespace": host }, made: readmeNamespaces(host) }),
    "with-command": async (host) => ({ settings: { "linuxnet-with-command:prefix": sandbox.name("readme-") }, made: readmeNamespaces(host) }),
    "vm-lab": async (host) => ({ settings: { "linuxnet-vm-lab:prefix": sandbox.name("readme-") }, made: readmeNamespaces(host) }),
    // Two simulated SSH hosts; the commands run in the namespace that reaches them.
    "two-hosts": async () => {
        const lab = await SshLab.create(sandbox);
        const hosts = [await lab.addHost("readme-ssh-1"), await lab.addHost("readme-ssh-2")];
        return {
            settings: {
                "linuxnet-two-hosts:hosts": JSON.stringify(hosts.map((h) => ({ address: h.address, hostKey: h.connection.hostKey }))),
                "linuxnet-two-hosts:privateKeyFile": path.join(lab.dir, "client_key"),
            },
            launcher: ["ip", "netns", "exec", lab.workstation],
            made: async () => (await Promise.all(hosts.map((h) => h.inside(["ip", "netns", "list"])))).join("").split("\n").filter(Boolean),
            close: () => lab.close(),
        };
    },
};

test.each(Object.keys(readmeSettings))("examples/%s: the README's own commands bring it up and tear it down", async (example) => {
    const host = await sandbox.namespace(`readme-host-${example}`);
    const dir = path.join(EXAMPLES, "../tests/.work", `readme-${example}-${sandbox.tag}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.cpSync(path.join(EXAMPLES, example), dir, { recursive: true, filter: (f) => !/\.pulumi-state|Pulumi\.[^/]*\.yaml$/.test(f) || f.endsWith("/Pulumi.yaml") });
    const setting = await readmeSettings[example](host);
    const settings = Object.entries(setting.settings).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`);
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), `config:\n${settings.join("\n")}\n`);
    // `pulumi up` asks before it changes anything; a person answers yes, the test says so up front.
    const env = { ...process.env, NODE_OPTIONS: "", PULUMI_SKIP_CONFIRMATIONS: "true" };
    const [shell, ...shellArgs] = [...(setting.launcher ?? []), "bash", "-euo", "pipefail", "-c"];
    const bash = (script: string) => run(shell, [...shellArgs, script], { cwd: dir, env, maxBuffer: 32 << 20 });
    try {
        const up = readmeCommands(example, "up");
        await bash(up);
        expect((await setting.made()).length).toBeGreaterThan(0);
        // The destroy block runs in the shell the up block set up (PATH, backend, passphrase), as in a user's terminal.
        const shellSetup = up.split("\n").filter((line) => /^(\. |export |mkdir )/.test(line));
        await bash([...shellSetup, readmeCommands(example, "destroy")].join("\n"));
        expect(await setting.made()).toEqual([]);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        await sandbox.run(["ip", "netns", "delete", host]);
        await setting.close?.();
    }
});
