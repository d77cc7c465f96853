/**
 * Diff decisions for every resource, table-driven: old state and new (checked) inputs in, the
 * engine's answer out. An unchanged program must give an empty diff; identity fields replace,
 * deleting first; the rest update in place.
 */
import { providers } from "../../provider";

interface Case {
    title: string;
    resource: string;
    olds: Record<string, unknown>;
    news: Record<string, unknown>;
    changes: boolean;
    replaces?: string[];
}

const veth = { name: "veth1", peerName: "br-veth1", namespace: "ns1", peerNamespace: "host", up: true, peerUp: true, peerMaster: "br1", adopt: false };
const vethState = { ...veth, ifindex: 2, peerIfindex: 7, macAddress: "02:00:00:00:00:01", peerMacAddress: "02:00:00:00:00:02" };
const bridge = { name: "br1", namespace: "host", up: true, adopt: false };
const address = { device: "veth1", address: "fd00::11/64", namespace: "ns1", duplicateAddressDetection: false, adopt: false };
const route = { destination: "default", gateway: "192.168.1.10", namespace: "ns1", table: 254, adopt: false };
const rule = { source: "192.168.1.0/24", namespace: "host", adopt: false };
const host = { name: "h1", namespace: "host", interface: "eth0", hostInterface: "lab1", bridge: "br1", addresses: ["10.0.0.2/24"], gateway: "10.0.0.1", up: true, loopbackUp: true, adopt: false };
const hostState = { ...host, inode: 4026532246, ifindex: 2, macAddress: "02:00:00:00:00:01", hostIfindex: 9, hostMacAddress: "02:00:00:00:00:02" };

const cases: Case[] = [
    { title: "unchanged veth pair (state carries kernel outputs)", resource: "VethPair", olds: vethState, news: veth, changes: false },
    { title: "veth MAC in another case is the same MAC", resource: "VethPair", olds: { ...vethState, mac: "02:aa:00:00:00:01" }, news: { ...veth, mac: "02:AA:00:00:00:01" }, changes: false },
    { title: "veth MTU changes in place", resource: "VethPair", olds: vethState, news: { ...veth, mtu: 1400 }, changes: true, replaces: [] },
    { title: "veth moves to another bridge in place", resource: "VethPair", olds: vethState, news: { ...veth, peerMaster: "br2" }, changes: true, replaces: [] },
    { title: "removing peerMaster detaches, in place", resource: "VethPair", olds: vethState, news: { ...veth, peerMaster: undefined }, changes: true, replaces: [] },
    { title: "veth renamed: replace", resource: "VethPair", olds: vethState, news: { ...veth, name: "veth9" }, changes: true, replaces: ["name"] },
    { title: "veth end moved to another namespace: replace", resource: "VethPair", olds: vethState, news: { ...veth, namespace: "ns2" }, changes: true, replaces: ["namespace"] },
    { title: "unchanged bridge", resource: "Bridge", olds: { ...bridge, ifindex: 3, macAddress: "x" }, news: bridge, changes: false },
    { title: "bridge STP in place", resource: "Bridge", olds: bridge, news: { ...bridge, stp: true }, changes: true, replaces: [] },
    { title: "bridge in another namespace: replace", resource: "Bridge", olds: bridge, news: { ...bridge, namespace: "other" }, changes: true, replaces: ["namespace"] },
    { title: "IPv6 address written differently is the same", resource: "Address", olds: address, news: { ...address, address: "FD00:0:0::11/64" }, changes: false },
    { title: "address lifetime in place", resource: "Address", olds: address, news: { ...address, validLifetime: 60 }, changes: true, replaces: [] },
    { title: "another address: replace", resource: "Address", olds: address, news: { ...address, address: "fd00::12/64" }, changes: true, replaces: ["address"] },
    { title: "route table named main is table 254", resource: "Route", olds: route, news: { ...route, table: "main" }, changes: false },
    { title: "route gateway in place", resource: "Route", olds: route, news: { ...route, gateway: "192.168.1.1" }, changes: true, replaces: [] },
    { title: "route metric: replace", resource: "Route", olds: route, news: { ...route, metric: 10 }, changes: true, replaces: ["metric"] },
    { title: "rule comment in place", resource: "MasqueradeRule", olds: rule, news: { ...rule, comment: "lab" }, changes: true, replaces: [] },
    { title: "rule source: replace", resource: "MasqueradeRule", olds: rule, news: { ...rule, source: "192.168.2.0/24" }, changes: true, replaces: ["source"] },
    { title: "forwarding ipv6 in place", resource: "IpForwarding", olds: { ipv4: true, ipv6: false, previousIpv4: false, previousIpv6: false }, news: { ipv4: true, ipv6: true }, changes: true, replaces: [] },
    { title: "bridge port moves in place", resource: "BridgePort", olds: { device: "tap0", bridge: "br1" }, news: { device: "tap0", bridge: "br2" }, changes: true, replaces: [] },
    { title: "unchanged namespace host (state carries kernel outputs)", resource: "NamespaceHost", olds: hostState, news: host, changes: false },
    { title: "host address written differently is the same", resource: "NamespaceHost", olds: { ...hostState, addresses: ["fd00::2/64"], gateway: "fd00::1" }, news: { ...host, addresses: ["FD00:0::2/64"], gateway: "FD00::1" }, changes: false },
    { title: "host addresses, gateway, bridge and mtu in place", resource: "NamespaceHost", olds: hostState, news: { ...host, addresses: ["10.0.0.2/24", "10.0.1.2/24"], gateway: "10.0.0.9", bridge: "br2", mtu: 1400 }, changes: true, replaces: [] },
    { title: "removing the gateway removes the route, in place", resource: "NamespaceHost", olds: hostState, news: { ...host, gateway: undefined }, changes: true, replaces: [] },
    { title: "host renamed: replace", resource: "NamespaceHost", olds: hostState, news: { ...host, name: "h2" }, changes: true, replaces: ["name"] },
    { title: "host-side end renamed: replace", resource: "NamespaceHost", olds: hostState, news: { ...host, hostInterface: "lab9" }, changes: true, replaces: ["hostInterface"] },
];

describe.each(cases)("$resource: $title", ({ resource, olds, news, changes, replaces }) => {
    test("diff", async () => {
        const provider = providers[resource];
        const checked = await provider.check!({}, news);
        expect(checked.failures).toEqual([]);
        const result = await provider.diff!("id", olds, checked.inputs);
        expect(result.changes).toBe(changes);
        if (changes) {
            expect(result.replaces).toEqual(replaces);
            expect(result.deleteBeforeReplace).toBe(true);
        }
    });
});
