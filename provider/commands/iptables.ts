/**
 * argv builders for the MASQUERADE rules we own in `nat POSTROUTING`. Pure. Always `-w` (wait for
 * the xtables lock instead of failing when another tool holds it), always a comment that starts
 * with our mark, and never a flush: we only ever append, check and delete our own exact rule.
 */
import { inNamespace } from "./ip";

export interface MasqueradeSpec {
    family: 4 | 6;
    /** Source network, canonical. */
    source: string;
    outInterface?: string;
    /** The full comment text, our mark first. */
    comment: string;
}

function tool(family: 4 | 6): string {
    return family === 6 ? "ip6tables" : "iptables";
}

/** The rule spec in the order `iptables -S` prints it, so a listed rule compares equal. */
export function masqueradeRuleSpec(spec: MasqueradeSpec): string[] {
    return [
        "-s", spec.source,
        ...(spec.outInterface !== undefined ? ["-o", spec.outInterface] : []),
        "-m", "comment", "--comment", spec.comment,
        "-j", "MASQUERADE",
    ];
}

function natPostrouting(namespace: string | undefined, family: 4 | 6, action: string, spec: MasqueradeSpec): string[] {
    return inNamespace(namespace, [tool(family), "-w", "-t", "nat", action, "POSTROUTING", ...masqueradeRuleSpec(spec)]);
}

export const appendMasquerade = (ns: string | undefined, spec: MasqueradeSpec) => natPostrouting(ns, spec.family, "-A", spec);
export const deleteMasquerade = (ns: string | undefined, spec: MasqueradeSpec) => natPostrouting(ns, spec.family, "-D", spec);

/** `iptables -w -t nat -S POSTROUTING`: the chain's rules as argv-like lines. */
export function listPostrouting(namespace: string | undefined, family: 4 | 6): string[] {
    return inNamespace(namespace, [tool(family), "-w", "-t", "nat", "-S", "POSTROUTING"]);
}

/** The same rule without a comment: what a hand-made rule for this network usually looks like. */
export function unmarkedMasqueradeRuleSpec(spec: Omit<MasqueradeSpec, "comment">): string[] {
    return ["-s", spec.source, ...(spec.outInterface !== undefined ? ["-o", spec.outInterface] : []), "-j", "MASQUERADE"];
}

/** Deletes a hand-made rule the user asked us to adopt (`adopt: true`), once ours has replaced it. */
export function deleteUnmarkedMasquerade(namespace: string | undefined, spec: Omit<MasqueradeSpec, "comment">): string[] {
    return inNamespace(namespace, [tool(spec.family), "-w", "-t", "nat", "-D", "POSTROUTING", ...unmarkedMasqueradeRuleSpec(spec)]);
}
