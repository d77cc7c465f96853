/**
 * Links, whatever their kind — a single link, either end of a veth pair, the cable of a namespace
 * host: the one place that turns the settings wanted of a link into the `ip link set` that gets it
 * there from what the kernel has, with what a link is right after `ip link add` and what the state
 * says it is; and claiming a link that already has our name, and reading one back.
 */
import { LinkSettings, setLink } from "../commands/link";
import { ForeignObjectError, KernelObjectError, VerificationError } from "../exec/errors";
import { Runner } from "../exec/run";
import { findLink } from "../kernel/link";
import { LinkState } from "../parse/link";
import { ADOPT_HINT, OWNER_MARK, isOurs } from "./ownership";

/** The settings a link should have, where it is; a field left undefined is left as the kernel has it. */
export interface WantedLink {
    namespace?: string;
    name: string;
    mtu?: number;
    mac?: string;
    /** The bridge it is a port of; null takes it off whatever bridge it is on. */
    master?: string | null;
    up: boolean;
}

/** `master` for an update: the bridge wanted, or null when the program dropped the one it had (leaving it detaches). */
export function wantedMaster(wanted: string | undefined, before: string | undefined): string | null | undefined {
    return wanted === undefined && before !== undefined ? null : wanted;
}

/**
 * The `ip link set` that takes the link from `actual` (undefined: not known) to `wanted`, and marks
 * it as ours: one process for every setting; undefined when nothing differs.
 */
export function convergeLink(wanted: WantedLink, actual: LinkState | undefined): string[] | undefined {
    const settings: LinkSettings = {};
    if (actual?.alias !== OWNER_MARK) settings.alias = OWNER_MARK;
    if (wanted.mtu !== undefined && wanted.mtu !== actual?.mtu) settings.mtu = wanted.mtu;
    if (wanted.mac !== undefined && wanted.mac !== actual?.mac) settings.mac = wanted.mac;
    if (wanted.master === null && actual?.master !== undefined) settings.master = null;
    if (typeof wanted.master === "string" && wanted.master !== actual?.master) settings.master = wanted.master;
    if (wanted.up !== actual?.up) settings.up = wanted.up;
    return setLink(wanted.namespace, wanted.name, settings);
}

/** A link right after `ip link add` told its MTU and MAC (or not): unmarked, on no bridge, down. */
export function freshLink(kind: string, name: string, mtu?: number, mac?: string): LinkState {
    return { ifindex: 0, name, kind, mtu: mtu ?? 0, mac: mac ?? "", operstate: "DOWN", up: false };
}

/** A link as the kernel holds it when it is what the state says: ours, with the state's settings. */
export function believedLink(kind: string, state: WantedLink & { ifindex: number; macAddress: string }): LinkState {
    return {
        ifindex: state.ifindex, name: state.name, kind, mtu: state.mtu ?? 0, mac: state.mac ?? state.macAddress,
        operstate: state.up ? "UP" : "DOWN", up: state.up, master: state.master ?? undefined, alias: OWNER_MARK,
    };
}

/**
 * Decides what to do with a link that already has the name we want: ours (marked, or unmarked
 * with our intent on record; right kind) is adopted — that is what a crash between the kernel
 * change and the state write leaves — and so is any link when `adopt` is set; anything else is
 * refused and left untouched.
 */
export function claimExistingLink(
    existing: LinkState,
    expectedKind: string,
    objectKind: string,
    /** The resource's name in messages ("veth1/br-veth1" for a pair). */
    objectName: string,
    namespace: string | undefined,
    adopt: boolean,
    /** A creation of ours was in flight for this name (see exec/intents): unmarked is still ours. */
    intended = false,
): void {
    if (existing.kind !== expectedKind) {
        throw new KernelObjectError(
            "create",
            objectKind,
            objectName,
            namespace,
            `"${existing.name}" already exists but is a ${existing.kind ?? "plain"} device, not a ${objectKind}; it is left untouched`,
        );
    }
    if (!isOurs(existing.alias) && !adopt && !intended) {
        throw new ForeignObjectError(objectKind, objectName, namespace, ADOPT_HINT);
    }
}

/** Reads a link that must exist right after we changed it (apply, then verify). */
export async function verifyLink(run: Runner, namespace: string | undefined, name: string): Promise<LinkState> {
    const link = await findLink(run, namespace, name);
    if (!link) throw new VerificationError(`link "${name}" is missing`);
    return link;
}
