export { planStep, isKernelWrite } from "./commands";
export type { PlannedStep } from "./commands";
export { renderPlanMarkdown } from "./markdown";
