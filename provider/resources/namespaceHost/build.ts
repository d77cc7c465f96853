/**
 * The lean path: a host whose namespace does not exist yet is built in three processes — `ip
 * netns add`, one `ip -batch` on the host side (the cable, made from there with its inside end
 * landing in the fresh namespace, then that end read back) and one inside the fresh namespace
 * (where nothing can exist yet to look at first: loopback, the inside end, addresses, the route,
 * then all of it read back). The reads of a batch run after its writes, in the same process:
 * apply, then verify, without a process for each.
 */
import { addAddress } from "../../commands/address";
import { ipBatch } from "../../commands/ip";
import { addVethFrom, showLink } from "../../commands/link";
import { addRouteViaGateway } from "../../commands/route";
import { VerificationError } from "../../exec/errors";
import { withCreationIntent, withUndo } from "../../exec/intents";
import { Runner } from "../../exec/run";
import { addNamespaceIfAbsent, namespaceInode } from "../../kernel/netns";
import { parseBatchAnswers } from "../../parse/batch";
import { parseLinks } from "../../parse/link";
import { convergeLink, freshLink } from "../../framework/links";
import { addressSpec } from "../address";
import { routeSpec } from "../route";
import { INSIDE_READ_OPTIONS, Observed, insideReads, observed, parseInside } from "./observe";
import { NamespaceHostInputs, addressPart, routePart } from "./parts";
import { tearDown } from "./teardown";

/**
 * The commands that build a host after `ip netns add`, as two lists for one `ip -batch` each: on
 * the host side the cable and that end's mark, bridge and state; inside, loopback, the inside end,
 * the addresses and the default route. Pure: `npm run plan` shows a reviewer exactly these.
 */
export function buildCommands(h: NamespaceHostInputs): { hostSide: string[][]; inside: string[][] } {
    const up = h.up ?? true;
    // Each link as `ip link add` leaves it (or, loopback, as a new namespace has it): unmarked and down.
    const link = (namespace: string | undefined, name: string, wanted: { master?: string; up: boolean }) =>
        convergeLink({ namespace, name, ...wanted }, freshLink("veth", name, h.mtu))!;
    return {
        hostSide: [
            addVethFrom(h.namespace, { name: h.hostInterface, namespace: h.namespace, mtu: h.mtu }, { name: h.interface, namespace: h.name, mtu: h.mtu }),
            link(h.namespace, h.hostInterface, { master: h.bridge, up }),
        ],
        inside: [
            link(h.name, "lo", { up: h.loopbackUp }),
            link(h.name, h.interface, { up }),
            ...h.addresses.map((cidr) => addAddress(h.name, addressSpec(addressPart(h, cidr)))),
            ...(h.gateway !== undefined ? [addRouteViaGateway(h.name, routeSpec(routePart(h, h.gateway)))] : []),
        ],
    };
}

/**
 * Builds a host whose namespace does not exist yet, and reads it back. Returns undefined, having
 * changed nothing, when the namespace name turns out to be taken after all (someone was quicker);
 * any other failure removes what was made and throws. The creation intents cover a crash before
 * the marks are set, as in NetworkNamespace and VethPair, so the next `up` adopts what this one left.
 */
export async function buildFromNothing(run: Runner, h: NamespaceHostInputs): Promise<Observed | undefined> {
    return withCreationIntent(run, "netns", undefined, h.name, (intended) => withCreationIntent(run, "link", h.name, h.interface, () => withUndo(async (undo) => {
        if ((await addNamespaceIfAbsent(run, h.name, intended)) !== "created") return undefined;
        // Only what this call made: the inside end (which takes its peer along) and the namespace.
        undo.add(() => tearDown(run, h));
        const { hostSide, inside } = buildCommands(h);
        const hostBatch = ipBatch(h.namespace, [...hostSide, showLink(h.namespace, h.hostInterface)], ["-d", "-j"]);
        const [peer] = parseLinks(parseBatchAnswers(await run(hostBatch.argv, hostBatch.input), 1)[0]);
        const reads = insideReads(h);
        const insideBatch = ipBatch(h.name, [...inside, ...reads], INSIDE_READ_OPTIONS);
        const built = parseInside(h, parseBatchAnswers(await run(insideBatch.argv, insideBatch.input), reads.length));
        const inode = await namespaceInode(run, h.name);
        if (inode === undefined) throw new VerificationError(`namespace "${h.name}" is gone`);
        return observed(run, h, inode, built, peer);
    })));
}
