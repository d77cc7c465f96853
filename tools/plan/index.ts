export { planStep, isKernelWrite, writesOf } from "./commands";
export type { PlannedStep } from "./commands";
export { renderPlanMarkdown } from "./markdown";
