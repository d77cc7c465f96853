/**
 * What the bench's measurements share (bench/run.ts, bench/profile.ts): the sandbox host and its
 * lab namespaces, here or on a simulated remote lab host over SSH, and the lab example run through
 * plain `pulumi` as a user types it.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { shellQuote } from "../provider/exec/session";
import { Operation, PulumiRequest, PulumiResult, runPulumi, selectStack } from "../tools/pulumiCli";
import { SshServer, startSshServer } from "../tests/helpers/sshServer";

export const ROOT = path.resolve(__dirname, "../..");
export const PREFIX = "lnxb-";
export const HOST = `${PREFIX}host`;
export const CIDR_PREFIX = 16;

/**
 * The lab example's two forms: one NamespaceHost per host ("host"), or a NetworkNamespace,
 * VethPair, Address and Route each ("parts"). Same kernel objects; not the same number of engine
 * resources. "remote" is the "host" form built on a lab host over SSH.
 */
export type LabForm = "host" | "parts" | "remote";
export const FORMS: LabForm[] = ["host", "parts", "remote"];

export function sh(argv: string[], input?: string): string {
    return execFileSync(argv[0], argv.slice(1), { input, stdio: ["pipe", "pipe", "pipe"] }).toString();
}

export function timed(fn: () => void): number {
    const t0 = process.hrtime.bigint();
    fn();
    return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Host address i (1-based, i=1 is the gateway) in 10.10.0.0/16. */
export const hostAddress = (i: number) => `10.10.${Math.floor((i + 1) / 256)}.${(i + 1) % 256}`;

/**
 * Where a lab is built: this machine, or the simulated remote lab host (commands over SSH). Both
 * have a sandbox namespace HOST standing for the host, and the lab's namespaces beside it.
 */
export interface Place {
    /** Runs argv there and returns its stdout; throws on failure. */
    run(argv: string[]): string;
    /** Runs a bash script there as one process (for the remote host: one fresh SSH session, as a user would). */
    script(text: string): string;
}

export const here: Place = { run: (argv) => sh(argv), script: (text) => sh(["bash", "-s"], text) };

/** The lab's namespaces (script, CNI, Pulumi), not HOST nor the remote bench's own. */
export function benchNamespaces(place: Place = here): string[] {
    const out = place.run(["ip", "-j", "netns", "list"]).trim();
    return (out ? (JSON.parse(out) as { name: string }[]) : []).map((n) => n.name).filter((n) => /^lnxb-[spc]\d+$/.test(n));
}

/** Waits until the kernel has really torn the namespaces down: their veth peers leave the host. */
export function waitForTeardown(place: Place = here): void {
    const deadline = Date.now() + 120_000;
    for (;;) {
        const links = JSON.parse(place.run(["ip", "-n", HOST, "-j", "link", "show"])) as { ifname: string }[];
        if (!links.some((l) => /^(lab|cni|veth)/.test(l.ifname)) && benchNamespaces(place).length === 0) return;
        if (Date.now() > deadline) throw new Error("namespaces still being torn down after 120 s");
        spawnSync("sleep", ["0.02"]);
    }
}

export function resetHost(place: Place = here): void {
    place.script([
        `for ns in ${benchNamespaces(place).join(" ")}; do ip netns delete "$ns"; done`,
        `ip netns delete ${HOST} 2>/dev/null || true`,
        `ip netns add ${HOST}`,
        `ip -n ${HOST} link set dev lo up`,
    ].join("\n") + "\n");
}

/**
 * The remote lab host: a namespace running sshd (private /run/netns, so its HOST and lab
 * namespaces exist only inside it), joined by a veth pair to a namespace standing for the
 * workstation, where `pulumi` runs. The bench's own looks and resets go over one kept SSH
 * connection (ControlMaster); the timed script opens a session of its own.
 */
export class RemoteHost implements Place {
    static readonly WORKSTATION = `${PREFIX}ws`;
    static readonly NAMESPACE = `${PREFIX}remote`;
    static readonly ADDRESS = "10.249.0.2";
    private constructor(readonly dir: string, private readonly server: SshServer) {}

    static async start(): Promise<RemoteHost> {
        const [ws, host] = [RemoteHost.WORKSTATION, RemoteHost.NAMESPACE];
        RemoteHost.cleanup();
        for (const ns of [ws, host]) sh(["ip", "netns", "add", ns]);
        sh(["ip", "-n", ws, "link", "add", "uplink", "type", "veth", "peer", "name", "uplink", "netns", host]);
        sh(["ip", "-n", ws, "addr", "add", "10.249.0.1/30", "dev", "uplink"]);
        sh(["ip", "-n", host, "addr", "add", `${RemoteHost.ADDRESS}/30`, "dev", "uplink"]);
        for (const ns of [ws, host]) for (const dev of ["lo", "uplink"]) sh(["ip", "-n", ns, "link", "set", "dev", dev, "up"]);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${PREFIX}ssh-`));
        sh(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "linuxnet-bench", "-f", path.join(dir, "client_key")]);
        const server = await startSshServer({ namespace: host, address: RemoteHost.ADDRESS, dir, authorizedKeys: fs.readFileSync(path.join(dir, "client_key.pub"), "utf8") });
        fs.writeFileSync(path.join(dir, "known_hosts"), `${RemoteHost.ADDRESS} ${server.hostKey}\n`);
        return new RemoteHost(dir, server);
    }

    /** The `connection` of every resource of the remote lab (the stack setting `linuxnet:connection`). */
    get connection(): { host: string; privateKey: string; hostKey: string } {
        return { host: RemoteHost.ADDRESS, privateKey: fs.readFileSync(path.join(this.dir, "client_key"), "utf8"), hostKey: this.server.hostKey };
    }

    private ssh(kept: boolean): string[] {
        const options = ["BatchMode=yes", "StrictHostKeyChecking=yes", `UserKnownHostsFile=${path.join(this.dir, "known_hosts")}`,
            ...(kept ? ["ControlMaster=auto", `ControlPath=${path.join(this.dir, "control")}`, "ControlPersist=300"] : ["ControlPath=none"])];
        return ["ip", "netns", "exec", RemoteHost.WORKSTATION, "ssh", ...options.flatMap((o) => ["-o", o]), "-i", path.join(this.dir, "client_key"), "-l", "root", "--", RemoteHost.ADDRESS];
    }

    run(argv: string[]): string {
        return sh([...this.ssh(true), argv.map(shellQuote).join(" ")]);
    }

    script(text: string): string {
        return sh([...this.ssh(false), "bash -s"], text);
    }

    async stop(): Promise<void> {
        spawnSync("ssh", ["-o", `ControlPath=${path.join(this.dir, "control")}`, "-O", "exit", RemoteHost.ADDRESS], { stdio: "ignore" });
        await this.server.stop();
        fs.rmSync(this.dir, { recursive: true, force: true });
        RemoteHost.cleanup();
    }

    static cleanup(): void {
        for (const ns of [RemoteHost.WORKSTATION, RemoteHost.NAMESPACE]) spawnSync("ip", ["netns", "delete", ns], { stdio: "ignore" });
    }
}


/**
 * Packets the kernel has dropped at its per-CPU input queues since boot, machine-wide (the second
 * column of /proc/net/softnet_stat, one line per CPU). Loopback shares those queues with veths: a
 * lab's multicast flooded over a bridge of hundreds of ports overflows them, and the local gRPC
 * connections between `pulumi` and its plugins lose packets too (README: "Large bridges and the
 * input queue").
 */
export function inputQueueDrops(): number {
    return fs.readFileSync("/proc/net/softnet_stat", "utf8").trim().split("\n").reduce((sum, line) => sum + parseInt(line.trim().split(/\s+/)[1], 16), 0);
}

// ---------------------------------------------------------------------------------------------
/**
 * What a failed run printed that says why: its "Diagnostics:" section (the errors, by resource),
 * not the stack outputs that end the output of a large lab (the 200 hosts' addresses).
 */
function failureReport(stdout: string): string {
    const start = stdout.indexOf("Diagnostics:");
    const end = stdout.indexOf("\nOutputs:", start);
    return start < 0 ? stdout.slice(-3000) : stdout.slice(start, end < 0 ? start + 6000 : Math.min(end, start + 6000));
}

/** Where a bench program named `name` is copied and keeps its state. */
const workDir = (name: string) => path.join(ROOT, "tests/.work", name);

/**
 * A Pulumi program run as a user types it: a copy of its directory under tests/.work with a file
 * backend and a stack of its own, each operation timed from the CLI's start to its exit.
 */
abstract class BenchProgram {
    readonly dir: string;
    protected readonly request: Omit<PulumiRequest, "operation">;
    /** Packets the machine dropped at its input queues during this program's operations (inputQueueDrops). */
    drops = 0;

    /** `files`: the program's files in `source` (relative to the repository), copied into `dir`. */
    protected constructor(name: string, source: string, files: string[], options: { parallel?: number; env?: NodeJS.ProcessEnv; launcher?: string[] }) {
        this.dir = workDir(name);
        fs.rmSync(this.dir, { recursive: true, force: true });
        fs.mkdirSync(path.join(this.dir, ".state"), { recursive: true });
        for (const f of files) fs.copyFileSync(path.join(ROOT, source, f), path.join(this.dir, f));
        this.request = { dir: this.dir, stack: "bench", parallel: options.parallel, backendDir: path.join(this.dir, ".state"), passphrase: "bench", env: options.env, launcher: options.launcher };
    }

    /** `pulumi stack select --create`, once, outside any timing. */
    async init(): Promise<void> {
        await selectStack(this.request);
    }

    /** One operation (`pulumi up --yes`: preview included, unless `skipPreview`); throws on failure. */
    protected async runOperation(operation: Operation, skipPreview: boolean, config: Record<string, string>): Promise<PulumiResult> {
        const before = inputQueueDrops();
        const result = await runPulumi({ ...this.request, operation, skipPreview, config });
        const drops = inputQueueDrops() - before;
        this.drops += drops;
        if (result.exitCode !== 0) {
            const dropped = drops > 0 ? `\nThe kernel dropped ${drops} packets at its per-CPU input queues during this run, loopback's included (README: "Large bridges and the input queue").` : "";
            throw new Error(`pulumi ${operation} failed in ${this.dir}:\n${failureReport(result.stdout)}\n${result.stderr.slice(-2000)}${dropped}`);
        }
        return result;
    }

    /** Removes the copy and its state. */
    remove(): void {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

// pulumi-linuxnet: the lab example (examples/lab) through the real engine, in each LabForm.

export class PulumiLab extends BenchProgram {
    readonly commandLog: string;

    /** `extra`: environment for the run, and words before `pulumi` (bench/profile.ts: a cgroup). */
    constructor(readonly n: number, readonly form: LabForm, readonly parallel?: number, readonly remote?: RemoteHost, extra: { env?: Record<string, string>; launcher?: string[] } = {}) {
        const name = `bench-${n}-${form}`;
        const commandLog = path.join(workDir(name), "commands.jsonl");
        super(name, "examples/lab", ["index.ts", "lab.ts", "allocate.ts", "Pulumi.yaml", "package.json"], {
            parallel,
            env: { LINUXNET_COMMAND_LOG: commandLog, ...extra.env },
            // On the remote host, pulumi runs in the namespace standing for the workstation.
            launcher: [...(extra.launcher ?? []), ...(remote ? ["ip", "netns", "exec", RemoteHost.WORKSTATION] : [])],
        });
        this.commandLog = commandLog;
    }

    /**
     * One operation as a user types it (`pulumi up --yes`: preview included, unless
     * `skipPreview`), timed from the CLI's start to its exit, with the kernel commands it ran.
     */
    async run(operation: Operation, skipPreview = false): Promise<{ seconds: number; commands: string[][] }> {
        fs.rmSync(this.commandLog, { force: true });
        const result = await this.runOperation(operation, skipPreview, {
            "linuxnet-lab:hosts": String(this.n),
            "linuxnet-lab:cidr": `10.10.0.0/${CIDR_PREFIX}`,
            "linuxnet-lab:namespacePrefix": `${PREFIX}p`,
            "linuxnet-lab:oneResourcePerHost": String(this.form !== "parts"),
            "linuxnet:hostNamespace": HOST,
            // A throwaway key of the bench's own, so a plain setting will do here (README: give yours as a secret).
            ...(this.remote ? { "linuxnet:connection": JSON.stringify(this.remote.connection) } : {}),
        });
        const commands = fs.existsSync(this.commandLog)
            ? fs.readFileSync(this.commandLog, "utf8").trim().split("\n").filter(Boolean).map((l) => (JSON.parse(l) as { argv: string[] }).argv)
            : [];
        return { seconds: result.seconds, commands };
    }

    /** The stack's state as JSON text, whichever compression the backend was told to use. */
    stateText(): string {
        const dir = path.join(this.dir, ".state/.pulumi/stacks/linuxnet-lab");
        const file = fs.readdirSync(dir).find((f) => /^bench\.json(\.gz|\.zst)?$/.test(f));
        if (!file) throw new Error(`no state file for stack "bench" in ${dir}`);
        const bytes = fs.readFileSync(path.join(dir, file));
        if (file.endsWith(".gz")) return zlib.gunzipSync(bytes).toString("utf8");
        if (file.endsWith(".zst")) return zlib.zstdDecompressSync(bytes).toString("utf8");
        return bytes.toString("utf8");
    }
}

// ---------------------------------------------------------------------------------------------
/**
 * Pulumi's floor (bench/engine-alone): the same operations on `resources` dynamic resources whose
 * provider does nothing, in a JavaScript program registered as ours are. What a lab costs above
 * these figures is ours: the provider's work, the kernel's, and the larger state.
 */
export class FloorLab extends BenchProgram {
    constructor(readonly resources: number, parallel?: number) {
        super(`bench-floor-${resources}`, "bench/engine-alone", ["index.js", "Pulumi.yaml", "package.json"], { parallel });
        const module = path.join(this.dir, "node_modules/linuxnet-engine-alone-provider");
        fs.mkdirSync(module, { recursive: true });
        fs.copyFileSync(path.join(ROOT, "bench/engine-alone/provider.js"), path.join(module, "index.js"));
    }

    /** Seconds of one operation, as PulumiLab.run times it. */
    async run(operation: Operation, skipPreview = false): Promise<number> {
        return (await this.runOperation(operation, skipPreview, { "linuxnet-engine-alone:n": String(this.resources) })).seconds;
    }
}
