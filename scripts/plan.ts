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
import { driverCommand, fileBackendDir } from "./driverCommand";
import type { ProgramResult } from "./run-program";

const ROOT = path.resolve(__dirname, "../..");

export function planFromPreview(result: ProgramResult): ReturnType<typeof planStep>[] {
    return result.steps.filter((s) => s.type.startsWith("pulumi-nodejs:dynamic/linuxnet:")).map((s) => planStep(s));
}

function main(): number {
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
    const resultFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "linuxnet-plan-")), "preview.json");
    const backendDir = process.env.PULUMI_BACKEND_URL ? fileBackendDir(process.env.PULUMI_BACKEND_URL) : path.join(ROOT, ".pulumi-state");
    fs.mkdirSync(backendDir, { recursive: true });
    const driver = driverCommand({
        operation: "preview", dir, stack, resultFile, config, refresh, backendDir,
        passphrase: process.env.PULUMI_CONFIG_PASSPHRASE ?? "linuxnet-demo",
    });
    const preview = spawnSync(process.execPath, driver.args, { env: driver.env, stdio: ["ignore", "pipe", "inherit"] });
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
