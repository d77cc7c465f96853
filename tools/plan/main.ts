/**
 * `npm run plan`: the ordered `ip`/`iptables` commands that `pulumi up` would run for a stack,
 * per resource, as Markdown for a pull request. It runs a real `pulumi preview` and turns each
 * step into commands with the provider's own argv builders.
 *
 *   node dist/tools/plan/main.js [--dir DIR] [--stack NAME] [--config key=value]... [--refresh]
 *
 * Defaults: the demo (repository root, stack "demo", state in .pulumi-state).
 */
import * as fs from "fs";
import * as path from "path";
import { planStep, renderPlanMarkdown } from ".";
import { typeNameOf } from "../../provider/registry";
import { configFlags, parseArgs, runMain } from "../cli";
import { PulumiResult, fileBackendDir, runPulumi, selectStack } from "../pulumiCli";

const ROOT = path.resolve(__dirname, "../../..");

export function planFromPreview(result: Pick<PulumiResult, "steps">): ReturnType<typeof planStep>[] {
    return result.steps.filter((s) => typeNameOf(s.type) !== undefined).map((s) => planStep(s));
}

async function main(): Promise<number> {
    const { values } = parseArgs({
        options: {
            dir: { type: "string", default: ROOT },
            stack: { type: "string", default: "demo" },
            config: { type: "string", multiple: true },
            refresh: { type: "boolean", default: false },
        },
    });
    const dir = path.resolve(values.dir);
    const { stack, refresh } = values;
    const config = configFlags(values.config);
    const backendDir = process.env.PULUMI_BACKEND_URL ? fileBackendDir(process.env.PULUMI_BACKEND_URL) : path.join(ROOT, ".pulumi-state");
    fs.mkdirSync(backendDir, { recursive: true });
    const request = { dir, stack, backendDir, passphrase: process.env.PULUMI_CONFIG_PASSPHRASE ?? "linuxnet-demo" };
    await selectStack(request);
    const result = await runPulumi({ ...request, operation: "preview", config, refresh });
    if (result.exitCode !== 0) {
        process.stderr.write(result.stdout + result.stderr);
        return 1;
    }
    process.stdout.write(renderPlanMarkdown(planFromPreview(result), `Kernel command plan for stack \`${stack}\``) + "\n");
    return 0;
}

if (require.main === module) runMain(main);
