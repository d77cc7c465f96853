import { allocateHostAddresses } from "../../examples/lab/allocate";

describe("allocateHostAddresses (examples/lab)", () => {
    test("the first usable addresses, with the prefix", () => {
        expect(allocateHostAddresses("10.10.0.0/24", 3)).toEqual(["10.10.0.1/24", "10.10.0.2/24", "10.10.0.3/24"]);
        expect(allocateHostAddresses("10.10.0.0/22", 300).slice(-1)).toEqual(["10.10.1.44/22"]);
        expect(allocateHostAddresses("192.168.0.0/30", 2)).toEqual(["192.168.0.1/30", "192.168.0.2/30"]);
    });

    test.each([
        ["10.10.0.0/24", 255, /254 usable addresses, 255 asked for/],
        ["10.10.0.1/24", 1, /host bits set/],
        ["10.10.0.0/31", 1, /prefix from 1 to 30/],
        ["fd00::/64", 1, /not an IPv4 network/],
        ["10.10.0.0", 1, /not an IPv4 network/],
    ])("%s for %d hosts is refused", (cidr, count, message) => {
        expect(() => allocateHostAddresses(cidr, count)).toThrow(message);
    });
});
