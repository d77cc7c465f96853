/**
 * Crashes: `pulumi up` of a 20-host lab killed with SIGKILL — the Pulumi CLI, the language host,
 * the program and the dynamic-provider processes, all at once, as a power cut would: the run has
 * a PID namespace of its own and the kernel kills all of it, so no process of the dead run is
 * left to write a lock or state while recovery runs — at spread-out moments of the build. After each kill,
 * recovery the way Pulumi expects it: `pulumi cancel` (removes the lock the dead run left),
 * `pulumi refresh --clear-pending-creates` (drops the operations it never finished), `pulumi up`.
 * The kernel must then match the program (a refreshing preview is empty), traffic must flow, and
 * destroy must leave nothing.
 */
import * as path from "path";
import { EngineProject, changeCount } from "../helpers/engine";
import { report } from "../helpers/reliability";
import { useSandbox } from "../helpers/sandbox";

const sandbox = useSandbox();
const HOSTS = 20;
const TRIALS = 10;

test(`${TRIALS} kill -9 trials during a ${HOSTS}-host build each recover to the program, and destroy leaves nothing`, async () => {
    const host = await sandbox.namespace("crash-host");
    const project = EngineProject.fromDirectory(`crash-${sandbox.tag}`, path.join(__dirname, "../../examples/lab"));
    const config = {
        config: { "linuxnet-lab:hosts": String(HOSTS), "linuxnet-lab:namespacePrefix": sandbox.name("c"), "linuxnet:hostNamespace": host },
    };
    // A first build makes the stack and warms every cache; a second, undisturbed and started the
    // way the trials start theirs, is timed to spread the kill moments over it.
    await project.ok("up", config);
    await project.ok("destroy", config);
    const t0 = Date.now();
    const undisturbed = await project.start("up", config);
    await undisturbed.exited;
    const buildMs = Date.now() - t0;
    expect(undisturbed.child.exitCode).toBe(0);
    await project.ok("destroy", config);

    const failures: string[] = [];
    const notes: string[] = [`undisturbed build: ${(buildMs / 1000).toFixed(1)} s`];
    const killedAt: string[] = [];
    let killedMidRun = 0;
    try {
        for (let trial = 0; trial < TRIALS; trial++) {
            const run = await project.start("up", config);
            // Spread over the first nine tenths of the build: a run a little faster than the timed
            // one must still be running when its kill comes.
            const delay = Math.round(((trial + 0.5 + (Math.random() - 0.5) * 0.8) / TRIALS) * buildMs * 0.9);
            await new Promise((r) => setTimeout(r, delay));
            const finishedFirst = run.child.exitCode !== null;
            if (!finishedFirst) killedMidRun++;
            await run.kill();
            killedAt.push(`${(delay / 1000).toFixed(1)}s${finishedFirst ? " (had finished)" : ""}`);

            const problems: string[] = [];
            await project.cancel();
            const refresh = await project.run("refresh", { ...config, clearPendingCreates: true });
            if (refresh.exitCode !== 0) problems.push(`refresh failed: ${refresh.stderr.slice(-500)}`);
            const up = await project.run("up", config);
            if (up.exitCode !== 0) problems.push(`up failed: ${up.stdout.slice(-1500)}`);
            const check = await project.run("preview", { ...config, refresh: true });
            if (check.exitCode !== 0 || changeCount(check.changeSummary) !== 0) problems.push(`kernel differs from the program: ${JSON.stringify(check.changeSummary)}`);
            await sandbox.run(["ip", "netns", "exec", sandbox.name("c1"), "ping", "-c", "1", "-W", "2", `10.10.0.${HOSTS + 1}`]).catch(() => problems.push("no traffic lab1 -> last host"));
            const destroy = await project.run("destroy", config);
            if (destroy.exitCode !== 0) problems.push(`destroy failed: ${destroy.stdout.slice(-1000)}`);
            const left = (await sandbox.namespaces()).filter((n) => n !== host);
            if (left.length) problems.push(`left behind: ${left.join(" ")}`);
            if (problems.length) failures.push(`trial ${trial} (killed at ${delay} ms): ${problems.join("; ")}`);
        }
    } finally {
        await project.cancel();
        await project.run("destroy", config);
        project.remove();
    }
    notes.push(`killed at: ${killedAt.join(", ")}`);
    const leaked = (await sandbox.namespaces()).filter((n) => n !== host);
    report({ category: "crash (kill -9)", tried: TRIALS, passed: TRIALS - failures.length, leaked, notes });
    expect(failures).toEqual([]);
    expect(leaked).toEqual([]);
    // A trial whose run had already finished proves nothing about crashes: most must have hit one mid-run.
    expect(killedMidRun).toBeGreaterThanOrEqual(TRIALS - 2);
});
