/**
 * The command plan: for one engine step (create, update, delete, replace) of one resource, the
 * ordered kernel writes `pulumi up` will run for it. They come from the resource type itself —
 * its `plan`, built from the same functions its operations run (provider/resources/
 * implementation.ts) — so there is no second copy of any resource's commands here. Reads are left
 * out: a reviewer wants to see what changes. Values still unknown at preview show as `<unknown>`.
 */
import { commandsOf } from "../../provider/commands/ip";
import { resourceType, typeNameOf } from "../../provider/registry";
import { Commands, checkInputs } from "../../provider/framework/implementation";
import { UNKNOWN_VALUE } from "../../provider/validate/fields";

export interface PlannedStep {
    /** The resource's name in the program. */
    name: string;
    /** The resource type, e.g. "VethPair". */
    type: string;
    op: string;
    commands: Commands;
    /** Why the commands could not be told in full (they depend on values known only at apply time). */
    note?: string;
}

/** One engine step as the event log reports it; `olds` is the state before, `news` the inputs it applies. */
export interface EngineStep {
    name: string;
    type: string;
    op: string;
    olds?: Record<string, unknown>;
    news?: Record<string, unknown>;
}

/** Every kernel write of one engine step of one of this package's resources. */
export function planStep(step: EngineStep): PlannedStep {
    const typeName = typeNameOf(step.type);
    if (!typeName) throw new Error(`${step.type} is not a pulumi-linuxnet resource type`);
    const type = resourceType(typeName);
    // The inputs with the defaults and normal forms `check` gives them, as the provider sees them.
    const news = () => checkInputs(type, step.news ?? {}).inputs;
    const olds = (step.olds ?? {}) as Parameters<typeof type.plan.delete>[0];
    const planned: PlannedStep = { name: step.name, type: typeName, op: step.op, commands: [] };
    try {
        switch (step.op) {
            case "create":
            case "create-replacement":
                planned.commands = type.plan.create(news());
                break;
            case "delete":
            case "delete-replaced":
                planned.commands = type.plan.delete(olds);
                break;
            case "replace":
                planned.commands = [...type.plan.delete(olds), ...type.plan.create(news())];
                break;
            case "update":
                planned.commands = type.plan.update(olds, news());
                break;
        }
    } catch {
        // A builder that must read a value (a CIDR's family, say) cannot while it is unknown.
        planned.note = "the commands depend on values known only when `pulumi up` runs";
    }
    planned.commands = planned.commands.map((argv) => argv.map((a) => (a === UNKNOWN_VALUE ? "<unknown>" : a)));
    return planned;
}

/** Whether a command changes the kernel (everything but `show`/`list` reads, `-S` listings and `sysctl -n` reads). */
export function isKernelWrite(argv: readonly string[]): boolean {
    return !argv.some((a) => a === "show" || a === "list" || a === "-S" || (a === "-n" && argv[argv.indexOf(a) - 1] === "sysctl"));
}

/** Options that shape what an `ip` read prints (details, JSON, numbers); a write does the same with or without them. */
const READ_OPTIONS = new Set(["-d", "-j", "-N"]);

/** An `ip` write as a reviewer would type it: without the read options a batch it ran in carried. */
export function withoutReadOptions(argv: readonly string[]): string[] {
    if (argv[0] !== "ip") return [...argv];
    const start = argv[1] === "-n" ? 3 : 1;
    let end = start;
    while (end < argv.length && READ_OPTIONS.has(argv[end])) end++;
    return [...argv.slice(0, start), ...argv.slice(end)];
}

/**
 * The kernel writes one process ran, as the plan shows them: an `ip -batch`'s write lines each as
 * its own command (without the batch's read options), anything else as itself; reads left out.
 */
export function writesOf(argv: readonly string[], input?: string): string[][] {
    return commandsOf(argv, input).filter(isKernelWrite).map(withoutReadOptions);
}
