/**
 * A kernel as a stack's state describes it, for running a resource's own operation without root
 * and without touching anything: reads are answered from the objects given here, in the formats
 * `ip -j`, `iptables -S` and `sysctl -n` print; writes are recorded, not run. The first read after
 * a write is the operation verifying its work: from there on reads fail and writes (an undo that
 * follows) are not recorded, as they are not part of what the operation plans to do. (Reads in
 * the same `ip -batch` as writes answer empty lists: see recordingRunner.)
 */
import { commandsOf } from "../../provider/commands/ip";
import { CommandError } from "../../provider/exec/errors";
import type { Runner } from "../../provider/exec/run";
import type { LinkState } from "../../provider/parse/link";
import { withoutReadOptions } from "../../tools/plan/commands";

export interface BelievedKernel {
    links?: (LinkState & { namespace?: string })[];
    addresses?: { namespace?: string; device: string; cidr: string }[];
    routes?: { namespace?: string; family: 4 | 6; table: number; dst: string; gateway?: string; dev: string; protocol?: number }[];
    /** `iptables -S POSTROUTING` lines of the nat table, e.g. `-A POSTROUTING -s 10.0.0.0/8 -j MASQUERADE`. */
    rules?: { namespace?: string; family: 4 | 6; line: string }[];
    /** `sysctl` values by key, per namespace ("" for the root namespace). */
    sysctls?: Record<string, Record<string, string>>;
}

export class Verified extends Error {
    constructor() {
        super("the operation began to verify its work: the plan ends here");
    }
}

/** Splits `ip [-n NS] ...` into the namespace and the rest. */
function ipNamespace(argv: readonly string[]): { namespace?: string; rest: readonly string[] } {
    return argv[1] === "-n" ? { namespace: argv[2], rest: argv.slice(3) } : { rest: argv.slice(1) };
}

/** `ip netns exec NS tool ...` or `tool ...`: the namespace and the tool's argv. */
function execNamespace(argv: readonly string[]): { namespace?: string; rest: readonly string[] } {
    return argv[0] === "ip" && argv[1] === "netns" && argv[2] === "exec" ? { namespace: argv[3], rest: argv.slice(4) } : { rest: argv };
}

function rawLink(link: LinkState): object {
    return {
        ifindex: link.ifindex,
        ifname: link.name,
        flags: link.up ? ["BROADCAST", "MULTICAST", "UP"] : ["BROADCAST", "MULTICAST"],
        mtu: link.mtu,
        address: link.mac,
        operstate: link.operstate,
        ...(link.master ? { master: link.master } : {}),
        ...(link.alias ? { ifalias: link.alias } : {}),
        ...(link.peerIfindex !== undefined ? { link_index: link.peerIfindex } : {}),
        linkinfo: {
            ...(link.kind ? { info_kind: link.kind } : {}),
            ...(link.bridge ? {
                info_data: {
                    stp_state: link.bridge.stp ? 1 : 0, vlan_filtering: link.bridge.vlanFiltering ? 1 : 0,
                    forward_delay: link.bridge.forwardDelay * 100, ageing_time: link.bridge.ageingTime * 100,
                },
            } : {}),
            ...(link.tun ? { info_data: { type: link.tun.mode, vnet_hdr: link.tun.vnetHdr, multi_queue: link.tun.multiQueue, persist: link.tun.persist } } : {}),
            ...(link.macvlanMode ? { info_data: { mode: link.macvlanMode } } : {}),
            ...(link.vxlan ? { info_data: { id: link.vxlan.vni, remote: link.vxlan.remote, group: link.vxlan.group, local: link.vxlan.local, port: link.vxlan.dstport, learning: link.vxlan.learning } } : {}),
        },
    };
}

/** The answer to one read, or undefined for a command this kernel does not know as a read. */
function answer(kernel: BelievedKernel, argv: readonly string[]): string | undefined {
    const same = (a: string | undefined, b: string | undefined) => (a ?? "") === (b ?? "");
    if (argv[0] === "ip" && argv[1] !== "netns") {
        const { namespace, rest } = ipNamespace(argv);
        const words = rest.filter((w) => !["-d", "-j", "-N"].includes(w));
        if (words[0] === "link" && words[1] === "show") {
            const links = (kernel.links ?? []).filter((l) => same(l.namespace, namespace) && (words[2] !== "dev" || l.name === words[3]));
            // What the provider's runner throws for a missing device.
            if (words[2] === "dev" && links.length === 0) throw new CommandError(argv, 1, `Cannot find device "${words[3]}"`, "notFound");
            return JSON.stringify(links.map(rawLink));
        }
        if (words[0] === "addr" && words[1] === "show" && words[2] === "dev") {
            const device = words[3];
            const cidrs = (kernel.addresses ?? []).filter((a) => same(a.namespace, namespace) && a.device === device).map((a) => a.cidr);
            const info = cidrs.map((cidr) => {
                const [local, prefix] = cidr.split("/");
                return { family: local.includes(":") ? "inet6" : "inet", local, prefixlen: Number(prefix), scope: "global" };
            });
            return JSON.stringify([{ ifname: device, addr_info: info }]);
        }
        if (words[1] === "route" && words[2] === "show") {
            const family = words[0] === "-6" ? 6 : 4;
            const table = Number(words[4]);
            const routes = (kernel.routes ?? []).filter((r) => same(r.namespace, namespace) && r.family === family && r.table === table);
            return JSON.stringify(routes.map((r) => ({ dst: r.dst, ...(r.gateway ? { gateway: r.gateway } : {}), dev: r.dev, protocol: String(r.protocol ?? 241), scope: "0", flags: [] })));
        }
        return undefined;
    }
    const { namespace, rest } = execNamespace(argv);
    if ((rest[0] === "iptables" || rest[0] === "ip6tables") && rest.includes("-S")) {
        const family = rest[0] === "ip6tables" ? 6 : 4;
        const lines = (kernel.rules ?? []).filter((r) => same(r.namespace, namespace) && r.family === family).map((r) => r.line);
        return ["-P POSTROUTING ACCEPT", ...lines].join("\n") + "\n";
    }
    if (rest[0] === "sysctl" && rest.includes("-n")) {
        const values = kernel.sysctls?.[namespace ?? ""] ?? {};
        return rest.filter((w) => w.startsWith("net.")).map((key) => values[key] ?? "0").join("\n") + "\n";
    }
    return undefined;
}

/**
 * A runner over the believed kernel: `writes` is what the operation ran, up to its verification.
 * `read()` is for reads that need no process (a namespace's file under /run/netns): it answers
 * with `value` before any write, and ends the plan after one.
 */
export function recordingRunner(kernel: BelievedKernel, isWrite: (argv: readonly string[]) => boolean): { run: Runner; writes: string[][]; read<T>(value: T): T } {
    const writes: string[][] = [];
    let verifying = false;
    const read = <T>(value: T): T => {
        if (verifying || writes.length > 0) {
            verifying = true;
            throw new Verified();
        }
        return value;
    };
    const run: Runner = async (argv, input) => {
        const commands = commandsOf(argv, input);
        const written = commands.filter(isWrite);
        if (written.length === commands.length) {
            if (!verifying) writes.push(...written.map(withoutReadOptions));
            return "";
        }
        if (written.length > 0) {
            // A batch that applies, then reads back what it applied. What its writes made is not
            // in the believed kernel, so each read answers an empty list; the operation goes on to
            // its next step, and the plan ends at its next read.
            if (verifying) throw new Verified();
            writes.push(...written.map(withoutReadOptions));
            return commands.filter((c) => !isWrite(c)).map(() => "[]\n").join("");
        }
        if (verifying) throw new Verified();
        if (writes.length > 0) {
            verifying = true;
            throw new Verified();
        }
        const out = answer(kernel, argv);
        if (out === undefined) throw new Error(`the believed kernel cannot answer \`${argv.join(" ")}\``);
        return out;
    };
    return { run, writes, read };
}
