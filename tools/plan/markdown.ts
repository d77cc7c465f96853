/** Renders a command plan as Markdown that pastes into a pull request. Pure. */
import { formatArgv } from "../../provider/exec/errors";
import { PlannedStep } from "./commands";

const SYMBOL: Record<string, string> = { create: "+", "create-replacement": "+", update: "~", delete: "-", "delete-replaced": "-", replace: "±" };

export function renderPlanMarkdown(steps: PlannedStep[], title = "Kernel command plan"): string {
    const changing = steps.filter((s) => s.commands.length > 0 || s.note);
    const count = changing.reduce((n, s) => n + s.commands.length, 0);
    const lines = [`### ${title}`, "", changing.length === 0 ? "No kernel changes." : `${count} command${count === 1 ? "" : "s"} for ${changing.length} resource${changing.length === 1 ? "" : "s"}, in the order \`pulumi up\` runs them:`, ""];
    for (const step of changing) {
        lines.push(`**${SYMBOL[step.op] ?? "·"} ${step.type} \`${step.name}\`** (${step.op})`, "");
        if (step.note) lines.push(`_${step.note}_`, "");
        if (step.commands.length) lines.push("```sh", ...step.commands.map(formatArgv), "```", "");
    }
    return lines.join("\n");
}
