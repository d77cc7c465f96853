import * as fs from "fs";
import * as path from "path";
import { parseAddresses } from "../../provider/parse/address";
import { parseRules, splitRuleLine } from "../../provider/parse/iptables";
import { canonicalDestination, parseRoutes } from "../../provider/parse/route";
import { parseSwitches } from "../../provider/parse/sysctl";

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, "../fixtures", name), "utf8");

describe("parseAddresses (fixture from `ip -j addr show` on this kernel)", () => {
    const addresses = parseAddresses(JSON.parse(fixture("ip-addr-dual-stack.json")));
    test("IPv4 and IPv6 addresses with canonical CIDRs, lifetimes and scope", () => {
        expect(addresses.find((a) => a.address === "192.168.1.11/24")).toMatchObject({ device: "va", family: "inet", prefix: 24, scope: "global", label: "va", validLifetime: "forever" });
        expect(addresses.find((a) => a.address === "fd00::11/64")).toMatchObject({ family: "inet6", scope: "global", tentative: false });
        expect(addresses.filter((a) => a.scope === "link")).toHaveLength(1);
    });
});

describe("parseRoutes (fixtures from `ip -N -j route show table all`)", () => {
    test("IPv4: our default route with its numeric protocol, the kernel's connected and local routes", () => {
        const routes = parseRoutes(JSON.parse(fixture("ip-route-table-all.json")));
        expect(routes.find((r) => r.destination === "default")).toMatchObject({ gateway: "192.168.1.10", device: "va", protocol: 250, metric: 10, type: "unicast" });
        expect(routes.find((r) => r.destination === "192.168.1.0/24")).toMatchObject({ protocol: 2, scope: 253, source: "192.168.1.11" });
        expect(routes.find((r) => r.destination === "192.168.1.11/32")).toMatchObject({ type: "local" });
    });

    test("IPv6 routes carry the kernel's default metric", () => {
        const routes = parseRoutes(JSON.parse(fixture("ip-route6-table-all.json")));
        expect(routes.find((r) => r.destination === "fd00::/64")).toMatchObject({ metric: 256, protocol: 2 });
    });

    test.each([
        ["default", "default"],
        ["0.0.0.0/0", "default"],
        ["10.0.0.1", "10.0.0.1/32"],
        ["FD00::1", "fd00::1/128"],
        ["10.0.0.0/8", "10.0.0.0/8"],
    ])("destination %s reads as %s", (dst, expected) => {
        expect(canonicalDestination(dst)).toBe(expected);
    });
});

describe("parseRules (fixture from `iptables -S`)", () => {
    test("keeps -A rules, unquotes the comment, skips the policy", () => {
        expect(parseRules(fixture("iptables-nat-postrouting.txt"))).toEqual([
            { chain: "POSTROUTING", spec: ["-s", "192.168.1.0/24", "!", "-o", "br0", "-m", "comment", "--comment", "pulumi-linuxnet:abc", "-j", "MASQUERADE"] },
        ]);
    });

    test("splits quoted words with spaces and escapes", () => {
        expect(splitRuleLine('-A X -m comment --comment "managed-by=pulumi-linuxnet lab nat" -j MASQUERADE')).toEqual([
            "-A", "X", "-m", "comment", "--comment", "managed-by=pulumi-linuxnet lab nat", "-j", "MASQUERADE",
        ]);
        expect(splitRuleLine('--comment "a \\"b\\""')).toEqual(["--comment", 'a "b"']);
        expect(() => splitRuleLine('--comment "open')).toThrow(/unterminated/);
    });
});

describe("parseSwitches", () => {
    test("one boolean per line", () => {
        expect(parseSwitches("1\n0\n", 2)).toEqual([true, false]);
        expect(() => parseSwitches("1\n", 2)).toThrow(/unexpected sysctl output/);
    });
});
