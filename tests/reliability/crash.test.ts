/**
 * Crashes: `pulumi up` of a 20-host lab killed with SIGKILL — the Pulumi CLI, the language host,
 * the program and the dynamic-provider processes, all at once, as a power cut would: the run has
 * a PID namespace of its own and the kernel kills all of it, so no process of the dead run is
 * left to write a lock or state while recovery runs — at spread-out points of the build's progress. After each kill,
 * recovery the way Pulumi expects it: `pulumi cancel` (removes the lock the dead run left),
 * `pulumi refresh --clear-pending-creates` (drops the operations it never finished), `pulumi up`.
 * The kernel must then match the program (a refreshing preview is empty), traffic must flow, and
 * destroy must leave nothing.
 */
import * as fs from "fs";
import * as path from "path";
import { EngineProject, changeCount } from "../helpers/engine";
import { report } from "../helpers/reliability";
import { useSandbox } from "../helpers/sandbox";

const sandbox = useSandbox();

/** How many resource steps the engine has finished, from the event log a run is writing. */
function resourcesDone(eventLog: string): number {
    try {
        return fs.readFileSync(eventLog, "utf8").split("\n").filter((line) => line.includes('"resOutputsEvent"')).length;
    } catch {
        return 0; // not written yet
    }
}
const HOSTS = 20;
const TRIALS = 10;

test(`${TRIALS} kill -9 trials during a ${HOSTS}-host build each recover to the program, and destroy leaves nothing`, async () => {
    const host = await sandbox.namespace("crash-host");
    const project = EngineProject.fromDirectory(`crash-${sandbox.tag}`, path.join(__dirname, "../../examples/lab"));
    const config = {
        config: { "linuxnet-lab:hosts": String(HOSTS), "linuxnet-lab:namespacePrefix": sandbox.name("c"), "linuxnet:hostNamespace": host },
    };
    // An undisturbed build counts the resources it makes, to spread the kills over its progress.
    const undisturbed = await project.ok("up", config);
    const resources = undisturbed.steps.filter((s) => s.op === "create").length;
    await project.ok("destroy", config);

    const failures: string[] = [];
    const notes: string[] = [`an undisturbed build makes ${resources} resources`];
    const killedAt: string[] = [];
    let killedMidRun = 0;
    try {
        for (let trial = 0; trial < TRIALS; trial++) {
            // Killed once the engine has reported a given number of resources done, spread over the
            // build (and a random moment within the next step): by progress, not by the clock, so
            // a busy machine still has every trial hit a running build.
            const target = Math.floor(((trial + 0.5) / TRIALS) * resources);
            const run = await project.start("up", config);
            while (run.child.exitCode === null && resourcesDone(run.eventLog) < target) await new Promise((r) => setTimeout(r, 5));
            await new Promise((r) => setTimeout(r, Math.random() * 30));
            const finishedFirst = run.child.exitCode !== null;
            if (!finishedFirst) killedMidRun++;
            await run.kill();
            killedAt.push(`${target}${finishedFirst ? " (had finished)" : ""}`);

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
            if (problems.length) failures.push(`trial ${trial} (killed after ${target} resources): ${problems.join("; ")}`);
        }
    } finally {
        await project.cancel();
        await project.run("destroy", config);
        project.remove();
    }
    notes.push(`killed after this many resources were done: ${killedAt.join(", ")}`);
    const leaked = (await sandbox.namespaces()).filter((n) => n !== host);
    report({ category: "crash (kill -9)", tried: TRIALS, passed: TRIALS - failures.length, leaked, notes });
    expect(failures).toEqual([]);
    expect(leaked).toEqual([]);
    // A trial whose run had already finished would prove nothing about crashes.
    expect(killedMidRun).toBe(TRIALS);
});
