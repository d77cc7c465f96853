import { providers } from "../../provider";
import { runCommand } from "../../provider/exec/run";
import { toDynamicProvider } from "../../provider/framework/implementation";
import { networkNamespace } from "../../provider/resources/networkNamespace";
import { useSandbox } from "../helpers/sandbox";

const sandbox = useSandbox();
const provider = toDynamicProvider(networkNamespace);
const loopback = async (ns: string) => JSON.parse(await runCommand(["ip", "-n", ns, "-j", "link", "show", "dev", "lo"]))[0];

describe("NetworkNamespace on the real kernel", () => {
    test("create, read, update, delete twice", async () => {
        const name = sandbox.name("life");
        const { id, outs } = await provider.create({ name });
        expect(id).toBe(name);
        expect(outs).toMatchObject({ name, loopbackUp: true, managed: true });
        expect(outs.inode).toBeGreaterThan(0);
        expect(await sandbox.namespaces()).toContain(name);
        expect(await loopback(name)).toMatchObject({ ifalias: "managed-by=pulumi-linuxnet", flags: expect.arrayContaining(["UP"]) });

        expect((await provider.read!(id, outs)).props).toEqual(outs);

        const updated = await provider.update!(id, outs, { name, loopbackUp: false });
        expect(updated.outs).toMatchObject({ loopbackUp: false });
        expect((await loopback(name)).flags).not.toContain("UP");

        await provider.delete!(id, updated.outs);
        expect(await sandbox.namespaces()).not.toContain(name);
        await provider.delete!(id, updated.outs);
        expect(await provider.read!(id, updated.outs)).toEqual({});
    });

    test("adopts a namespace that carries our mark (a crash after create, before the state write)", async () => {
        const name = sandbox.name("crash");
        const first = await provider.create({ name });
        const again = await provider.create({ name });
        expect(again.outs.inode).toBe(first.outs.inode);
        await provider.delete!(name, again.outs);
    });

    test("refuses a namespace it did not create, and leaves it alone", async () => {
        const name = await sandbox.namespace("foreign");
        await expect(provider.create({ name })).rejects.toThrow(
            `failed to create network namespace "${name}" in the root namespace: it already exists and was not created by pulumi-linuxnet`,
        );
        expect(await sandbox.namespaces()).toContain(name);
        expect((await loopback(name)).ifalias).toBeUndefined();
        // delete of a foreign namespace with our name (ours vanished, someone made theirs) is a no-op
        await provider.delete!(name, { name, loopbackUp: true, adopt: false, inode: 1, managed: true });
        expect(await sandbox.namespaces()).toContain(name);
    });

    test("adopt: true takes over an existing namespace deliberately", async () => {
        const name = await sandbox.namespace("adopted");
        const { outs } = await provider.create({ name, adopt: true });
        expect(outs).toMatchObject({ managed: true, adopt: true });
        await provider.delete!(name, outs);
        expect(await sandbox.namespaces()).not.toContain(name);
    });
});

describe("a crash between creating an object and marking it", () => {
    const intents = () => process.env.LINUXNET_INTENT_DIR ?? "/run/pulumi-linuxnet/intents";
    const writeIntent = (key: string) => {
        const fs = require("fs") as typeof import("fs");
        fs.mkdirSync(intents(), { recursive: true });
        fs.writeFileSync(`${intents()}/${key}`, "crashed\n");
    };

    test("an unmarked namespace with our intent on record is adopted, and the intent cleared", async () => {
        const name = await sandbox.namespace("window");
        writeIntent(`netns@-@${name}`);
        const { outs } = await provider.create({ name });
        expect(outs.managed).toBe(true);
        expect((await loopback(name)).ifalias).toBe("managed-by=pulumi-linuxnet");
        await provider.delete!(name, outs);
    });

    // `ip netns add` creates /run/netns/NAME, then mounts the namespace on it: killed in between,
    // it leaves a plain file that every `ip -n NAME` refuses with "Invalid argument".
    const halfMade = (name: string) => (require("fs") as typeof import("fs")).writeFileSync(`/run/netns/${name}`, "");

    test("a half-made namespace file with our intent on record is replaced by the namespace (NetworkNamespace and NamespaceHost)", async () => {
        const name = sandbox.name("half-made");
        halfMade(name);
        writeIntent(`netns@-@${name}`);
        const { outs } = await provider.create({ name });
        expect(outs.managed).toBe(true);
        expect((await loopback(name)).ifalias).toBe("managed-by=pulumi-linuxnet");
        await provider.delete!(name, outs);

        const host = await sandbox.namespace("half-made-bridge");
        await runCommand(["ip", "-n", host, "link", "add", "hbr0", "type", "bridge"]);
        const hostName = sandbox.name("half-made-host");
        halfMade(hostName);
        writeIntent(`netns@-@${hostName}`);
        const hostInputs = (await providers.NamespaceHost.check!({}, { name: hostName, namespace: host, hostInterface: "hh0", bridge: "hbr0", addresses: ["10.42.0.2/24"] })).inputs;
        const made = await providers.NamespaceHost.create(hostInputs);
        expect(made.outs.inode).toBeGreaterThan(0);
        expect(await runCommand(["ip", "-n", hostName, "-j", "addr", "show", "dev", "eth0"])).toContain("10.42.0.2");
        await providers.NamespaceHost.delete!(hostName, made.outs);
        expect(await sandbox.namespaces()).not.toContain(hostName);
    });

    test("a half-made namespace file without our intent is refused and left as it is", async () => {
        const name = sandbox.name("half-made-theirs");
        halfMade(name);
        try {
            await expect(provider.create({ name })).rejects.toThrow(`failed to create network namespace "${name}" in the root namespace: /run/netns/${name} is a file an interrupted \`ip netns add\` left, not a namespace`);
            expect((require("fs") as typeof import("fs")).statSync(`/run/netns/${name}`).size).toBe(0);
        } finally {
            await runCommand(["ip", "netns", "delete", name]);
        }
    });

    test("an unmarked veth pair with our intent on record is adopted", async () => {
        const ns = await sandbox.namespace("window-veth");
        await runCommand(["ip", "-n", ns, "link", "add", "name", "w0", "type", "veth", "peer", "name", "w1"]);
        writeIntent(`link@${ns}@w0`);
        const { outs } = await providers.VethPair.create({ name: "w0", namespace: ns, peerName: "w1", peerNamespace: ns });
        expect(outs.up).toBe(true);
        const w1 = JSON.parse(await runCommand(["ip", "-n", ns, "-j", "link", "show", "dev", "w1"]))[0];
        expect(w1.ifalias).toBe("managed-by=pulumi-linuxnet");
    });
});
