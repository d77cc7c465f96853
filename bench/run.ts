/**
 * `npm run bench`: what a lab of N hosts costs through pulumi-linuxnet, against a plain shell
 * script of the same `ip`/`iptables` commands, `ip -batch` (the floor), and the CNI bridge plugin.
 * Each host: a namespace, a veth pair attached to the bridge, an address, a default route; plus
 * one bridge with the gateway address, one MASQUERADE rule and forwarding. Everything runs inside
 * a sandbox namespace standing for the host. Every figure is the median of REPS runs, all in one
 * run on this machine, and ratios are taken against the plain script measured beside it.
 *
 * The "remote" form builds the NamespaceHost lab on a simulated lab host over SSH (a real sshd in
 * namespaces of the bench's own, tests/helpers/sshServer.ts), with `pulumi` in a namespace standing for the
 * workstation, beside the same plain script run there over one SSH session.
 *
 * Beside each local form, in the same reps, Pulumi's floor (bench/engine-alone): the same
 * operations on as many dynamic resources whose provider does nothing. Targets that sit at
 * Pulumi's own cost are judged against it, measured in the same hour as ours.
 *
 *   node dist/bench/run.js [--sizes 10,50,200] [--reps 3] [--parallel N] [--forms host,parts,remote] [--no-floor]
 *
 * Writes bench/results/latest.json with every figure and prints a table.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { typeNameOf } from "../provider/registry";
import { numberList, parseArgs, runMain } from "../tools/cli";
import { isKernelWrite } from "../tools/plan";
import {
    CIDR_PREFIX, FORMS, FloorLab, HOST, LabForm, PREFIX, Place, PulumiLab, ROOT, RemoteHost, benchNamespaces, here, hostAddress, resetHost, sh, timed, waitForTeardown,
} from "./lab";

interface Options {
    sizes: number[];
    reps: number;
    parallel?: number;
    forms: LabForm[];
    /** Measure Pulumi's floor beside each local form (default; `--no-floor` leaves it out). */
    floor: boolean;
}

function parseOptions(): Options {
    const { values } = parseArgs({
        options: {
            sizes: { type: "string", default: "10,50,200" },
            reps: { type: "string", default: "3" },
            parallel: { type: "string" },
            forms: { type: "string", default: FORMS.join(",") },
            "no-floor": { type: "boolean", default: false },
        },
    });
    const forms = values.forms.split(",").map((f) => {
        if (!FORMS.includes(f as LabForm)) throw new Error(`--forms: "${f}" is not one of ${FORMS.join(", ")}`);
        return f as LabForm;
    });
    return {
        sizes: numberList("--sizes", values.sizes),
        reps: numberList("--reps", values.reps)[0],
        parallel: values.parallel === undefined ? undefined : numberList("--parallel", values.parallel)[0],
        forms,
        floor: !values["no-floor"],
    };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;


// ---------------------------------------------------------------------------------------------
// The plain shell script: one `ip`/`iptables` process per step, each veth peer created directly
// in its namespace — what a lab engineer would write by hand.
function plainScript(n: number): string {
    const lines = [
        "set -e",
        `ip -n ${HOST} link add name labbr0 type bridge`,
        `ip -n ${HOST} link set dev labbr0 up`,
        `ip -n ${HOST} addr add ${hostAddress(0)}/${CIDR_PREFIX} dev labbr0`,
        `ip netns exec ${HOST} iptables -w -t nat -A POSTROUTING -s 10.10.0.0/${CIDR_PREFIX} -j MASQUERADE`,
        `ip netns exec ${HOST} sysctl -q -w net.ipv4.ip_forward=1`,
    ];
    for (let i = 1; i <= n; i++) {
        const ns = `${PREFIX}s${i}`;
        lines.push(
            `ip netns add ${ns}`,
            `ip -n ${ns} link set dev lo up`,
            `ip link add name eth0 netns ${ns} type veth peer name lab${i} netns ${HOST}`,
            `ip -n ${HOST} link set dev lab${i} master labbr0 up`,
            `ip -n ${ns} link set dev eth0 up`,
            `ip -n ${ns} addr add ${hostAddress(i)}/${CIDR_PREFIX} dev eth0`,
            `ip -n ${ns} route add default via ${hostAddress(0)}`,
        );
    }
    return lines.join("\n") + "\n";
}

/** The floor: as few processes as iproute2 allows, one `ip -batch` per namespace. */
function batchScript(n: number): string {
    const host = [`link add name labbr0 type bridge`, `link set dev labbr0 up`, `addr add ${hostAddress(0)}/${CIDR_PREFIX} dev labbr0`];
    const root: string[] = [];
    const perNs: string[] = [];
    for (let i = 1; i <= n; i++) {
        const ns = `${PREFIX}s${i}`;
        root.push(`netns add ${ns}`, `link add name eth0 netns ${ns} type veth peer name lab${i} netns ${HOST}`);
        host.push(`link set dev lab${i} master labbr0 up`);
        perNs.push(`printf '%s\\n' 'link set dev lo up' 'link set dev eth0 up' 'addr add ${hostAddress(i)}/${CIDR_PREFIX} dev eth0' 'route add default via ${hostAddress(0)}' | ip -n ${ns} -batch -`);
    }
    return [
        "set -e",
        `printf '%s\\n' ${host.slice(0, 3).map((l) => `'${l}'`).join(" ")} | ip -n ${HOST} -batch -`,
        `ip -batch - <<'EOF'\n${root.join("\n")}\nEOF`,
        `ip -n ${HOST} -batch - <<'EOF'\n${host.slice(3).join("\n")}\nEOF`,
        ...perNs,
        `ip netns exec ${HOST} iptables -w -t nat -A POSTROUTING -s 10.10.0.0/${CIDR_PREFIX} -j MASQUERADE`,
        `ip netns exec ${HOST} sysctl -q -w net.ipv4.ip_forward=1`,
    ].join("\n") + "\n";
}

function teardownScript(n: number): string {
    const lines = ["set -e"];
    for (let i = 1; i <= n; i++) lines.push(`ip netns delete ${PREFIX}s${i}`);
    lines.push(`ip -n ${HOST} link delete dev labbr0`, `ip netns exec ${HOST} iptables -w -t nat -D POSTROUTING -s 10.10.0.0/${CIDR_PREFIX} -j MASQUERADE`);
    return lines.join("\n") + "\n";
}

// ---------------------------------------------------------------------------------------------
// The CNI bridge plugin from Debian: ADD per namespace, host-local IPAM, ipMasq, run inside the
// sandbox host (a CNI runtime runs plugins in the host namespace).
function cniAdd(n: number, dataDir: string): void {
    const config = JSON.stringify({
        cniVersion: "1.0.0",
        name: "bench",
        type: "bridge",
        bridge: "cnibr0",
        isGateway: true,
        ipMasq: true,
        ipam: { type: "host-local", subnet: `10.20.0.0/${CIDR_PREFIX}`, routes: [{ dst: "0.0.0.0/0" }], dataDir },
    });
    for (let i = 1; i <= n; i++) {
        const ns = `${PREFIX}c${i}`;
        sh(["ip", "netns", "add", ns]);
        const result = spawnSync("ip", ["netns", "exec", HOST, "/usr/lib/cni/bridge"], {
            input: config,
            env: { ...process.env, CNI_COMMAND: "ADD", CNI_CONTAINERID: `bench${i}`, CNI_NETNS: `/run/netns/${ns}`, CNI_IFNAME: "eth0", CNI_PATH: "/usr/lib/cni" },
        });
        if (result.status !== 0) throw new Error(`CNI ADD failed for ${ns}: ${result.stdout.toString()} ${result.stderr.toString()}`);
    }
}

/** Seconds, each the median of the reps; every operation as typed, `pulumi up --yes` and so on. */
interface PulumiFigures {
    /** `pulumi up --yes` from empty: preview, then update. */
    up: number;
    /** `pulumi up --yes --skip-preview` from empty. */
    upSkipPreview: number;
    /** `pulumi up --yes` with nothing to change. */
    noopUp: number;
    preview: number;
    refresh: number;
    destroy: number;
}

/** Pulumi's floor beside a form: the same number of engine resources, a provider that does nothing. */
type FloorFigures = Pick<PulumiFigures, "up" | "upSkipPreview" | "noopUp" | "destroy">;

interface FormResult {
    /** Engine resources in the stack (with the stack, component and provider). */
    resources: number;
    pulumi: PulumiFigures;
    floor?: FloorFigures;
    /** Packets the machine dropped at its input queues during this form's Pulumi operations (lab.ts inputQueueDrops). */
    inputQueueDrops: number;
    commands: { upTotal: number; upPerHost: number; noopUpWrites: number; noopUpTotal: number };
    state: { bytes: number; bytesPerResource: number; bytesPerHost: number; providerBytes: number };
    /** The remote form only: the plain script run on the lab host over one SSH session (medians). */
    script?: { create: number; teardown: number };
    ratios: Record<string, number>;
}

interface SizeResult {
    n: number;
    script: { create: number; teardown: number };
    batch: { create: number };
    cni: { create: number };
    /** The lab with one NamespaceHost per host: the recommended form for labs of many hosts. */
    host?: FormResult;
    /** The same lab from four fine-grained resources per host. */
    parts?: FormResult;
    /** The NamespaceHost lab on a lab host over SSH. */
    remote?: FormResult;
    ratios: Record<string, number>;
}

/**
 * What a lab host looks like in the kernel, names aside: its links (up or not, addresses) and
 * its routes. The bench compares the script's first host with each Pulumi form's, so the ratios
 * compare the same work.
 */
function hostShape(ns: string, place: Place = here): string {
    const links = (JSON.parse(place.run(["ip", "-n", ns, "-j", "addr", "show"])) as { ifname: string; flags: string[]; addr_info: { local: string; prefixlen: number; scope: string }[] }[])
        .map((l) => ({ ifname: l.ifname, up: l.flags.includes("UP"), addresses: l.addr_info.filter((a) => a.scope !== "link").map((a) => `${a.local}/${a.prefixlen}`).sort() }));
    const routes = (JSON.parse(place.run(["ip", "-n", ns, "-j", "route", "show"])) as { dst: string; gateway?: string; dev: string }[])
        .map((r) => `${r.dst} ${r.gateway ?? ""} ${r.dev}`).sort();
    return JSON.stringify({ links, routes });
}

function assertSameShape(what: string, shape: string, reference: string): void {
    if (shape !== reference) throw new Error(`${what} built a different host than the plain script:\n${shape}\nvs\n${reference}`);
}

async function measureForm(lab: PulumiLab, reps: number, referenceShape: () => string, withFloor: boolean): Promise<FormResult> {
    const n = lab.n;
    const place: Place = lab.remote ?? here;
    const p: Record<keyof PulumiFigures, number[]> = { up: [], upSkipPreview: [], noopUp: [], preview: [], refresh: [], destroy: [] };
    const floorRuns: Record<keyof FloorFigures, number[]> = { up: [], upSkipPreview: [], noopUp: [], destroy: [] };
    let floor: FloorLab | undefined;
    const script = { create: [] as number[], teardown: [] as number[] };
    let result: Omit<FormResult, "pulumi" | "ratios" | "inputQueueDrops"> | undefined;
    const destroy = async () => {
        const t0 = process.hrtime.bigint();
        await lab.run("destroy");
        waitForTeardown(place);
        return Number(process.hrtime.bigint() - t0) / 1e9;
    };
    resetHost(place);
    await lab.init();
    for (let rep = 0; rep < reps; rep++) {
        if (lab.remote) {
            // The script a user would pipe to the host: `ssh host bash -s < lab.sh`, one session.
            process.stderr.write(" script(ssh)");
            script.create.push(timed(() => place.script(plainScript(n))));
            assertSameShape("the plain script over SSH", hostShape(`${PREFIX}s1`, place), referenceShape());
            script.teardown.push(timed(() => { place.script(teardownScript(n)); waitForTeardown(place); }));
        }
        process.stderr.write(` pulumi(${lab.form})`);
        const up = await lab.run("up");
        p.up.push(up.seconds);
        assertSameShape(`pulumi (${lab.form})`, hostShape(`${PREFIX}p1`, place), referenceShape());
        const noop = await lab.run("up");
        p.noopUp.push(noop.seconds);
        p.preview.push((await lab.run("preview")).seconds);
        p.refresh.push((await lab.run("refresh")).seconds);
        const stateText = lab.stateText();
        const resources = (JSON.parse(stateText) as { checkpoint: { latest: { resources: Array<{ type: string; inputs: Record<string, unknown> }> } } }).checkpoint.latest.resources;
        const provider = resources.find((r) => typeNameOf(r.type) !== undefined)!.inputs.__provider as string;
        result = {
            resources: resources.length,
            commands: { upTotal: up.commands.length, upPerHost: round(up.commands.length / n, 1), noopUpWrites: noop.commands.filter(isKernelWrite).length, noopUpTotal: noop.commands.length },
            state: { bytes: stateText.length, bytesPerResource: Math.round(stateText.length / resources.length), bytesPerHost: Math.round(stateText.length / n), providerBytes: provider.length },
        };
        p.destroy.push(await destroy());
        p.upSkipPreview.push((await lab.run("up", true)).seconds);
        await destroy();
        if (withFloor) {
            // As many engine resources as the lab's stack holds (the floor's stack and provider included).
            process.stderr.write(" floor");
            if (!floor) {
                floor = new FloorLab(result.resources - 2, lab.parallel);
                await floor.init();
            }
            floorRuns.up.push(await floor.run("up"));
            floorRuns.noopUp.push(await floor.run("up"));
            floorRuns.destroy.push(await floor.run("destroy"));
            floorRuns.upSkipPreview.push(await floor.run("up", true));
            await floor.run("destroy");
        }
    }
    lab.remove();
    floor?.remove();
    const medians = <K extends string>(runs: Record<K, number[]>) => Object.fromEntries(Object.entries<number[]>(runs).map(([k, xs]) => [k, median(xs)])) as Record<K, number>;
    return {
        ...result!, pulumi: medians(p), ...(floor ? { floor: medians(floorRuns) } : {}), inputQueueDrops: lab.drops,
        ...(lab.remote ? { script: { create: median(script.create), teardown: median(script.teardown) } } : {}), ratios: {},
    };
}

async function measureSize(n: number, options: Options): Promise<SizeResult> {
    const reps = options.reps;
    const script = { create: [] as number[], teardown: [] as number[] };
    const batch: number[] = [];
    const cni: number[] = [];
    let reference = "";
    for (let rep = 0; rep < reps; rep++) {
        process.stderr.write(`  N=${n} rep ${rep + 1}/${reps}: script`);
        resetHost();
        script.create.push(timed(() => sh(["bash", "-c", plainScript(n)])));
        reference = hostShape(`${PREFIX}s1`);
        script.teardown.push(timed(() => { sh(["bash", "-c", teardownScript(n)]); waitForTeardown(); }));

        process.stderr.write(", ip -batch");
        resetHost();
        batch.push(timed(() => sh(["bash", "-c", batchScript(n)])));
        assertSameShape("ip -batch", hostShape(`${PREFIX}s1`), reference);
        resetHost();
        waitForTeardown();

        process.stderr.write(", CNI\n");
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lnxb-ipam-"));
        cni.push(timed(() => cniAdd(n, dataDir)));
        fs.rmSync(dataDir, { recursive: true, force: true });
        resetHost();
        waitForTeardown();
    }
    // The Pulumi forms run after the scripts, on the same sandbox host, each rep from empty.
    const forms: Partial<Record<LabForm, FormResult>> = {};
    for (const form of options.forms) {
        process.stderr.write(`  N=${n}:`);
        const remote = form === "remote" ? await RemoteHost.start() : undefined;
        try {
            // The floor is local: beside the remote form it would measure nothing of SSH's.
            forms[form] = await measureForm(new PulumiLab(n, form, options.parallel, remote), reps, () => reference, options.floor && !remote);
        } finally {
            await remote?.stop();
        }
        process.stderr.write("\n");
    }
    const m = {
        script: { create: median(script.create), teardown: median(script.teardown) },
        batch: { create: median(batch) },
        cni: { create: median(cni) },
    };
    for (const form of options.forms) {
        const f = forms[form]!.pulumi;
        forms[form]!.ratios = {
            upVsScript: round(f.up / m.script.create),
            upVsCni: round(f.up / m.cni.create),
            upSkipPreviewVsScript: round(f.upSkipPreview / m.script.create),
            upSkipPreviewVsCni: round(f.upSkipPreview / m.cni.create),
            upVsBatch: round(f.up / m.batch.create),
            noopUpVsUp: round(f.noopUp / f.up),
            previewVsScript: round(f.preview / m.script.create),
            refreshVsScript: round(f.refresh / m.script.create),
            destroyVsScriptTeardown: round(f.destroy / m.script.teardown),
        };
        const floor = forms[form]!.floor;
        if (floor) {
            // Where a target sits against Pulumi's own cost, in this run: the floor's ratios, and ours above it.
            Object.assign(forms[form]!.ratios, {
                floorUpVsCni: round(floor.up / m.cni.create),
                floorUpSkipPreviewVsCni: round(floor.upSkipPreview / m.cni.create),
                floorUpSkipPreviewVsScript: round(floor.upSkipPreview / m.script.create),
                floorNoopUpVsUp: round(floor.noopUp / f.up),
                floorDestroyVsScriptTeardown: round(floor.destroy / m.script.teardown),
                upOverFloorSeconds: round(f.up - floor.up),
                upSkipPreviewOverFloorSeconds: round(f.upSkipPreview - floor.upSkipPreview),
                destroyOverFloorSeconds: round(f.destroy - floor.destroy),
            });
        }
    }
    const remote = forms.remote;
    if (remote) {
        // Over SSH against the same on this machine: what a remote host adds, in all and per lab host.
        const [f, s] = [remote.pulumi, remote.script!];
        Object.assign(remote.ratios, {
            upSkipPreviewVsScriptOverSsh: round(f.upSkipPreview / s.create),
            destroyVsScriptOverSshTeardown: round(f.destroy / s.teardown),
            msPerHostUpSkipPreview: round((f.upSkipPreview / n) * 1000, 1),
            ...(forms.host ? {
                upSkipPreviewVsLocal: round(f.upSkipPreview / forms.host.pulumi.upSkipPreview),
                msPerHostOverLocal: round(((f.upSkipPreview - forms.host.pulumi.upSkipPreview) / n) * 1000, 1),
            } : {}),
            scriptOverSshVsLocal: round(s.create / m.script.create),
        });
    }
    return { n, ...m, host: forms.host, parts: forms.parts, remote, ratios: { cniVsScript: round(m.cni.create / m.script.create) } };
}

async function main(): Promise<number> {
    const options = parseOptions();
    if (process.getuid?.() !== 0) throw new Error("the benchmark builds network namespaces and needs root");
    const started = new Date();
    const results: SizeResult[] = [];
    try {
        for (const n of options.sizes) {
            process.stderr.write(`N=${n}\n`);
            results.push(await measureSize(n, options));
        }
    } finally {
        for (const ns of benchNamespaces()) spawnSync("ip", ["netns", "delete", ns]);
        spawnSync("ip", ["netns", "delete", HOST]);
        RemoteHost.cleanup();
    }
    const growth: Record<string, number> = {};
    const byN = new Map(results.map((r) => [r.n, r]));
    if (byN.has(50) && byN.has(200)) {
        const [small, large] = [byN.get(50)!, byN.get(200)!];
        for (const form of options.forms) growth[`${form}Up200over50`] = round(large[form]!.pulumi.up / small[form]!.pulumi.up);
        growth.script200over50 = round(large.script.create / small.script.create);
        // What one more lab host costs, fixed costs (the CLI's start, the SSH session) aside: the slope from 50 to 200.
        for (const form of options.forms) growth[`${form}MsPerExtraHostSkipPreview`] = round(((large[form]!.pulumi.upSkipPreview - small[form]!.pulumi.upSkipPreview) / 150) * 1000, 1);
        growth.scriptMsPerExtraHost = round(((large.script.create - small.script.create) / 150) * 1000, 1);
        if (large.remote && small.remote) growth.scriptOverSshMsPerExtraHost = round(((large.remote.script!.create - small.remote.script!.create) / 150) * 1000, 1);
    }
    const report = {
        date: started.toISOString(),
        machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), kernel: os.release(), node: process.version },
        reps: options.reps,
        parallel: options.parallel ?? "engine default",
        env: Object.fromEntries(["PULUMI_SKIP_CHECKPOINTS", "PULUMI_DIY_BACKEND_ZSTD", "PULUMI_DIY_BACKEND_GZIP"].map((k) => [k, process.env[k] ?? "unset"])),
        results,
        growth,
    };
    fs.mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
    fs.writeFileSync(path.join(ROOT, "bench/results/latest.json"), JSON.stringify(report, null, 2) + "\n");
    printTable(report.results, options.forms, growth);
    return 0;
}

function printTable(results: SizeResult[], forms: LabForm[], growth: Record<string, number>): void {
    const formRows = (form: LabForm): [string, (r: SizeResult) => string][] => {
        const label = { host: "NamespaceHost", parts: "4 resources/host", remote: "NamespaceHost over SSH" }[form];
        const f = (r: SizeResult) => r[form]!;
        return [
            [`${label}: pulumi up --yes from empty (s)`, (r) => `${f(r).pulumi.up.toFixed(2)} (${f(r).ratios.upVsScript}x, ${f(r).ratios.upVsCni}x CNI)`],
            [`${label}: ... --skip-preview (s)`, (r) => `${f(r).pulumi.upSkipPreview.toFixed(2)} (${f(r).ratios.upSkipPreviewVsScript}x, ${f(r).ratios.upSkipPreviewVsCni}x CNI)`],
            [`${label}: pulumi up, no change (s)`, (r) => `${f(r).pulumi.noopUp.toFixed(2)} (${f(r).ratios.noopUpVsUp}x up)`],
            [`${label}: pulumi preview (s)`, (r) => f(r).pulumi.preview.toFixed(2)],
            [`${label}: pulumi refresh (s)`, (r) => f(r).pulumi.refresh.toFixed(2)],
            [`${label}: pulumi destroy (s)`, (r) => `${f(r).pulumi.destroy.toFixed(2)} (${f(r).ratios.destroyVsScriptTeardown}x)`],
            [`${label}: engine resources`, (r) => String(f(r).resources)],
            [`${label}: processes per host, up`, (r) => String(f(r).commands.upPerHost)],
            [`${label}: kernel writes, no-op up`, (r) => String(f(r).commands.noopUpWrites)],
            [`${label}: state bytes per host`, (r) => String(f(r).state.bytesPerHost)],
            [`${label}: __provider bytes`, (r) => String(f(r).state.providerBytes)],
            [`${label}: packets dropped at input queues (machine)`, (r) => String(f(r).inputQueueDrops)],
            ...(results.some((r) => r[form]?.floor) ? floorRows(label, f) : []),
        ];
    };
    const floorRows = (label: string, f: (r: SizeResult) => FormResult): [string, (r: SizeResult) => string][] => {
        const cell = (r: SizeResult, k: keyof FloorFigures, ratio: string) => (f(r).floor ? `${f(r).floor![k].toFixed(2)} (${ratio})` : "-");
        return [
            [`${label}: Pulumi's floor, up --yes (s)`, (r) => cell(r, "up", `${f(r).ratios.floorUpVsCni}x CNI; ours +${f(r).ratios.upOverFloorSeconds} s`)],
            [`${label}: Pulumi's floor, --skip-preview (s)`, (r) => cell(r, "upSkipPreview", `${f(r).ratios.floorUpSkipPreviewVsCni}x CNI, ${f(r).ratios.floorUpSkipPreviewVsScript}x; ours +${f(r).ratios.upSkipPreviewOverFloorSeconds} s`)],
            [`${label}: Pulumi's floor, no-op up (s)`, (r) => cell(r, "noopUp", `${f(r).ratios.floorNoopUpVsUp}x our up`)],
            [`${label}: Pulumi's floor, destroy (s)`, (r) => cell(r, "destroy", `${f(r).ratios.floorDestroyVsScriptTeardown}x teardown; ours +${f(r).ratios.destroyOverFloorSeconds} s`)],
        ];
    };
    const remoteRows: [string, (r: SizeResult) => string][] = forms.includes("remote") ? [
        ["over SSH: plain script, one session: create (s)", (r) => `${r.remote!.script!.create.toFixed(2)} (${r.remote!.ratios.scriptOverSshVsLocal}x local)`],
        ["over SSH: plain script: teardown (s)", (r) => r.remote!.script!.teardown.toFixed(2)],
        ["over SSH: --skip-preview per host (ms)", (r) => `${r.remote!.ratios.msPerHostUpSkipPreview}${r.remote!.ratios.msPerHostOverLocal !== undefined ? ` (+${r.remote!.ratios.msPerHostOverLocal} local)` : ""}`],
        ["over SSH: --skip-preview vs local / vs script over SSH", (r) => `${r.remote!.ratios.upSkipPreviewVsLocal ?? "-"}x / ${r.remote!.ratios.upSkipPreviewVsScriptOverSsh}x`],
    ] : [];
    const rows: [string, (r: SizeResult) => string][] = [
        ["plain script: create (s)", (r) => r.script.create.toFixed(2)],
        ["ip -batch floor: create (s)", (r) => r.batch.create.toFixed(2)],
        ["CNI bridge plugin: create (s)", (r) => r.cni.create.toFixed(2)],
        ["plain script: teardown (s)", (r) => r.script.teardown.toFixed(2)],
        ...forms.flatMap(formRows),
        ...remoteRows,
    ];
    const header = ["", ...results.map((r) => `N=${r.n}`)];
    const table = [header, ...rows.map(([label, f]) => [label, ...results.map(f)])];
    const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
    for (const row of table) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  "));
    for (const [k, v] of Object.entries(growth)) console.log(`${k}: ${v}`);
    console.log(`\nwritten: bench/results/latest.json`);
}

runMain(main);
