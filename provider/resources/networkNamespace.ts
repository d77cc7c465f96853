/**
 * NetworkNamespace: a named network namespace (`ip netns add NAME`), marked as ours by the alias
 * of its loopback device, with loopback up by default (a fresh namespace has `lo` down, which
 * surprises everyone who pings 127.0.0.1 inside it).
 */
import { setLink, showLink } from "../commands/link";
import { ForeignObjectError, KernelObjectError } from "../exec/errors";
import { withCreationIntent, withUndo } from "../exec/intents";
import { Runner, runJson } from "../exec/run";
import { addNamespaceIfAbsent, deleteNamespaceIfPresent, namespaceInode } from "../kernel/netns";
import { NETNS_DIR } from "../exec/files";
import { addNamespace, deleteNamespace } from "../commands/netns";
import { parseLinks } from "../parse/link";
import * as t from "../validate/fields";
import { ADOPT_HINT, OWNER_MARK, isOurs } from "../framework/ownership";
import { ResourceImplementation, readBack } from "../framework/implementation";

export interface NetworkNamespaceInputs {
    name: string;
    loopbackUp: boolean;
    adopt: boolean;
    /** Namespaces are global names; the field exists for the common contract and stays undefined. */
    namespace?: undefined;
}

export interface NetworkNamespaceState extends NetworkNamespaceInputs {
    /** Inode of /run/netns/NAME: identifies this namespace instance; a recreated one differs. */
    inode: number;
    /** True when the loopback carries our mark. */
    managed: boolean;
}

interface Observed {
    inode: number;
    loopbackUp: boolean;
    managed: boolean;
}

/** Marks the namespace as ours on its loopback, and sets loopback up or down. */
function markLoopback(inputs: NetworkNamespaceInputs): string[] {
    return setLink(inputs.name, "lo", { alias: OWNER_MARK, up: inputs.loopbackUp })!;
}

/** Loopback up or down, when that changed. */
function loopbackChange(olds: NetworkNamespaceInputs, news: NetworkNamespaceInputs): string[][] {
    return news.loopbackUp === olds.loopbackUp ? [] : [setLink(news.name, "lo", { up: news.loopbackUp })!];
}

async function observe(run: Runner, name: string): Promise<Observed | undefined> {
    const inode = await namespaceInode(run, name);
    if (inode === undefined) {
        return undefined;
    }
    const [lo] = parseLinks(await runJson(run, showLink(name, "lo")));
    return { inode, loopbackUp: lo.up, managed: isOurs(lo.alias) };
}

export const networkNamespace: ResourceImplementation<NetworkNamespaceInputs, NetworkNamespaceState> = {
    typeName: "NetworkNamespace",
    kind: "network namespace",
    schema: {
        name: { type: t.namespaceName, required: true, replaces: true },
        loopbackUp: { type: t.boolean, default: true },
        adopt: { type: t.boolean, default: false },
    },
    outputs: ["inode", "managed"],

    nameOf: (inputs) => inputs.name,

    async create(run, inputs) {
        const foreign = () => new ForeignObjectError("network namespace", inputs.name, undefined, ADOPT_HINT);
        const mark = async () => {
            await run(markLoopback(inputs));
            return { id: inputs.name, outs: await readBack(this, run, { ...inputs, inode: 0, managed: true }) };
        };
        const existing = await observe(run, inputs.name);
        return withCreationIntent(run, "netns", undefined, inputs.name, (intended) => withUndo(async (undo) => {
            if (existing) {
                if (!existing.managed && !inputs.adopt && !intended) throw foreign();
                return mark();
            }
            const outcome = await addNamespaceIfAbsent(run, inputs.name, intended);
            const created = outcome === "created";
            if (outcome === "half-made") {
                throw new KernelObjectError("create", "network namespace", inputs.name, undefined,
                    `${NETNS_DIR}/${inputs.name} is a file an interrupted \`ip netns add\` left, not a namespace, and no run of ours was making it; it is left untouched: remove it with \`ip netns delete ${inputs.name}\``);
            }
            // Not created: it appeared between our look and our add, so it is someone else's.
            if (!created && !inputs.adopt) throw foreign();
            if (created) undo.add(() => deleteNamespaceIfPresent(run, inputs.name));
            return mark();
        }));
    },

    async read(run, state) {
        const observed = await observe(run, state.name);
        return observed && { ...state, ...observed };
    },

    async update(run, olds, news) {
        for (const argv of loopbackChange(olds, news)) await run(argv);
        return readBack(this, run, { ...olds, ...news });
    },

    async delete(run, state) {
        const observed = await observe(run, state.name);
        // Never delete a namespace someone else made after ours vanished under the same name.
        if (!observed || (!observed.managed && !state.adopt)) {
            return;
        }
        await deleteNamespaceIfPresent(run, state.name);
    },

    objects: (state) => [{ object: "namespace", name: state.name }],

    plan: {
        create: (inputs) => [addNamespace(inputs.name), markLoopback(inputs)],
        update: loopbackChange,
        delete: (state) => [deleteNamespace(state.name)],
    },
};
