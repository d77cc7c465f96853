/**
 * Bridge: a Linux bridge (`ip link add NAME type bridge`), marked as ours by its alias, up by
 * default, with its STP, VLAN filtering and timer settings changed in place.
 */
import { createHash } from "crypto";
import { BridgeOptions, addBridge, setBridgeOptions } from "../commands/link";
import { LinkState } from "../parse/link";
import * as t from "../validate/fields";
import { ResourceImplementation } from "../framework/implementation";
import { freshLink } from "../framework/links";
import { LinkInputs, LinkOutputs, linkIdentityFields, linkSettingFields, singleLink } from "../framework/singleLink";

/** The creation options (mtu, mac, stp, timers) plus what every link resource has. */
export interface BridgeInputs extends BridgeOptions, LinkInputs {
    name: string;
    namespace?: string;
    up: boolean;
    adopt: boolean;
}

export interface BridgeState extends BridgeInputs, LinkOutputs {}

const bridgeOptionKeys = ["stp", "vlanFiltering", "forwardDelay", "ageingTime"] as const;

/** Bridge settings that differ between what is wanted and what the kernel has. */
function changedBridgeOptions(inputs: BridgeInputs, actual: LinkState | undefined): BridgeOptions {
    const options: BridgeOptions = {};
    for (const key of bridgeOptionKeys) {
        if (inputs[key] !== undefined && inputs[key] !== actual?.bridge?.[key]) {
            (options as Record<string, unknown>)[key] = inputs[key];
        }
    }
    return options;
}

/**
 * The MAC a bridge is created with when the program sets none: derived from its namespace and
 * name, locally administered and unicast, as systemd-networkd's "persistent" policy does. Given
 * at creation it stays; a bridge whose MAC the kernel picks takes the MAC of its first port when
 * that attaches, which would show as drift right after `up`, and it would change again with every
 * replacement.
 */
export function persistentBridgeMac(namespace: string | undefined, name: string): string {
    const digest = createHash("sha256").update(`pulumi-linuxnet bridge ${namespace ?? ""}/${name}`).digest();
    digest[0] = (digest[0] & 0xfe) | 0x02;
    return [...digest.subarray(0, 6)].map((byte) => byte.toString(16).padStart(2, "0")).join(":");
}

/**
 * What `ip link add` is given: the options, with the persistent MAC when none is set, no VLAN
 * filtering unless it is on, and an MTU
 * one off the wanted one, which the `ip link set` after it then sets. Why: the kernel keeps a
 * bridge's MTU against its ports' only once it was *changed* by `link set` (an MTU given to
 * `link add`, or set to the value it already has, is not "set by the user"), and otherwise moves
 * it to the smallest port MTU whenever a port attaches: measured, a bridge made with `mtu 1400`
 * became 1500 when a 1500-byte veth joined it.
 */
function creationOptions(inputs: BridgeInputs): BridgeInputs {
    const mtu = inputs.mtu === undefined ? undefined : inputs.mtu > 68 ? inputs.mtu - 1 : inputs.mtu + 1;
    // Off is a new bridge's default, and a kernel without VLAN filtering refuses even `vlan_filtering 0`.
    const vlanFiltering = inputs.vlanFiltering || undefined;
    return { ...inputs, mtu, vlanFiltering, mac: inputs.mac ?? persistentBridgeMac(inputs.namespace, inputs.name) };
}

const bridgeSettings = (options: BridgeOptions) => ({
    stp: options.stp ?? false, vlanFiltering: options.vlanFiltering ?? false, forwardDelay: options.forwardDelay ?? 15, ageingTime: options.ageingTime ?? 300,
});

export const bridge: ResourceImplementation<BridgeInputs, BridgeState> = singleLink<BridgeInputs, BridgeState>({
    typeName: "Bridge",
    kind: "bridge",
    linkKind: "bridge",
    schema: {
        ...linkIdentityFields,
        ...linkSettingFields,
        stp: { type: t.boolean },
        vlanFiltering: { type: t.boolean },
        // The kernel accepts forward delays of 2-30 s with STP on; 0 is common without STP.
        forwardDelay: { type: t.integer(0, 30) },
        ageingTime: { type: t.integer(0, 1_000_000) },
    },
    add: (inputs) => addBridge(inputs.namespace, inputs.name, creationOptions(inputs)),
    fresh: (inputs) => {
        const options = creationOptions(inputs);
        return { ...freshLink("bridge", inputs.name, options.mtu, options.mac), bridge: bridgeSettings(options) };
    },
    kindCommands: (inputs, actual) => {
        const { stp, ...rest } = changedBridgeOptions(inputs, actual);
        // One message applies the forward delay before the STP state, and a delay under 2 s is
        // refused while STP is on ("Numerical result out of range"): turning STP off goes first.
        const steps = stp === false ? [{ stp }, rest] : [{ stp, ...rest }];
        return steps.map((options) => setBridgeOptions(inputs.namespace, inputs.name, options)).filter((argv) => argv !== undefined);
    },
    observedKind: (inputs, link) =>
        Object.fromEntries(bridgeOptionKeys.filter((key) => inputs[key] !== undefined && link.bridge).map((key) => [key, link.bridge![key]])),
    believedKind: (state) => ({ bridge: bridgeSettings(state) }),
});
