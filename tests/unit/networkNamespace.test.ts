import { checkInputs, toDynamicProvider } from "../../provider/framework/implementation";
import { networkNamespace } from "../../provider/resources/networkNamespace";
import { UNKNOWN_VALUE } from "../../provider/validate/fields";

describe("NetworkNamespace check", () => {
    test("applies defaults", () => {
        expect(checkInputs(networkNamespace, { name: "ns1" })).toEqual({
            inputs: { name: "ns1", loopbackUp: true, adopt: false },
            failures: [],
        });
    });

    test.each([
        [{}, "name", "name is required"],
        [{ name: "" }, "name", 'name "" is not a valid namespace name'],
        [{ name: "$(reboot)" }, "name", 'name "$(reboot)" is not a valid namespace name'],
        [{ name: "a;b" }, "name", 'name "a;b" is not a valid namespace name'],
        [{ name: "../etc" }, "name", 'name "../etc" is not a valid namespace name'],
        [{ name: "-n" }, "name", 'name "-n" is not a valid namespace name'],
        [{ name: "x".repeat(65) }, "name", "is not a valid namespace name"],
        [{ name: "ns1", loopbackUp: "yes" }, "loopbackUp", 'loopbackUp "yes" must be true or false'],
        [{ name: "ns1", colour: "red" }, "colour", "colour is not a known property"],
    ])("%j fails on %s", (news, property, reason) => {
        const { failures } = checkInputs(networkNamespace, news as Record<string, unknown>);
        expect(failures).toHaveLength(1);
        expect(failures[0].property).toBe(property);
        expect(failures[0].reason).toContain(reason);
    });

    test("values unknown during preview pass, and are checked again in create", async () => {
        expect(checkInputs(networkNamespace, { name: UNKNOWN_VALUE }).failures).toEqual([]);
        const provider = toDynamicProvider(networkNamespace, async () => {
            throw new Error("the kernel must not be touched");
        });
        await expect(provider.create({ name: "bad name" })).rejects.toThrow('invalid network namespace inputs: name "bad name" is not a valid namespace name');
    });
});

describe("NetworkNamespace diff", () => {
    const provider = toDynamicProvider(networkNamespace, async () => "");
    const state = { name: "ns1", loopbackUp: true, adopt: false, inode: 4026532246, managed: true };
    test.each([
        ["unchanged", { name: "ns1", loopbackUp: true, adopt: false }, { changes: false, replaces: [] }],
        ["loopback down is an update", { name: "ns1", loopbackUp: false, adopt: false }, { changes: true, replaces: [] }],
        ["a new name replaces, deleting first", { name: "ns2", loopbackUp: true, adopt: false }, { changes: true, replaces: ["name"], deleteBeforeReplace: true }],
    ])("%s", async (_title, news, expected) => {
        expect(await provider.diff!("ns1", state, news)).toMatchObject(expected);
    });
});
