/**
 * Parallelism: a 50-host lab built and destroyed with `--parallel 32`, five runs in a row,
 * alternating the lab's two forms (one NamespaceHost per host; four resources per host, which
 * puts four times as many operations in flight). Every run must finish without lock errors or
 * races (xtables lock, concurrent `ip netns add`, one bridge taking 50 ports at once), build all
 * of it, and destroy all of it.
 */
import { typeNameOf } from "../../provider/registry";
import * as path from "path";
import { EngineProject, changeCount } from "../helpers/engine";
import { report } from "../helpers/reliability";
import { useSandbox } from "../helpers/sandbox";

const sandbox = useSandbox();
const HOSTS = 50;
const RUNS = 5;

test(`a ${HOSTS}-host lab with --parallel 32 builds and destroys cleanly ${RUNS} times in a row`, async () => {
    const host = await sandbox.namespace("par-host");
    const project = EngineProject.fromDirectory(`parallel-${sandbox.tag}`, path.join(__dirname, "../../examples/lab"));
    const optionsFor = (oneResourcePerHost: boolean) => ({
        parallel: 32,
        config: {
            "linuxnet-lab:hosts": String(HOSTS),
            "linuxnet-lab:namespacePrefix": sandbox.name("p"),
            "linuxnet-lab:oneResourcePerHost": String(oneResourcePerHost),
            "linuxnet:hostNamespace": host,
        },
    });
    const failures: string[] = [];
    const times: string[] = [];
    let options = optionsFor(true);
    try {
        for (let run = 0; run < RUNS; run++) {
            const oneResourcePerHost = run % 2 === 0;
            options = optionsFor(oneResourcePerHost);
            const expected = oneResourcePerHost ? HOSTS + 4 : 4 * HOSTS + 4;
            const up = await project.run("up", options);
            const created = up.steps.filter((s) => s.op === "create" && typeNameOf(s.type) !== undefined).length;
            const namespaces = (await sandbox.namespaces()).filter((n) => n !== host).length;
            const check = await project.run("preview", { ...options, refresh: true });
            const destroy = await project.run("destroy", options);
            const left = (await sandbox.namespaces()).filter((n) => n !== host);
            times.push(`${up.seconds.toFixed(1)}/${destroy.seconds.toFixed(1)}`);
            const problems = [
                up.exitCode !== 0 && `up failed: ${up.stdout.slice(-1500)}`,
                created !== expected && `created ${created} resources, expected ${expected}`,
                namespaces !== HOSTS && `${namespaces} namespaces, expected ${HOSTS}`,
                (check.exitCode !== 0 || changeCount(check.changeSummary) !== 0) && `kernel differs: ${JSON.stringify(check.changeSummary)}`,
                destroy.exitCode !== 0 && `destroy failed: ${destroy.stdout.slice(-1500)}`,
                left.length && `left behind: ${left.length} namespaces`,
            ].filter(Boolean);
            if (problems.length) failures.push(`run ${run}: ${problems.join("; ")}`);
        }
    } finally {
        await project.run("destroy", options);
        project.remove();
    }
    const leaked = (await sandbox.namespaces()).filter((n) => n !== host);
    report({ category: "parallelism", tried: RUNS, passed: RUNS - failures.length, leaked, notes: [`${HOSTS} hosts (${HOSTS + 4} or ${4 * HOSTS + 4} resources, alternating), --parallel 32; up/destroy seconds: ${times.join(", ")}`] });
    expect(failures).toEqual([]);
    expect(leaked).toEqual([]);
});
