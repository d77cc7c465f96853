/**
 * MasqueradeRule: source NAT for a network leaving the namespace —
 * `iptables -w -t nat -A POSTROUTING -s SOURCE [-o OUT] -m comment --comment "managed-by=pulumi-linuxnet ..." -j MASQUERADE`
 * (ip6tables for an IPv6 source). The comment is our mark: we find, adopt and delete only our
 * exact rule, and never flush a chain.
 */
import { MasqueradeSpec, appendMasquerade, deleteMasquerade, deleteUnmarkedMasquerade, masqueradeRuleSpec, unmarkedMasqueradeRuleSpec } from "../commands/iptables";
import { ForeignObjectError, VerificationError } from "../exec/errors";
import { withUndo } from "../exec/intents";
import { Runner } from "../exec/run";
import { deleteRuleIfPresent, hasRule, listPostroutingRules, sameSpec } from "../kernel/iptables";
import * as t from "../validate/fields";
import { parseCidr } from "../validate/ip";
import { ResourceImplementation } from "../framework/implementation";
import { ADOPT_HINT, OWNER_MARK } from "../framework/ownership";

export interface MasqueradeRuleInputs {
    source: string;
    outInterface?: string;
    namespace?: string;
    comment?: string;
    adopt: boolean;
}

export interface MasqueradeRuleOutputs extends MasqueradeRuleInputs {
    /** The rule as `iptables -S` prints it. */
    rule: string;
}

export function masqueradeSpec(inputs: MasqueradeRuleInputs): MasqueradeSpec {
    return {
        family: parseCidr(inputs.source)!.family,
        source: inputs.source,
        outInterface: inputs.outInterface,
        comment: inputs.comment ? `${OWNER_MARK} ${inputs.comment}` : OWNER_MARK,
    };
}

/** The rule exactly as `iptables -S` prints it (which always quotes a comment). */
function describe(spec: MasqueradeSpec): string {
    const words = masqueradeRuleSpec(spec);
    return ["-A", "POSTROUTING", ...words.map((w, i) => (words[i - 1] === "--comment" ? `"${w}"` : w))].join(" ");
}

function sameRule(a: MasqueradeRuleInputs, b: MasqueradeRuleInputs): boolean {
    return a.namespace === b.namespace && sameSpec(masqueradeRuleSpec(masqueradeSpec(a)), masqueradeRuleSpec(masqueradeSpec(b)));
}

/** Every field that makes the rule distinct: two rules for one source may differ in their out-interface. */
function ruleId(inputs: MasqueradeRuleInputs): string {
    return [inputs.namespace ?? "", "nat", "POSTROUTING", inputs.source, ...(inputs.outInterface ? [inputs.outInterface] : [])].join("/");
}

async function verify(run: Runner, inputs: MasqueradeRuleInputs): Promise<MasqueradeRuleOutputs> {
    const spec = masqueradeSpec(inputs);
    if (!(await hasRule(run, inputs.namespace, spec))) throw new VerificationError(`rule "${describe(spec)}" is missing`);
    return { ...inputs, rule: describe(spec) };
}

export const masqueradeRule: ResourceImplementation<MasqueradeRuleInputs, MasqueradeRuleOutputs> = {
    typeName: "MasqueradeRule",
    kind: "masquerade rule",
    schema: {
        source: { type: t.networkCidr, required: true, replaces: true },
        outInterface: { type: t.interfaceName, replaces: true },
        namespace: { type: t.namespaceName, replaces: true },
        comment: { type: t.label(200) },
        adopt: { type: t.boolean, default: false },
    },
    outputs: ["rule"],

    nameOf: (inputs) => `MASQUERADE ${inputs.source}`,

    async create(run, inputs) {
        const spec = masqueradeSpec(inputs);
        const rules = await listPostroutingRules(run, inputs.namespace, spec.family);
        const ours = rules.some((r) => sameSpec(r.spec, masqueradeRuleSpec(spec)));
        const foreign = rules.find((r) => sameSpec(r.spec, unmarkedMasqueradeRuleSpec(spec)));
        if (foreign && !ours && !inputs.adopt) {
            throw new ForeignObjectError("masquerade rule", masqueradeRule.nameOf(inputs), inputs.namespace, ADOPT_HINT);
        }
        return withUndo(async (undo) => {
            if (!ours) {
                await run(appendMasquerade(inputs.namespace, spec));
                undo.add(() => deleteRuleIfPresent(run, inputs.namespace, spec));
            }
            // Adopting a hand-made rule: ours now does its job, so the unmarked duplicate goes.
            if (foreign && inputs.adopt) {
                await run(deleteUnmarkedMasquerade(inputs.namespace, spec));
            }
            return { id: ruleId(inputs), outs: await verify(run, inputs) };
        });
    },

    objects: (state) => [{ object: "nat", namespace: state.namespace, source: state.source, ...(state.outInterface ? { outInterface: state.outInterface } : {}) }],

    plan: {
        create: (inputs) => [appendMasquerade(inputs.namespace, masqueradeSpec(inputs))],
        // The new rule first, so NAT never lapses.
        update: (olds, news) => (sameRule(olds, news) ? [] : [appendMasquerade(news.namespace, masqueradeSpec(news)), deleteMasquerade(olds.namespace, masqueradeSpec(olds))]),
        delete: (state) => [deleteMasquerade(state.namespace, masqueradeSpec(state))],
    },

    async read(run, state) {
        return (await hasRule(run, state.namespace, masqueradeSpec(state))) ? { ...state, rule: describe(masqueradeSpec(state)) } : undefined;
    },

    async update(run, olds, news) {
        // Only the comment changes in place: add the new rule first so NAT never lapses, then drop the old one.
        const next = masqueradeSpec(news);
        if (!(await hasRule(run, news.namespace, next))) await run(appendMasquerade(news.namespace, next));
        // An update that changes no comment (its parents were recorded, say) must not drop the rule it keeps.
        if (!sameRule(olds, news)) await deleteRuleIfPresent(run, olds.namespace, masqueradeSpec(olds));
        return verify(run, news);
    },

    async delete(run, state) {
        await deleteRuleIfPresent(run, state.namespace, masqueradeSpec(state));
    },
};
