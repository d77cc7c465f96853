/**
 * Macvlan: a link with a MAC address of its own on a parent link (`ip link add link PARENT ...
 * type macvlan`), made in the parent's namespace and put straight into its own. Marked as ours by
 * its alias, up by default; its mode changes in place. Deleting the parent deletes it: name the
 * parent through its resource's output, so that replacing the parent replaces it too.
 */
import { MacvlanMode, addMacvlan, setMacvlanMode } from "../commands/link";
import { LinkState } from "../parse/link";
import * as t from "../validate/fields";
import { ResourceImplementation } from "../framework/implementation";
import { freshLink } from "../framework/links";
import { LinkInputs, LinkOutputs, linkIdentityFields, linkSettingFields, singleLink } from "../framework/singleLink";

export interface MacvlanInputs extends LinkInputs {
    parent: string;
    parentNamespace?: string;
    mode: MacvlanMode;
}

export interface MacvlanState extends MacvlanInputs, LinkOutputs {}

export const macvlan: ResourceImplementation<MacvlanInputs, MacvlanState> = singleLink<MacvlanInputs, MacvlanState>({
    typeName: "Macvlan",
    kind: "macvlan",
    linkKind: "macvlan",
    schema: {
        ...linkIdentityFields,
        parent: { type: t.interfaceName, required: true, replaces: true },
        parentNamespace: { type: t.namespaceName, replaces: true },
        mode: { type: t.oneOf("bridge", "private", "vepa", "passthru"), default: "bridge" },
        ...linkSettingFields,
    },
    add: (inputs) => addMacvlan(inputs.parentNamespace, inputs.parent, inputs.name, inputs.namespace, inputs),
    fresh: (inputs): LinkState => ({ ...freshLink("macvlan", inputs.name, inputs.mtu, inputs.mac), macvlanMode: inputs.mode }),
    kindCommands: (inputs, actual) => (actual?.macvlanMode === inputs.mode ? [] : [setMacvlanMode(inputs.namespace, inputs.name, inputs.mode)]),
    observedKind: (_inputs, link) => (link.macvlanMode ? { mode: link.macvlanMode as MacvlanMode } : {}),
    believedKind: (state) => ({ macvlanMode: state.mode }),
});
