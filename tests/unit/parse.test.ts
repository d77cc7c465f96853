import * as fs from "fs";
import * as path from "path";
import { parseBatchAnswers } from "../../provider/parse/batch";
import { parseLinks } from "../../provider/parse/link";

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures", name), "utf8"));

describe("parseLinks (fixtures captured from `ip -d -j link show` on this kernel)", () => {
    test("a namespace's loopback and a marked veth end", () => {
        const [lo, veth] = parseLinks(fixture("ip-link-veth-namespace.json"));
        expect(lo).toMatchObject({ name: "lo", up: false, operstate: "DOWN", mtu: 65536 });
        expect(lo.kind).toBeUndefined();
        expect(veth).toMatchObject({ name: "va", kind: "veth", up: true, mtu: 1500, alias: "managed-by=pulumi-linuxnet", peerIfindex: 3 });
        expect(veth.mac).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    });

    test("a bridge with its settings in seconds, and a port with its master", () => {
        const links = parseLinks(fixture("ip-link-bridge-with-port.json"));
        const bridge = links.find((l) => l.name === "br0")!;
        const port = links.find((l) => l.name === "vb")!;
        expect(bridge).toMatchObject({ kind: "bridge", bridge: { stp: false, vlanFiltering: false, forwardDelay: 15, ageingTime: 300 } });
        expect(port).toMatchObject({ kind: "veth", master: "br0" });
    });

    test("rejects output that is not a list", () => {
        expect(() => parseLinks({ error: "x" })).toThrow(/unexpected/);
    });
});

describe("ip -j -batch answers", () => {
    test("one JSON list per show line, in order; writes print nothing", () => {
        expect(parseBatchAnswers('[{"ifname":"lo"}]\n[]\n', 2)).toEqual([[{ ifname: "lo" }], []]);
        expect(parseBatchAnswers('\n[{"dst":"default"}]\n', 1)).toEqual([[{ dst: "default" }]]);
    });

    test("anything else is an error that shows the output", () => {
        expect(() => parseBatchAnswers("[]\n", 2)).toThrow(/2 JSON lists expected.*"\[\]\\n"/);
        expect(() => parseBatchAnswers("[]\n[]\n", 1)).toThrow(/1 JSON list expected/);
        expect(() => parseBatchAnswers("Warning: something\n", 1)).toThrow(/Warning: something/);
        expect(() => parseBatchAnswers('{"a":1}\n', 1)).toThrow(/JSON list expected/);
    });
});
