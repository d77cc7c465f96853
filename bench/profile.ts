/**
 * `npm run bench:profile`: where the seconds of one lab operation go, process by process. Builds
 * the lab example (bench/lab.ts) at N hosts in a sandbox namespace with plain `pulumi`, and for
 * `pulumi up --yes --skip-preview`, a no-op `pulumi up --yes` and `pulumi destroy --yes` reports:
 *
 * - wall time, and the CPU time of every process of the run, summed by role: the Pulumi CLI (the
 *   engine, the checkpoint writes), the Node.js language host, the program, the dynamic-provider
 *   process, the command spawner, and the short-lived commands (`ip`, `iptables`, ...). Long-lived
 *   processes are sampled from /proc every 20 ms; the short-lived ones are what the whole run used
 *   minus the sampled ones. The whole run's CPU comes from a cpuacct cgroup the run is started in
 *   (processes the engine kills, such as the provider's, are not reaped by us, so the kernel's
 *   account of reaped children would miss them); without one, from that account.
 * - with `--cpu-prof`, a second run of each operation under `node --cpu-prof`: inside the program
 *   and the provider, the share of self time by code (pulumi-linuxnet, @pulumi/pulumi, gRPC,
 *   execa, Node.js itself, garbage collection).
 *
 *   node dist/bench/profile.js [--hosts 200] [--form host|parts] [--cpu-prof]
 *
 * Environment settings (PULUMI_SKIP_CHECKPOINTS=true, ...) pass through to `pulumi`.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { numberList, parseArgs, runMain } from "../tools/cli";
import { HOST, LabForm, PulumiLab, ROOT, benchNamespaces, resetHost, sh, waitForTeardown } from "./lab";

const TICK = 100; // USER_HZ: /proc's CPU times are in 1/100 s

type Role = "pulumi CLI" | "language host" | "program (node)" | "provider (node)" | "command spawner (node)" | "short-lived commands";
const ROLES: Role[] = ["pulumi CLI", "language host", "program (node)", "provider (node)", "command spawner (node)", "short-lived commands"];

/** The role of a process of the run, from its command line. */
function roleOf(cmdline: string): Role | undefined {
    if (/spawnerProcess\.js/.test(cmdline)) return "command spawner (node)";
    if (/dynamic-provider|pulumi-resource-pulumi-nodejs/.test(cmdline)) return "provider (node)";
    if (/pulumi-language-nodejs/.test(cmdline)) return "language host";
    if (/\bnode\b.*(cmd\/run|ts-node|--require)/.test(cmdline) || /@pulumi\/pulumi\/cmd\/run/.test(cmdline)) return "program (node)";
    if (/(^|\/)pulumi\0/.test(cmdline) || /(^|\/)pulumi$/.test(cmdline.split("\0")[0])) return "pulumi CLI";
    return undefined;
}

/** CPU ticks of this process's reaped children (all of the run's processes, once it ended). */
function childTicks(): number {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[13]) + Number(fields[14]); // cutime, cstime (fields 16 and 17 of proc(5))
}

/** Every live process's parent, CPU ticks so far and command line. */
function processes(): Map<number, { ppid: number; ticks: number; cmdline: string }> {
    const out = new Map<number, { ppid: number; ticks: number; cmdline: string }>();
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
            const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
            const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
            out.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), cmdline });
        } catch {
            // gone between the listing and the read
        }
    }
    return out;
}

/** Samples the run's long-lived processes until `stop`; returns the last CPU ticks seen per process. */
function sampler(): { stop(): Map<number, { role: Role; ticks: number }> } {
    const seen = new Map<number, { role: Role; ticks: number }>();
    const sample = () => {
        const all = processes();
        const inRun = (pid: number): boolean => {
            for (let p = all.get(pid)?.ppid; p !== undefined && p > 1; p = all.get(p)?.ppid) if (p === process.pid) return true;
            return false;
        };
        for (const [pid, p] of all) {
            const role = roleOf(p.cmdline);
            if (role && inRun(pid)) seen.set(pid, { role, ticks: p.ticks });
        }
    };
    const timer = setInterval(sample, 20);
    return {
        stop() {
            clearInterval(timer);
            return seen;
        },
    };
}

interface Profile {
    operation: string;
    wall: number;
    cpu: Record<Role, number>;
    commands: number;
}

/**
 * A cpuacct cgroup (v1, as on this machine) for the run: `launcher` starts pulumi in it, `seconds`
 * is the CPU its processes used so far, reaped or not. Undefined where none can be made.
 */
function cpuGroup(): { launcher: string[]; seconds(): number; remove(): void } | undefined {
    const dir = "/sys/fs/cgroup/cpuacct/lnxb-profile";
    try {
        fs.mkdirSync(dir, { recursive: true });
        fs.readFileSync(path.join(dir, "cpuacct.usage"));
    } catch {
        return undefined;
    }
    return {
        launcher: ["sh", "-c", 'echo $$ > "$0/cgroup.procs" && exec "$@"', dir],
        seconds: () => Number(fs.readFileSync(path.join(dir, "cpuacct.usage"), "utf8")) / 1e9,
        remove: () => fs.rmdirSync(dir),
    };
}

async function profileOperation(label: string, run: () => Promise<{ seconds: number; commands: string[][] }>, group?: ReturnType<typeof cpuGroup>): Promise<Profile & { roles: Map<number, Role> }> {
    const before = group?.seconds() ?? childTicks() / TICK;
    const s = sampler();
    const result = await run();
    const sampled = s.stop();
    const total = (group?.seconds() ?? childTicks() / TICK) - before;
    const cpu = Object.fromEntries(ROLES.map((r) => [r, 0])) as Record<Role, number>;
    for (const { role, ticks } of sampled.values()) cpu[role] += ticks / TICK;
    cpu["short-lived commands"] = Math.max(0, total - ROLES.slice(0, -1).reduce((sum, r) => sum + cpu[r], 0));
    return { operation: label, wall: result.seconds, cpu, commands: result.commands.length, roles: new Map([...sampled].map(([pid, p]) => [pid, p.role])) };
}

/** Self time (s) in one .cpuprofile, by code (codeOf) and by function (the busiest, for the report). */
function cpuProfileTotals(file: string, byCode: Record<string, number>, byFunction: Record<string, number>): void {
    const profile = JSON.parse(fs.readFileSync(file, "utf8")) as {
        nodes: { id: number; callFrame: { url: string; functionName: string; lineNumber: number } }[];
        samples: number[];
        timeDeltas: number[];
    };
    const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
    profile.samples.forEach((id, i) => {
        const frame = byId.get(id)!;
        const seconds = (profile.timeDeltas[i] ?? 0) / 1e6;
        const code = codeOf(frame.url, frame.functionName);
        byCode[code] = (byCode[code] ?? 0) + seconds;
        if (code === "(idle)") return;
        const fn = `${frame.functionName || "(anonymous)"} ${frame.url.split("node_modules/").pop()?.replace(/^.*\/(?=[^/]+$)/, "") ?? ""}:${frame.lineNumber + 1}`;
        byFunction[fn] = (byFunction[fn] ?? 0) + seconds;
    });
}

/** Which code a frame is: by package under node_modules first, so a checkout's own name misleads nothing. */
function codeOf(url: string, fn: string): string {
    if (fn === "(garbage collector)") return "garbage collection";
    if (fn === "(idle)" || fn === "(program)") return fn;
    const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    if (pkg === "pulumi-linuxnet") return "pulumi-linuxnet";
    if (pkg && /^(@grpc\/|google-protobuf|protobufjs)/.test(pkg)) return "gRPC, protobuf";
    if (pkg === "@pulumi/pulumi") return "@pulumi/pulumi";
    if (pkg === "typescript" || pkg === "ts-node") return "TypeScript";
    if (pkg === "execa") return "execa";
    if (pkg) return "other modules";
    if (url.startsWith("node:") || url === "") return "Node.js (internals, native calls such as spawn)";
    return "program files";
}

async function main(): Promise<number> {
    const { values } = parseArgs({ options: { hosts: { type: "string", default: "200" }, form: { type: "string", default: "host" }, "cpu-prof": { type: "boolean", default: false } } });
    if (process.getuid?.() !== 0) throw new Error("the profile builds network namespaces and needs root");
    const n = numberList("--hosts", values.hosts)[0];
    const form = values.form as LabForm;
    if (form !== "host" && form !== "parts") throw new Error(`--form: "${values.form}" is not host or parts`);
    const profiles: Profile[] = [];
    const group = cpuGroup();
    const shares: Record<string, Record<string, Record<string, number>>> = {};
    try {
        for (const withProfiler of values["cpu-prof"] ? [false, true] : [false]) {
            resetHost();
            const profDir = fs.mkdtempSync(path.join(os.tmpdir(), "lnxb-cpuprof-"));
            // The engine ends the provider with SIGINT, which would lose the profile Node writes at exit:
            // exitOnSigint.js (preloaded) makes that an orderly exit.
            const env: Record<string, string> = withProfiler ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profDir} --require ${path.join(__dirname, "exitOnSigint.js")}` } : {};
            const lab = new PulumiLab(n, form, undefined, undefined, { env, launcher: group?.launcher });
            await lab.init();
            const steps: [string, () => Promise<{ seconds: number; commands: string[][] }>][] = [
                ["up --skip-preview", () => lab.run("up", true)],
                ["up, no change", () => lab.run("up")],
                ["destroy", () => lab.run("destroy")],
            ];
            for (const [label, run] of steps) {
                process.stderr.write(`${label}${withProfiler ? " (cpu-prof)" : ""}\n`);
                for (const f of fs.readdirSync(profDir)) fs.rmSync(path.join(profDir, f), { recursive: true, force: true });
                const profile = await profileOperation(label, run, group);
                // Not measured: the kernel finishing the namespaces' teardown (bench/run.ts times that).
                if (label === "destroy") waitForTeardown();
                if (!withProfiler) profiles.push(profile);
                else shares[label] = sharesByRole(profDir, profile.roles);
            }
            fs.rmSync(profDir, { recursive: true, force: true });
            lab.remove();
        }
    } finally {
        for (const ns of benchNamespaces()) sh(["ip", "netns", "delete", ns]);
        sh(["ip", "netns", "delete", HOST]);
        // Its last processes (a killed provider's command spawner) may take a moment to leave.
        for (let i = 0; i < 50 && group; i++) {
            try {
                group.remove();
                break;
            } catch {
                await new Promise((resolve) => setTimeout(resolve, 100));
            }
        }
    }
    const report = { date: new Date().toISOString(), hosts: n, form, cpuTotalFrom: group ? "cpuacct cgroup" : "reaped children", env: { PULUMI_SKIP_CHECKPOINTS: process.env.PULUMI_SKIP_CHECKPOINTS ?? "unset" }, profiles, cpuProfileShares: shares };
    fs.mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
    fs.writeFileSync(path.join(ROOT, "bench/results/profile.json"), JSON.stringify(report, null, 2) + "\n");
    printProfiles(profiles, shares);
    return 0;
}

/**
 * Self time by code and the busiest functions, per role. The files are named
 * CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; the sampler saw which role each pid had.
 */
function sharesByRole(dir: string, roles: Map<number, Role>): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const file of fs.readdirSync(dir)) {
        const pid = Number(file.split(".")[3]);
        const role = roles.get(pid) ?? "other node";
        const byCode = out[role] ?? (out[role] = {});
        const byFunction = out[`${role}: functions`] ?? (out[`${role}: functions`] = {});
        cpuProfileTotals(path.join(dir, file), byCode, byFunction);
    }
    for (const key of Object.keys(out).filter((k) => k.endsWith(": functions"))) {
        out[key] = Object.fromEntries(Object.entries(out[key]).sort(([, a], [, b]) => b - a).slice(0, 12).map(([k, v]) => [k, Math.round(v * 1000) / 1000]));
    }
    return out;
}

function printProfiles(profiles: Profile[], shares: Record<string, Record<string, Record<string, number>>>): void {
    const fmt = (x: number) => x.toFixed(2);
    console.log(["operation", "wall (s)", ...ROLES.map((r) => `${r} CPU (s)`), "commands"].join(" | "));
    for (const p of profiles) console.log([p.operation, fmt(p.wall), ...ROLES.map((r) => fmt(p.cpu[r])), String(p.commands)].join(" | "));
    for (const [label, byRole] of Object.entries(shares)) {
        for (const [role, totals] of Object.entries(byRole)) {
            if (role.endsWith(": functions")) {
                console.log(`${label}, ${role}: ${Object.entries(totals).map(([k, v]) => `${k} ${v.toFixed(2)} s`).join("; ")}`);
                continue;
            }
            const all = Object.values(totals).reduce((a, b) => a + b, 0) - (totals["(idle)"] ?? 0);
            const parts = Object.entries(totals).filter(([k]) => k !== "(idle)").sort(([, a], [, b]) => b - a).map(([k, v]) => `${k} ${Math.round((v / all) * 100)}%`);
            console.log(`${label}, ${role}: ${fmt(all)} s busy: ${parts.join(", ")}`);
        }
    }
    console.log("\nwritten: bench/results/profile.json");
}

runMain(main);
