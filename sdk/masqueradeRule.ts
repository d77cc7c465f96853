import * as pulumi from "@pulumi/pulumi";
import { RemoteArgs } from "./connection";
import { LinuxnetResource } from "./resource";
import { masqueradeRule } from "../provider/resources/masqueradeRule";

export interface MasqueradeRuleArgs extends RemoteArgs {
    /**
     * Source network to masquerade, IPv4 or IPv6 (ip6tables). Replaces the rule.
     *
     * Equivalent to: `ip netns exec NAMESPACE iptables -w -t nat -A POSTROUTING -s SOURCE -m comment --comment "managed-by=pulumi-linuxnet" -j MASQUERADE`
     */
    source: pulumi.Input<string>;
    /** Only traffic leaving through this interface (`-o OUT`). Default: any. Replaces the rule. */
    outInterface?: pulumi.Input<string>;
    /** Namespace whose NAT table gets the rule. Default: the host namespace. Replaces the rule. */
    namespace?: pulumi.Input<string>;
    /**
     * Extra comment text after our mark (letters, digits, spaces, `_.:,/=+@-`, up to 200).
     * Updated in place: the new rule is appended before the old one is deleted, so NAT never lapses.
     */
    comment?: pulumi.Input<string>;
    /** Take over a hand-made rule with the same spec (it is replaced by our marked one). Default `false`. */
    adopt?: pulumi.Input<boolean>;
}

/**
 * Source NAT (MASQUERADE) for a network leaving a namespace. Only our own marked rule is ever
 * added or deleted; no chain is ever flushed.
 *
 * ```ts
 * new linuxnet.MasqueradeRule("lab-nat", { source: "192.168.1.0/24" });
 * ```
 *
 * Equivalent to: `iptables -w -t nat -A POSTROUTING -s 192.168.1.0/24 -m comment --comment managed-by=pulumi-linuxnet -j MASQUERADE`
 */
export class MasqueradeRule extends LinuxnetResource {
    declare public readonly source: pulumi.Output<string>;
    declare public readonly outInterface: pulumi.Output<string | undefined>;
    declare public readonly namespace: pulumi.Output<string | undefined>;
    declare public readonly comment: pulumi.Output<string | undefined>;
    /** The rule as `iptables -S` prints it. */
    declare public readonly rule: pulumi.Output<string>;

    constructor(name: string, args: MasqueradeRuleArgs, opts?: pulumi.CustomResourceOptions) {
        super(masqueradeRule, name, args, opts);
    }
}
