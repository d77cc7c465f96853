import { addBridge, addVeth, deleteLink, setBridgeOptions, setLink, showLink } from "../../provider/commands/link";
import { commandsOf, inNamespace, ipArgv, ipBatch } from "../../provider/commands/ip";
import { addNamespace, deleteNamespace } from "../../provider/commands/netns";
import { addRoute, addRouteViaGateway } from "../../provider/commands/route";
import { withoutReadOptions, writesOf } from "../../tools/plan/commands";

describe("namespace targeting", () => {
    test("ip commands use -n, other tools run under ip netns exec", () => {
        expect(ipArgv("ns1", "link", "show")).toEqual(["ip", "-n", "ns1", "link", "show"]);
        expect(ipArgv(undefined, "link", "show")).toEqual(["ip", "link", "show"]);
        expect(inNamespace("host", ["iptables", "-w", "-S"])).toEqual(["ip", "netns", "exec", "host", "iptables", "-w", "-S"]);
        expect(inNamespace(undefined, ["iptables", "-w", "-S"])).toEqual(["iptables", "-w", "-S"]);
    });
});

describe("ip -batch", () => {
    test("commands for one namespace become lines of one process", () => {
        expect(ipBatch("h1", [["ip", "-n", "h1", "link", "set", "dev", "lo", "up"], ["ip", "-n", "h1", "route", "add", "default", "via", "10.0.0.1"]])).toEqual({
            argv: ["ip", "-n", "h1", "-batch", "-"],
            input: "link set dev lo up\nroute add default via 10.0.0.1\n",
        });
        expect(ipBatch(undefined, [["ip", "link", "set", "dev", "a", "up"]])).toEqual({ argv: ["ip", "-batch", "-"], input: "link set dev a up\n" });
    });

    test("a batch stands for its lines, each as its own ip command; anything else for itself", () => {
        const commands = [["ip", "-n", "h1", "link", "set", "dev", "lo", "up"], ["ip", "-n", "h1", "route", "add", "default", "via", "10.0.0.1"]];
        const batch = ipBatch("h1", commands);
        expect(commandsOf(batch.argv, batch.input)).toEqual(commands);
        expect(commandsOf(["ip", "netns", "add", "h1"])).toEqual([["ip", "netns", "add", "h1"]]);
    });

    test("a batch that also reads carries the read options for all its lines; a line may name only those", () => {
        const batch = ipBatch("h1", [["ip", "-n", "h1", "link", "set", "dev", "lo", "up"], ["ip", "-n", "h1", "-d", "-j", "addr", "show"]], ["-d", "-N", "-j"]);
        expect(batch).toEqual({ argv: ["ip", "-n", "h1", "-d", "-N", "-j", "-batch", "-"], input: "link set dev lo up\naddr show\n" });
        // Each line as the command it is: the process's options apply to it.
        expect(commandsOf(batch.argv, batch.input)).toEqual([["ip", "-n", "h1", "-d", "-N", "-j", "link", "set", "dev", "lo", "up"], ["ip", "-n", "h1", "-d", "-N", "-j", "addr", "show"]]);
        expect(writesOf(batch.argv, batch.input)).toEqual([["ip", "-n", "h1", "link", "set", "dev", "lo", "up"]]);
        expect(() => ipBatch("h1", [["ip", "-n", "h1", "-N", "-j", "-4", "route", "show"]], ["-N", "-j"])).toThrow(/cannot carry the option -4/);
        expect(() => ipBatch("h1", [["ip", "-n", "h1", "-d"]], ["-d"])).toThrow(/has no command/);
    });

    test("refuses commands for another namespace and arguments a batch line would split or misread", () => {
        expect(() => ipBatch("h1", [["ip", "-n", "h2", "link", "show"]])).toThrow(/not an ip command for namespace "h1"/);
        expect(() => ipBatch("h1", [["iptables", "-S"]])).toThrow(/not an ip command/);
        expect(() => ipBatch(undefined, [["ip", "-n", "h1", "link", "show"]])).toThrow(/cannot carry the option -n/);
        expect(() => ipBatch("h1", [["ip", "-n", "h1", "-4", "route", "add", "default", "via", "10.0.0.1"]])).toThrow(/cannot carry the option -4/);
        for (const bad of ["two words", "a#comment", "quo\"te", "it's", "back\\slash", "", "new\nline"]) {
            expect(() => ipBatch("h1", [["ip", "-n", "h1", "link", "set", "dev", "a", "alias", bad]])).toThrow(/cannot be passed through a batch line/);
        }
    });
});

describe("namespace argv", () => {
    test("add and delete", () => {
        expect(addNamespace("ns1")).toEqual(["ip", "netns", "add", "ns1"]);
        expect(deleteNamespace("ns1")).toEqual(["ip", "netns", "delete", "ns1"]);
    });
});

describe("link argv", () => {
    test("show one link with details as JSON", () => {
        expect(showLink("ns1", "veth1")).toEqual(["ip", "-n", "ns1", "-d", "-j", "link", "show", "dev", "veth1"]);
    });

    test("a veth pair is created with both ends in place, in one call", () => {
        expect(addVeth({ name: "veth1", namespace: "ns1", mtu: 1400 }, { name: "br-veth1", namespace: "host", mac: "02:00:00:00:00:01" })).toEqual([
            "ip", "link", "add", "name", "veth1", "netns", "ns1", "mtu", "1400",
            "type", "veth", "peer", "name", "br-veth1", "netns", "host", "address", "02:00:00:00:00:01",
        ]);
        expect(addVeth({ name: "a" }, { name: "b" })).toEqual(["ip", "link", "add", "name", "a", "type", "veth", "peer", "name", "b"]);
    });

    test("bridge options convert seconds to the kernel's centiseconds", () => {
        expect(addBridge("host", "br1", { stp: true, forwardDelay: 4, ageingTime: 300, vlanFiltering: false })).toEqual([
            "ip", "-n", "host", "link", "add", "name", "br1", "type", "bridge",
            "stp_state", "1", "vlan_filtering", "0", "forward_delay", "400", "ageing_time", "30000",
        ]);
        expect(setBridgeOptions(undefined, "br1", { stp: false })).toEqual(["ip", "link", "set", "dev", "br1", "type", "bridge", "stp_state", "0"]);
        expect(setBridgeOptions(undefined, "br1", {})).toBeUndefined();
    });

    test("every link setting in one process, up last", () => {
        expect(setLink("ns1", "veth1", { up: true, mtu: 9000, master: "br1", alias: "x", mac: "02:00:00:00:00:02" })).toEqual([
            "ip", "-n", "ns1", "link", "set", "dev", "veth1", "mtu", "9000", "address", "02:00:00:00:00:02", "master", "br1", "alias", "x", "up",
        ]);
        expect(setLink(undefined, "veth1", { master: null, up: false })).toEqual(["ip", "link", "set", "dev", "veth1", "nomaster", "down"]);
        expect(setLink(undefined, "veth1", {})).toBeUndefined();
    });

    test("delete", () => {
        expect(deleteLink("ns1", "veth1")).toEqual(["ip", "-n", "ns1", "link", "delete", "dev", "veth1"]);
    });
});

describe("route argv", () => {
    const spec = { family: 6 as const, destination: "default", table: 254, gateway: "fd00::1", protocol: 241 };

    test("a route names its family; a batch line leaves it to the gateway", () => {
        expect(addRoute("h1", spec)).toEqual(["ip", "-n", "h1", "-6", "route", "add", "default", "via", "fd00::1", "proto", "241"]);
        expect(addRouteViaGateway("h1", { ...spec, table: 100, metric: 5 })).toEqual(["ip", "-n", "h1", "route", "add", "default", "table", "100", "metric", "5", "via", "fd00::1", "proto", "241"]);
        expect(() => addRouteViaGateway("h1", { ...spec, gateway: undefined, device: "eth0" })).toThrow(/no gateway to tell its family/);
    });
});

describe("writes as a reviewer reads them", () => {
    test("read options dropped, anything else kept", () => {
        expect(withoutReadOptions(["ip", "-n", "h1", "-d", "-N", "-j", "addr", "add", "10.0.0.2/24", "dev", "eth0"])).toEqual(["ip", "-n", "h1", "addr", "add", "10.0.0.2/24", "dev", "eth0"]);
        expect(withoutReadOptions(["ip", "-j", "link", "set", "dev", "a", "up"])).toEqual(["ip", "link", "set", "dev", "a", "up"]);
        expect(withoutReadOptions(["ip", "-6", "route", "replace", "default", "via", "fe80::1"])).toEqual(["ip", "-6", "route", "replace", "default", "via", "fe80::1"]);
        expect(withoutReadOptions(["iptables", "-w", "-t", "nat", "-A", "POSTROUTING"])).toEqual(["iptables", "-w", "-t", "nat", "-A", "POSTROUTING"]);
    });
});
