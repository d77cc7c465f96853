/**
 * `npm run topology`: pictures of a stack's network as SVG — one drawn from the stack's state
 * (what Pulumi believes) and one from the live kernel, on which whatever the kernel lacks is
 * drawn dashed red and whatever it has beyond the state orange.
 *
 *   node dist/tools/topology/main.js [--dir DIR] [--stack NAME] [--out DIR]
 *
 * Defaults: the demo (repository root, stack "demo", state in .pulumi-state), pictures in the
 * current directory. Reads the state from the local file backend (PULUMI_BACKEND_URL=file://...).
 */
import * as fs from "fs";
import * as path from "path";
import { runCommand } from "../../provider/exec/run";
import { StateResource, Topology, renderTopologySvg, scanTopology, topologyFromState } from ".";

import { parseArgs, runMain } from "../cli";
import { fileBackendDir } from "../pulumiCli";

const ROOT = path.resolve(__dirname, "../../..");

export function readStackResources(backendUrl: string, dir: string, stack: string): StateResource[] {
    const project = /^name:\s*(\S+)/m.exec(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"))?.[1];
    const file = path.join(fileBackendDir(backendUrl), ".pulumi", "stacks", project ?? "", `${stack}.json`);
    if (!fs.existsSync(file)) throw new Error(`no state for stack "${stack}" of project "${project}" at ${file}`);
    const state = JSON.parse(fs.readFileSync(file, "utf8")) as { checkpoint: { latest?: { resources?: StateResource[] } } };
    return state.checkpoint.latest?.resources ?? [];
}

export async function stateAndKernel(resources: StateResource[]): Promise<{ state: Topology; kernel: Topology }> {
    const state = topologyFromState(resources);
    return { state, kernel: await scanTopology(runCommand, state.namespaces) };
}

async function main(): Promise<number> {
    const { values } = parseArgs({
        options: {
            dir: { type: "string", default: ROOT },
            stack: { type: "string", default: "demo" },
            out: { type: "string", default: process.cwd() },
        },
    });
    const dir = path.resolve(values.dir);
    const out = path.resolve(values.out);
    const { stack } = values;
    const backend = process.env.PULUMI_BACKEND_URL ?? `file://${path.join(ROOT, ".pulumi-state")}`;
    const { state, kernel } = await stateAndKernel(readStackResources(backend, dir, stack));
    fs.mkdirSync(out, { recursive: true });
    const stateFile = path.join(out, `${stack}-state.svg`);
    const kernelFile = path.join(out, `${stack}-kernel.svg`);
    fs.writeFileSync(stateFile, renderTopologySvg(state, { title: `stack ${stack}: from the state` }));
    fs.writeFileSync(kernelFile, renderTopologySvg(kernel, { title: `stack ${stack}: from the live kernel`, expected: state }));
    const drift = JSON.stringify(state) !== JSON.stringify(kernel);
    console.log(`${stateFile}\n${kernelFile}\n${drift ? "the kernel differs from the state (marked in the kernel picture)" : "the kernel matches the state"}`);
    return 0;
}

if (require.main === module) runMain(main);
