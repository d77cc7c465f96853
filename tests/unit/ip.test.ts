import { parseCidr, parseIp } from "../../provider/validate/ip";

describe("parseIp", () => {
    test.each([
        ["192.168.1.10", 4, "192.168.1.10"],
        ["0.0.0.0", 4, "0.0.0.0"],
        ["FD00::11", 6, "fd00::11"],
        ["fd00:0:0:0:0:0:0:11", 6, "fd00::11"],
        ["2001:db8:0:0:1:0:0:1", 6, "2001:db8::1:0:0:1"],
        ["::", 6, "::"],
        ["::1", 6, "::1"],
        ["::ffff:192.0.2.1", 6, "::ffff:c000:201"],
        ["fe80:0:0:0:1:0:0:0", 6, "fe80::1:0:0:0"],
        ["1:0:0:2:0:0:0:3", 6, "1:0:0:2::3"],
    ])("%s is IPv%d %s", (text, family, canonical) => {
        expect(parseIp(text)).toMatchObject({ family, text: canonical });
    });

    test.each(["", "192.168.1", "192.168.1.256", "192.168.01.1", "1.2.3.4.5", "fd00:::1", "1::2::3", "fd00::g", "12345::", " 1.2.3.4", "1:2:3:4:5:6:7:8:9", "$(reboot)"])(
        "%j is rejected",
        (text) => {
            expect(parseIp(text)).toBeUndefined();
        },
    );
});

describe("parseCidr", () => {
    test("keeps host bits and knows the network", () => {
        expect(parseCidr("192.168.1.11/24")).toMatchObject({ cidr: "192.168.1.11/24", network: "192.168.1.0/24", isNetwork: false, prefix: 24 });
        expect(parseCidr("192.168.1.0/24")).toMatchObject({ isNetwork: true });
        expect(parseCidr("FD00::11/64")).toMatchObject({ cidr: "fd00::11/64", network: "fd00::/64" });
        expect(parseCidr("10.1.2.3/0")).toMatchObject({ network: "0.0.0.0/0" });
        expect(parseCidr("10.1.2.3/9")).toMatchObject({ network: "10.0.0.0/9" });
    });

    test.each(["192.168.1.0", "192.168.1.0/33", "192.168.1.0/-1", "192.168.1.0/024", "fd00::/129", "192.168.1.0/24/1", "/24", "192.168.1.0/"])(
        "%j is rejected",
        (text) => {
            expect(parseCidr(text)).toBeUndefined();
        },
    );
});
