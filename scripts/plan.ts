/**
 * `npm run plan`: the ordered `ip`/`iptables` commands that `pulumi up` would run for a stack,
 * per resource, as Markdown for a pull request. It runs a real `pulumi preview` and turns each
 * step into commands with the provider's own argv builders.
 *
 *   node dist/scripts/plan.js [--dir DIR] [--stack NAME] [--config key=value]... [--refresh]
 *
 * Defaults: the demo (repository root, stack "demo", state in .pulumi-state).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planStep, renderPlanMarkdown } from "../provider/plan";
import type { ProgramResult } from "./run-program";

const ROOT = path.resolve(__dirname, "../..");

export function planFromPreview(result: ProgramResult): ReturnType<typeof planStep>[] {
    return result.steps.filter((s) => s.type.startsWith("pulumi-nodejs:dynamic/linuxnet:")).map((s) => planStep(s));
}

function main(): number {
    const args = process.argv.slice(2);
    let dir = ROOT;
    let stack = "demo";
    const passThrough: string[] = [];
    for (let i = 0; i < args.length; i++) {
        if (args[i] === "--dir") dir = path.resolve(args[++i]);
        else if (args[i] === "--stack") stack = args[++i];
        else if (args[i] === "--config") passThrough.push("--config", args[++i]);
        else if (args[i] === "--refresh") passThrough.push("--refresh");
        else throw new Error(`unknown flag ${args[i]}`);
    }
    const resultFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "linuxnet-plan-")), "preview.json");
    const env = {
        ...process.env,
        PULUMI_BACKEND_URL: process.env.PULUMI_BACKEND_URL ?? `file://${path.join(ROOT, ".pulumi-state")}`,
        PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "linuxnet-demo",
    };
    fs.mkdirSync(env.PULUMI_BACKEND_URL.replace(/^file:\/\//, ""), { recursive: true });
    const preview = spawnSync(process.execPath, [path.join(__dirname, "run-program.js"), "preview", "--dir", dir, "--stack", stack, "--result", resultFile, ...passThrough], { env, stdio: ["ignore", "pipe", "inherit"] });
    if (!fs.existsSync(resultFile)) {
        process.stderr.write(preview.stdout);
        return 1;
    }
    const result = JSON.parse(fs.readFileSync(resultFile, "utf8")) as ProgramResult;
    fs.rmSync(path.dirname(resultFile), { recursive: true, force: true });
    if (!result.ok) {
        process.stderr.write(preview.stdout);
        return 1;
    }
    process.stdout.write(renderPlanMarkdown(planFromPreview(result), `Kernel command plan for stack \`${stack}\``) + "\n");
    return 0;
}

if (require.main === module) process.exitCode = main();
