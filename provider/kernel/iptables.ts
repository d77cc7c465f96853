/** Reads and idempotent deletes of our rules in `nat POSTROUTING`. */
import { MasqueradeSpec, deleteMasquerade, listPostrouting, masqueradeRuleSpec } from "../commands/iptables";
import { isCommandError } from "../exec/errors";
import { Runner } from "../exec/run";
import { ListedRule, parseRules } from "../parse/iptables";

export async function listPostroutingRules(run: Runner, namespace: string | undefined, family: 4 | 6): Promise<ListedRule[]> {
    try {
        return parseRules(await run(listPostrouting(namespace, family))).filter((r) => r.chain === "POSTROUTING");
    } catch (err) {
        if (isCommandError(err, "notFound")) return [];
        throw err;
    }
}

export function sameSpec(a: readonly string[], b: readonly string[]): boolean {
    return a.length === b.length && a.every((word, i) => word === b[i]);
}

export async function hasRule(run: Runner, namespace: string | undefined, spec: MasqueradeSpec): Promise<boolean> {
    const wanted = masqueradeRuleSpec(spec);
    return (await listPostroutingRules(run, namespace, spec.family)).some((r) => sameSpec(r.spec, wanted));
}

/** Deletes our exact rule; a rule (or namespace) already gone is success. */
export async function deleteRuleIfPresent(run: Runner, namespace: string | undefined, spec: MasqueradeSpec): Promise<void> {
    try {
        await run(deleteMasquerade(namespace, spec));
    } catch (err) {
        if (!isCommandError(err, "notFound")) throw err;
    }
}
