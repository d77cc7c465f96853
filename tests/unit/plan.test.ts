/**
 * The plan a reviewer reads is what the provider runs: for every resource type and every
 * operation, the type's `plan` equals the writes its own operation makes when the kernel holds
 * what the state says (tests/helpers/believedKernel.ts answers the reads, records the writes).
 * No root: nothing runs.
 */
import * as files from "../../provider/exec/files";
import { UndoFailedError } from "../../provider/exec/intents";
import type { LinkState } from "../../provider/parse/link";
import { AnyResourceType, resourceType, resourceTypes, typeToken } from "../../provider/registry";
import { OWNER_MARK } from "../../provider/framework/ownership";
import { checkInputs } from "../../provider/framework/implementation";
import { isKernelWrite, planStep } from "../../tools/plan";
import { BelievedKernel, Verified, recordingRunner } from "../helpers/believedKernel";

type Props = Record<string, unknown>;

/** Namespaces the believed kernel has (their /run/netns files), for the reads that need no process. */
let namespaces: string[] = [];
let recorder: ReturnType<typeof recordingRunner> | undefined;
beforeEach(() => {
    namespaces = [];
    jest.spyOn(files, "namespaceInode").mockImplementation(async (_run, name) => {
        const inode = namespaces.includes(name) ? 4026532100 + namespaces.indexOf(name) : undefined;
        return recorder ? recorder.read(inode) : inode;
    });
});
afterEach(() => jest.restoreAllMocks());

const link = (namespace: string | undefined, name: string, extra: Partial<LinkState> = {}): LinkState & { namespace?: string } => ({
    namespace, ifindex: 7, name, kind: "veth", mtu: 1500, mac: "02:00:00:00:00:07", operstate: "UP", up: true, alias: OWNER_MARK, ...extra,
});

interface Case {
    /** The program's inputs (before check). */
    inputs: Props;
    /** For update: the new inputs (before check). */
    news?: Props;
    /** More updates from the same state, each planned and run on its own. */
    moreNews?: Props[];
    /** What the operation's read-back would add to the inputs: the state's outputs. */
    outputs: Props;
    /** The kernel as the state says it is, besides the object itself (its bridge, say). */
    around?: BelievedKernel & { namespaces?: string[] };
    /** What else the kernel has before a create, beside `around` (the device a port attaches). */
    beforeCreate?: BelievedKernel & { namespaces?: string[] };
    /** The object itself in the kernel, as the state says it is (for update and delete). */
    itself: BelievedKernel & { namespaces?: string[] };
}

const cases: Record<string, Case> = {
    NetworkNamespace: {
        inputs: { name: "ns1" },
        news: { name: "ns1", loopbackUp: false },
        outputs: { inode: 4026532100, managed: true },
        itself: { namespaces: ["ns1"], links: [link("ns1", "lo", { kind: undefined })] },
    },
    VethPair: {
        inputs: { name: "veth1", namespace: "ns1", peerName: "br-veth1", peerNamespace: "host", peerMaster: "br1" },
        news: { name: "veth1", namespace: "ns1", peerName: "br-veth1", peerNamespace: "host", mtu: 1400, up: false },
        outputs: { ifindex: 7, peerIfindex: 8, macAddress: "02:00:00:00:00:07", peerMacAddress: "02:00:00:00:00:08" },
        itself: { links: [link("ns1", "veth1"), link("host", "br-veth1", { ifindex: 8, mac: "02:00:00:00:00:08", master: "br1" })] },
    },
    Bridge: {
        inputs: { name: "br1", namespace: "host", stp: false },
        news: { name: "br1", namespace: "host", stp: true, mtu: 1400, forwardDelay: 2 },
        outputs: { ifindex: 3, macAddress: "02:00:00:00:00:03" },
        itself: { links: [link("host", "br1", { kind: "bridge", ifindex: 3, mac: "02:00:00:00:00:03", bridge: { stp: false, vlanFiltering: false, forwardDelay: 15, ageingTime: 300 } })] },
    },
    BridgePort: {
        inputs: { device: "tap0", bridge: "br1", namespace: "host", up: true },
        news: { device: "tap0", bridge: "br2", namespace: "host", up: true },
        outputs: { ifindex: 9 },
        around: { links: [link("host", "br1", { kind: "bridge" }), link("host", "br2", { kind: "bridge" })] },
        // Someone else's device, down until the port brings it up.
        beforeCreate: { links: [link("host", "tap0", { kind: "tun", ifindex: 9, alias: undefined, up: false })] },
        itself: { links: [link("host", "tap0", { kind: "tun", ifindex: 9, master: "br1", alias: undefined })] },
    },
    Address: {
        inputs: { device: "veth1", namespace: "ns1", address: "192.168.1.11/24" },
        news: { device: "veth1", namespace: "ns1", address: "192.168.1.11/24", validLifetime: 7200 },
        outputs: { family: "inet", prefix: 24, scope: "global" },
        around: { links: [link("ns1", "veth1")] },
        itself: { addresses: [{ namespace: "ns1", device: "veth1", cidr: "192.168.1.11/24" }] },
    },
    Route: {
        inputs: { namespace: "ns1", destination: "default", gateway: "192.168.1.10" },
        news: { namespace: "ns1", destination: "default", gateway: "192.168.1.1" },
        outputs: { route: "default via 192.168.1.10 dev veth1 proto 241" },
        itself: { routes: [{ namespace: "ns1", family: 4, table: 254, dst: "default", gateway: "192.168.1.10", dev: "veth1" }] },
    },
    MasqueradeRule: {
        inputs: { namespace: "host", source: "192.168.1.0/24", comment: "lab" },
        news: { namespace: "host", source: "192.168.1.0/24", comment: "lab, renamed" },
        outputs: { rule: '-A POSTROUTING -s 192.168.1.0/24 -m comment --comment "managed-by=pulumi-linuxnet lab" -j MASQUERADE' },
        itself: { rules: [{ namespace: "host", family: 4, line: '-A POSTROUTING -s 192.168.1.0/24 -m comment --comment "managed-by=pulumi-linuxnet lab" -j MASQUERADE' }] },
    },
    IpForwarding: {
        inputs: { namespace: "host" },
        news: { namespace: "host", ipv6: true },
        outputs: { previousIpv4: false, previousIpv6: false },
        around: { sysctls: { host: { "net.ipv4.ip_forward": "0", "net.ipv6.conf.all.forwarding": "0" } } },
        itself: { sysctls: { host: { "net.ipv4.ip_forward": "1", "net.ipv6.conf.all.forwarding": "0" } } },
    },
    TapDevice: {
        inputs: { name: "tap-vm1", namespace: "host", user: "1000", vnetHdr: true, master: "br0" },
        news: { name: "tap-vm1", namespace: "host", user: "1000", vnetHdr: true, master: "br1", mtu: 9000, mac: "02:00:00:00:00:51" },
        moreNews: [{ name: "tap-vm1", namespace: "host", user: "1000", vnetHdr: true, up: false }],
        outputs: { ifindex: 5, macAddress: "02:00:00:00:00:50" },
        around: { links: [link("host", "br0", { kind: "bridge" }), link("host", "br1", { kind: "bridge" })] },
        itself: { links: [link("host", "tap-vm1", { kind: "tun", ifindex: 5, mac: "02:00:00:00:00:50", master: "br0", tun: { mode: "tap", multiQueue: false, vnetHdr: true, persist: true } })] },
    },
    Macvlan: {
        inputs: { name: "mv0", parent: "uplink", parentNamespace: "host", namespace: "ns1" },
        news: { name: "mv0", parent: "uplink", parentNamespace: "host", namespace: "ns1", mode: "private", mtu: 1400 },
        moreNews: [{ name: "mv0", parent: "uplink", parentNamespace: "host", namespace: "ns1", mode: "bridge", up: false }],
        outputs: { ifindex: 6, macAddress: "02:00:00:00:00:60" },
        around: { links: [link("host", "uplink")] },
        itself: { links: [link("ns1", "mv0", { kind: "macvlan", ifindex: 6, mac: "02:00:00:00:00:60", macvlanMode: "bridge" })] },
    },
    Vxlan: {
        inputs: { name: "vx42", namespace: "host", vni: 42, remote: "10.250.2.2", local: "10.250.1.2", master: "br0" },
        news: { name: "vx42", namespace: "host", vni: 42, remote: "10.250.2.2", local: "10.250.1.2", master: "br1", mtu: 1400 },
        moreNews: [{ name: "vx42", namespace: "host", vni: 42, remote: "10.250.2.2", local: "10.250.1.2", up: false }],
        outputs: { ifindex: 7, macAddress: "02:00:00:00:00:70" },
        around: { links: [link("host", "br0", { kind: "bridge" }), link("host", "br1", { kind: "bridge" })] },
        itself: { links: [link("host", "vx42", { kind: "vxlan", ifindex: 7, mac: "02:00:00:00:00:70", master: "br0", vxlan: { vni: 42, remote: "10.250.2.2", local: "10.250.1.2", dstport: 4789, learning: true } })] },
    },
    NamespaceHost: {
        inputs: { name: "h1", namespace: "host", hostInterface: "lab1", bridge: "br0", addresses: ["10.10.0.2/24"], gateway: "10.10.0.1" },
        news: { name: "h1", namespace: "host", hostInterface: "lab1", bridge: "br0", addresses: ["10.10.0.3/24"], gateway: "10.10.0.254", mtu: 1400, loopbackUp: false },
        // Off the bridge and without a default route.
        moreNews: [{ name: "h1", namespace: "host", hostInterface: "lab1", addresses: ["10.10.0.2/24"] }],
        outputs: { inode: 4026532100, ifindex: 2, macAddress: "02:00:00:00:00:02", hostIfindex: 12, hostMacAddress: "02:00:00:00:00:12" },
        around: { links: [link("host", "br0", { kind: "bridge" })] },
        itself: {
            namespaces: ["h1"],
            links: [link("h1", "lo", { kind: undefined }), link("h1", "eth0", { ifindex: 2, mac: "02:00:00:00:00:02", peerIfindex: 12 }), link("host", "lab1", { ifindex: 12, mac: "02:00:00:00:00:12", master: "br0", peerIfindex: 2 })],
            addresses: [{ namespace: "h1", device: "eth0", cidr: "10.10.0.2/24" }],
            routes: [{ namespace: "h1", family: 4, table: 254, dst: "default", gateway: "10.10.0.1", dev: "eth0" }],
        },
    },
};

function merge(...kernels: (BelievedKernel & { namespaces?: string[] })[]): BelievedKernel {
    namespaces = kernels.flatMap((k) => k.namespaces ?? []);
    return {
        links: kernels.flatMap((k) => k.links ?? []),
        addresses: kernels.flatMap((k) => k.addresses ?? []),
        routes: kernels.flatMap((k) => k.routes ?? []),
        rules: kernels.flatMap((k) => k.rules ?? []),
        sysctls: Object.assign({}, ...kernels.map((k) => k.sysctls ?? {})),
    };
}

const checked = (type: AnyResourceType, props: Props) => {
    const { inputs, failures } = checkInputs(type, props);
    if (failures.length) throw new Error(failures.map((f) => f.reason).join("; "));
    return inputs;
};

/** The writes the operation makes over the believed kernel, up to where it verifies its work. */
async function recorded(kernel: BelievedKernel, operation: (run: ReturnType<typeof recordingRunner>["run"]) => Promise<unknown>): Promise<string[][]> {
    const current = recordingRunner(kernel, isKernelWrite);
    recorder = current;
    try {
        await operation(current.run);
    } catch (err) {
        const verifying = err instanceof Verified || (err instanceof UndoFailedError && err.failure instanceof Verified);
        if (!verifying) throw err;
    } finally {
        recorder = undefined;
    }
    return current.writes;
}

test("every resource type has a case here", () => {
    expect(Object.keys(cases).sort()).toEqual([...resourceTypes().keys()].sort());
});

describe.each(Object.keys(cases))("%s: the plan is what the operation runs", (typeName) => {
    const type = resourceType(typeName);
    const c = cases[typeName];

    test("create, from a kernel without it", async () => {
        const inputs = checked(type, c.inputs);
        const ran = await recorded(merge(c.around ?? {}, c.beforeCreate ?? {}), (run) => type.create(run, inputs));
        expect(ran.length).toBeGreaterThan(0);
        expect(type.plan.create(inputs)).toEqual(ran);
    });

    test("update in place, from the kernel the state describes", async () => {
        const olds = { ...checked(type, c.inputs), ...c.outputs };
        for (const props of [c.news!, ...(c.moreNews ?? [])]) {
            const news = checked(type, props);
            const ran = await recorded(merge(c.around ?? {}, c.itself), (run) => type.update(run, olds, news, []));
            expect(ran.length).toBeGreaterThan(0);
            expect(type.plan.update(olds, news)).toEqual(ran);
        }
    });

    test("delete, from the kernel the state describes", async () => {
        const state = { ...checked(type, c.inputs), ...c.outputs };
        const ran = await recorded(merge(c.around ?? {}, c.itself), (run) => type.delete(run, state));
        expect(ran.length).toBeGreaterThan(0);
        expect(type.plan.delete(state)).toEqual(ran);
    });

    test("the plan tool shows the same for an engine step", () => {
        const olds = { ...checked(type, c.inputs), ...c.outputs };
        const step = planStep({ name: "subject", type: typeToken(typeName), op: "update", olds, news: c.news });
        expect(step.commands).toEqual(type.plan.update(olds, checked(type, c.news!)));
    });
});
