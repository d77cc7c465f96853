/**
 * The package on distribution kernels and userlands (`npm run test:hosts`, not part of `npm
 * test`): on a guest of each Debian suite (LINUXNET_TEST_SUITES, default bullseye,bookworm,trixie)
 * the walkthrough's objects built over SSH by the same implementations as everywhere, read back as
 * made, deleted to nothing; and what this machine's kernel cannot do — a bridge with VLAN
 * filtering — done there, with `bridge -j vlan show` and `ip -d -j link` of each version captured.
 */
import * as fs from "fs";
import * as path from "path";
import { providers } from "../../provider";
import { Runner } from "../../provider/exec/run";
import { closeAllSessions, remoteRunner } from "../../provider/exec/ssh";
import { BaseInputs } from "../../provider/framework/implementation";
import { resourceType } from "../../provider/registry";
import { Guest, Suite, bootGuest } from "../helpers/guests";
import { useSandbox } from "../helpers/sandbox";

const sandbox = useSandbox();
/** Where each suite's versions go, for scripts/test-hosts.sh's table. */
const HOSTS_DIR = path.resolve(__dirname, "../.work/hosts");
const suites = (process.env.LINUXNET_TEST_SUITES ?? "bullseye,bookworm,trixie").split(",").filter(Boolean) as Suite[];

async function create(run: Runner, type: string, args: Record<string, unknown>) {
    const { inputs, failures } = await providers[type].check!({}, args);
    if (failures?.length) throw new Error(failures.map((f) => f.reason).join("; "));
    return (await resourceType(type).create(run, inputs)).outs as BaseInputs & Record<string, unknown>;
}

describe.each(suites)("%s guest", (suite) => {
    let guest: Guest;
    let run: Runner;
    beforeAll(async () => {
        guest = await bootGuest(sandbox, suite);
        process.env.LINUXNET_SSH_PREFIX = `ip netns exec ${guest.workstation}`;
        run = remoteRunner(guest.connection);
        // What this suite runs, for the table test:hosts prints.
        const versions = await guest.ssh("uname -r; ip -V; iptables -V; nft -v; ssh -V 2>&1");
        fs.mkdirSync(HOSTS_DIR, { recursive: true });
        fs.writeFileSync(path.join(HOSTS_DIR, `${suite}.txt`), versions);
    });
    afterAll(async () => {
        closeAllSessions();
        delete process.env.LINUXNET_SSH_PREFIX;
        await guest?.stop();
    });

    test("the walkthrough's objects: made, read back as made, deleted to nothing", async () => {
        const ns = await create(run, "NetworkNamespace", { name: "ns1" });
        const br = await create(run, "Bridge", { name: "br1", mtu: 1400 });
        const veth = await create(run, "VethPair", { name: "veth1", namespace: "ns1", peerName: "br-veth1", peerMaster: "br1", mtu: 1400 });
        const brAddress = await create(run, "Address", { device: "br1", address: "192.168.1.10/24" });
        const address = await create(run, "Address", { namespace: "ns1", device: "veth1", address: "192.168.1.11/24" });
        const route = await create(run, "Route", { namespace: "ns1", destination: "default", gateway: "192.168.1.10" });
        const nat = await create(run, "MasqueradeRule", { source: "192.168.1.0/24" });
        const forwarding = await create(run, "IpForwarding", {});
        expect(await guest.ssh("ip netns exec ns1 ping -c 1 -W 2 192.168.1.10")).toContain("1 received");
        const made = [["NetworkNamespace", ns], ["Bridge", br], ["VethPair", veth], ["Address", brAddress], ["Address", address], ["Route", route], ["MasqueradeRule", nat], ["IpForwarding", forwarding]] as const;
        for (const [type, state] of made) expect({ type, read: await resourceType(type).read(run, state) }).toEqual({ type, read: state });
        for (const [type, state] of [...made].reverse()) await resourceType(type).delete(run, state);
        expect(await guest.ssh("ip netns list; ip -o link show type bridge; iptables -w -t nat -S POSTROUTING | grep -c pulumi-linuxnet || true")).toBe("0\n");
    });

    test("a bridge with VLAN filtering: made, its ports' VLANs as the kernel shows them, turned off in place", async () => {
        const br = await create(run, "Bridge", { name: "br10", vlanFiltering: true });
        expect(br.vlanFiltering).toBe(true);
        await guest.ssh("ip link add p10 type veth peer name p11 && ip link set p10 master br10 && bridge vlan add dev p10 vid 10 pvid untagged && ip link add link p11 name p11.10 type vlan id 10");
        const vlans = JSON.parse(await guest.ssh("bridge -j vlan show dev p10")) as { ifname: string; vlans: { vlan: number; flags?: string[] }[] }[];
        expect(vlans[0].vlans).toEqual(expect.arrayContaining([{ vlan: 10, flags: ["PVID", "Egress Untagged"] }]));
        expect(JSON.parse(await guest.ssh("ip -d -j link show dev p11.10"))[0].linkinfo).toMatchObject({ info_kind: "vlan", info_data: { protocol: "802.1Q", id: 10 } });
        const off = (await resourceType("Bridge").update(run, br, { ...br, vlanFiltering: false } as BaseInputs, ["vlanFiltering"])) as Record<string, unknown>;
        expect(off.vlanFiltering).toBe(false);
        await guest.ssh("ip link delete p10");
        await resourceType("Bridge").delete(run, off);
        expect(await guest.ssh("ip -o link show type bridge")).toBe("");
    });
});
