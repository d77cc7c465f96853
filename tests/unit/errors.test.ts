/**
 * The one classification of failures (provider/exec/errors.ts), over what `ip`, `iptables` and
 * `sysctl` really printed here (tests/fixtures/stderr.json, captured in a throwaway namespace), and
 * the one rule for undoing a half-made creation (provider/exec/intents.ts).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { KernelObjectError, classifyFailure, commandFailure, failureDetail } from "../../provider/exec/errors";
import { UndoFailedError, withCreationIntent, withUndo } from "../../provider/exec/intents";
import { Runner, runCommand } from "../../provider/exec/run";
import { SessionError } from "../../provider/exec/session";

const captured: { argv: string; stderr: string; kind: string }[] = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/stderr.json"), "utf8"));

describe("every captured failure is classified as the layers above expect", () => {
    test.each(captured.map((c) => [c.argv, c.kind, c.stderr]))("%s: %s", (_argv, kind, stderr) => {
        expect(classifyFailure(stderr)).toBe(kind);
    });
});

describe("withUndo", () => {
    test("success keeps everything; nothing is undone", async () => {
        const undone: string[] = [];
        await expect(withUndo(async (undo) => {
            undo.add(async () => void undone.push("a"));
            return 7;
        })).resolves.toBe(7);
        expect(undone).toEqual([]);
    });

    test("a failure undoes what was recorded, last first, and reports the failure itself", async () => {
        const undone: string[] = [];
        const failure = new Error("`ip link set ...` failed: mtu greater than device maximum");
        await expect(withUndo(async (undo) => {
            undo.add(async () => void undone.push("the pair"));
            undo.add(async () => void undone.push("its address"));
            throw failure;
        })).rejects.toBe(failure);
        expect(undone).toEqual(["its address", "the pair"]);
    });

    test("a failed undo reports both failures, the first as the cause", async () => {
        const failure = new Error("verify: the bridge vanished");
        const rejection = withUndo(async (undo) => {
            undo.add(async () => {
                throw new Error("`ip link delete br1` failed: Operation not permitted");
            });
            throw failure;
        });
        await expect(rejection).rejects.toBeInstanceOf(UndoFailedError);
        await expect(rejection).rejects.toMatchObject({
            message: expect.stringMatching(/^verify: the bridge vanished; undoing what was made failed too, .*: `ip link delete br1` failed: Operation not permitted$/),
            cause: failure,
        });
    });

    test("every undo step runs even when one fails, and each failure is reported", async () => {
        const undone: string[] = [];
        const rejection = withUndo(async (undo) => {
            undo.add(async () => void undone.push("the pair"));
            undo.add(async () => {
                throw new Error("`ip addr del 10.0.0.1/24 dev veth1` failed: Cannot assign requested address");
            });
            undo.add(async () => {
                throw new Error("`ip route del default` failed: No such process");
            });
            throw new Error("verify: the route vanished");
        });
        await expect(rejection).rejects.toThrow(/^verify: the route vanished; undoing what was made failed too, .*: `ip route del default` failed: No such process; `ip addr del 10\.0\.0\.1\/24 dev veth1` failed: Cannot assign requested address$/);
        expect(undone).toEqual(["the pair"]);
    });

    test("the creation intent stays on record when the undo failed, and only then", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "intents-"));
        const previous = process.env.LINUXNET_INTENT_DIR;
        process.env.LINUXNET_INTENT_DIR = dir;
        try {
            const failing = (undoFails: boolean, run: Runner = runCommand) => withCreationIntent(run, "link", "ns1", "veth1", () => withUndo(async (undo) => {
                undo.add(async () => {
                    if (undoFails) throw new Error("undo failed");
                });
                throw new Error("create failed");
            }));
            await expect(failing(false)).rejects.toThrow("create failed");
            expect(fs.readdirSync(dir)).toEqual([]);
            await expect(failing(true)).rejects.toThrow(UndoFailedError);
            expect(fs.readdirSync(dir)).toEqual(["link@ns1@veth1"]);
            // An object on a remote host has its intents under the host's name.
            // (by host, not by who logs in: another user on the same host finds it).
            const remote = Object.assign((() => Promise.resolve("")) as Runner, { target: "ssh root@10.9.0.2:22", host: "10.9.0.2:22" });
            await expect(failing(true, remote)).rejects.toThrow(UndoFailedError);
            expect(fs.readdirSync(dir).sort()).toEqual(["10.9.0.2_22#link@ns1@veth1", "link@ns1@veth1"]);
            // A session lost mid-command: the outcome is unknown, so the intent stays too.
            fs.rmSync(path.join(dir, "link@ns1@veth1"));
            const lost = (mayHaveRun: boolean) => withCreationIntent(runCommand, "link", "ns1", "veth1", () => Promise.reject(new SessionError("ssh root@10.9.0.2:22", "the session ended (exit 255)", mayHaveRun)));
            await expect(lost(false)).rejects.toThrow(SessionError);
            expect(fs.readdirSync(dir)).not.toContain("link@ns1@veth1");
            await expect(lost(true)).rejects.toThrow(SessionError);
            expect(fs.readdirSync(dir)).toContain("link@ns1@veth1");
        } finally {
            process.env.LINUXNET_INTENT_DIR = previous;
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("commandFailure", () => {
    test("classifies what the command printed; a batch shows its failing line, since ip names only the line's number", () => {
        const single = commandFailure(["ip", "netns", "add", "h1"], undefined, 1, 'Cannot create namespace file "/run/netns/h1": File exists');
        expect(single.kind).toBe("exists");
        expect(single.message).toBe('`ip netns add h1` failed (exit 1): Cannot create namespace file "/run/netns/h1": File exists');
        const batch = commandFailure(["ip", "-n", "h1", "-batch", "-"], "link set dev lo up\nlink set dev eth9 up\n", 1, 'Cannot find device "eth9"\nCommand failed -:2', { host: "10.0.0.2", target: "ssh root@10.0.0.2:22" });
        expect(batch.kind).toBe("notFound");
        expect(batch.message).toContain("on ssh root@10.0.0.2:22 failed (exit 1)");
        expect(batch.stderr).toBe('Cannot find device "eth9"\nCommand failed -:2 (batch line 2: link set dev eth9 up)');
    });
});

describe("a failure of an object reads once, with frames only for a bug", () => {
    test("an expected failure: its message, no frames; printed as the dynamic-provider host prints it, the message once", () => {
        const failure = new KernelObjectError("read", "bridge", "br0", undefined, failureDetail(commandFailure(["ip", "link", "show", "dev", "br0"], undefined, 1, 'Cannot find device "br0"')));
        expect(failure.message).toBe('failed to read bridge "br0" in the root namespace: `ip link show dev br0` failed (exit 1): Cannot find device "br0"');
        expect(`${failure}: ${failure.stack}`).toBe(failure.message);
        expect(failureDetail(new Error("route 10.0.0.0/8 not found after apply"))).toBe("route 10.0.0.0/8 not found after apply");
    });

    test("a bug (a TypeError, say) keeps its stack", () => {
        const detail = failureDetail(new TypeError("Cannot read properties of undefined (reading 'x')"));
        expect(detail).toMatch(/^TypeError: Cannot read properties of undefined/);
        expect(detail).toMatch(/\n\s+at /);
    });
});
