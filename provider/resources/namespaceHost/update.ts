/**
 * Updating a host: every part converged from what the kernel has now, by the commands of the
 * part's own type, so an `up` after drift (a deleted veth, a lost address or route) puts it all
 * back. The update runs them; the plan shows them, for the kernel the state describes.
 */
import { addAddress, deleteAddress, replaceAddress } from "../../commands/address";
import { deleteRoute, replaceRoute } from "../../commands/route";
import { Runner } from "../../exec/run";
import { listAddresses } from "../../kernel/address";
import { addressSpec } from "../address";
import { networkNamespace } from "../networkNamespace";
import { RouteInputs, readRoute, route, routeSpec } from "../route";
import { VethPairState, readPair, vethPair } from "../vethPair";
import { NamespaceHostInputs, NamespaceHostState, addressPart, believedCable, believedNamespace, cablePart, routePart } from "./parts";

/** The parts of a host an update changes, as they are before it: the cable, the addresses present, the default route. */
export interface PartsNow {
    cable?: VethPairState;
    /** In the order the kernel lists them: a subnet's primary first. */
    addresses: readonly string[];
    gateway?: string;
}

/** The parts as the kernel has them now: every read an update makes, made before it writes. */
export async function partsNow(run: Runner, olds: NamespaceHostInputs, news: NamespaceHostInputs): Promise<PartsNow> {
    const cable = await readPair(run, cablePart(news));
    const addresses = (await listAddresses(run, news.name, news.interface))?.map((a) => a.address) ?? [];
    // Our default route, whichever gateway it has: the one wanted or the one the state had.
    const gateway = news.gateway ?? olds.gateway;
    const route = gateway === undefined ? undefined : await readRoute(run, routePart(news, gateway));
    return { cable, addresses, gateway: route?.gateway };
}

/** The parts as the state says they are. */
export function believedParts(h: NamespaceHostState): PartsNow {
    return { cable: believedCable(h), addresses: h.addresses, gateway: h.gateway };
}

/**
 * What takes a host from its parts as they are to what `news` wants: loopback, the cable (when
 * there is one; a lost cable is made again by VethPair's create), addresses and default route.
 *
 * The route goes first when it is to go: a cable going down takes it with it. Addresses that go
 * are deleted before any is added, last first, and then every address that stays is put back
 * (`addr replace`, which adds it if missing) and so is the route: deleting a subnet's primary
 * address takes the subnet's other addresses with it (unless the namespace has
 * promote_secondaries), and a device's last IPv4 address takes the routes through it. Last first
 * (the kernel lists a subnet's primary first) so that no delete finds its address gone.
 */
export function updateCommands(olds: NamespaceHostInputs, news: NamespaceHostInputs, now: PartsNow): string[][] {
    const routeOf = (h: NamespaceHostInputs): RouteInputs | undefined => (h.gateway === undefined ? undefined : routePart(h, h.gateway));
    const [routeBefore, routeAfter] = [routeOf(olds), routeOf(news)];
    const removed = [...now.addresses].reverse().filter((cidr) => olds.addresses.includes(cidr) && !news.addresses.includes(cidr));
    const lost = removed.length > 0;
    const address = (cidr: string) => addressSpec(addressPart(news, cidr));
    return [
        ...networkNamespace.plan.update(believedNamespace(olds), believedNamespace(news)),
        ...(!routeAfter && routeBefore && now.gateway !== undefined ? [deleteRoute(news.name, routeSpec(routeBefore))] : []),
        // Passing the old bridge lets a removed `bridge` detach the host-side end.
        ...(now.cable ? vethPair.plan.update({ ...now.cable, peerMaster: olds.bridge }, cablePart(news)) : []),
        ...removed.map((cidr) => deleteAddress(news.name, news.interface, cidr)),
        ...news.addresses.flatMap((cidr) => (!now.addresses.includes(cidr) ? [addAddress(news.name, address(cidr))] : lost ? [replaceAddress(news.name, address(cidr))] : [])),
        ...(routeAfter && now.gateway === undefined ? route.plan.create(routeAfter) : []),
        ...(routeAfter && now.gateway !== undefined && (now.gateway !== routeAfter.gateway || lost) ? [replaceRoute(news.name, routeSpec(routeAfter))] : []),
    ];
}
