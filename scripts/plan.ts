/**
 * `npm run plan`: the ordered `ip`/`iptables` commands that `pulumi up` would run for a stack,
 * per resource, as Markdown for a pull request. It runs a real `pulumi preview` and turns each
 * step into commands with the provider's own argv builders.
 *
 *   node dist/scripts/plan.js [--dir DIR] [--stack NAME] [--config key=value]... [--refresh]
 *
 * Defaults: the demo (repository root, stack "demo", state in .pulumi-state).
 */
import * as fs from "fs";
import * as path from "path";
import { planStep, renderPlanMarkdown } from "../provider/plan";
import { PulumiResult, fileBackendDir, runPulumi, selectStack } from "./pulumiCli";

const ROOT = path.resolve(__dirname, "../..");

export function planFromPreview(result: Pick<PulumiResult, "steps">): ReturnType<typeof planStep>[] {
    return result.steps.filter((s) => s.type.startsWith("pulumi-nodejs:dynamic/linuxnet:")).map((s) => planStep(s));
}

async function main(): Promise<number> {
    const args = process.argv.slice(2);
    let dir = ROOT;
    let stack = "demo";
    const config: Record<string, string> = {};
    let refresh = false;
    for (let i = 0; i < args.length; i++) {
        if (args[i] === "--dir") dir = path.resolve(args[++i]);
        else if (args[i] === "--stack") stack = args[++i];
        else if (args[i] === "--config") {
            const [key, ...value] = args[++i].split("=");
            config[key] = value.join("=");
        } else if (args[i] === "--refresh") refresh = true;
        else throw new Error(`unknown flag ${args[i]}`);
    }
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

if (require.main === module) {
    main().then((code) => (process.exitCode = code), (err) => {
        console.error(err instanceof Error ? err.message : err);
        process.exitCode = 1;
    });
}
