/**
 * The command session (provider/exec/session.ts) against a real local `sh`, the same shell code an
 * SSH session runs on the far side: every argument arrives byte for byte, stdin input arrives
 * verbatim, failures carry the exit code, stderr and where they ran, commands keep their order
 * when given all at once, and a shell that dies fails what waits on it instead of hanging.
 */
import { CommandError } from "../../provider/exec/errors";
import { classifyFailure } from "../../provider/exec/errors";
import { SessionError, commandScript, openSession, shellQuote } from "../../provider/exec/session";

/** Values our validation accepts that a careless join would break, and hostile ones it rejects. */
const awkward = [
    "fe80::1", "2001:db8::/64", "veth1.100", "br-lab_0", "managed-by=pulumi-linuxnet", "", " ", "a b", "it's", "''", '"', "\\", "\\'",
    "$(reboot)", "`id`", "${HOME}", "$HOME", "*", "?", "[a]", "~root", "!", "#comment", ";", "|", "&&", ">x", "<y", "-n", "--",
    "line\nbreak", "tab\there", "\r", "ünïcödé", "x".repeat(5000),
];

describe("shellQuote and commandScript", () => {
    test("single-quotes every word, a quote inside as '\\''", () => {
        expect(shellQuote("a b")).toBe("'a b'");
        expect(shellQuote("it's")).toBe(`'it'\\''s'`);
        expect(shellQuote("")).toBe("''");
        expect(() => shellQuote("a\0b")).toThrow(/NUL/);
    });
    test("input goes in a quoted here-document whose delimiter it may not contain", () => {
        expect(commandScript(7, ["ip", "-batch", "-"], "link add a\nlink add b", "__end__")).toBe("__linuxnet_run 7 'ip' '-batch' '-' <<'__end__'\nlink add a\nlink add b\n__end__\n");
        expect(commandScript(8, ["true"], undefined, "__end__")).toBe("__linuxnet_run 8 'true' </dev/null\n");
        expect(() => commandScript(9, ["cat"], "x\n__end__\ny", "__end__")).toThrow(/delimiter/);
    });
});

describe("a session on a real sh", () => {
    const session = openSession(["sh"], "local sh");
    afterAll(() => session.close());

    test("every argument arrives byte for byte", async () => {
        const out = await session.run(["printf", "%s\\0", ...awkward]);
        expect(out.split("\0").slice(0, -1)).toEqual(awkward);
    });

    test("stdin input arrives verbatim, and a command without input reads nothing", async () => {
        const input = "link add 'x' type veth\n$(reboot) `id` ${HOME}\n\\backslash\n\nEOF\n";
        expect(await session.run(["cat"], input)).toBe(input);
        expect(await session.run(["cat"])).toBe("");
    });

    test("a failure carries the command line, the exit code, stderr and where it ran", async () => {
        const failure = session.run(["sh", "-c", "echo partial; echo 'RTNETLINK answers: File exists' >&2; exit 2"]);
        await expect(failure).rejects.toBeInstanceOf(CommandError);
        await expect(failure).rejects.toMatchObject({ exitCode: 2, stderr: "RTNETLINK answers: File exists", kind: "exists", target: "local sh" });
        await expect(failure).rejects.toThrow("`sh -c 'echo partial; echo '\\''RTNETLINK answers: File exists'\\'' >&2; exit 2'` on local sh failed (exit 2)");
        await expect(session.run(["no-such-command-here"])).rejects.toMatchObject({ exitCode: 127 });
        // The session goes on after failures.
        expect(await session.run(["echo", "still here"])).toBe("still here\n");
    });

    test("commands given all at once each get their own answer, in order", async () => {
        const outs = await Promise.all(Array.from({ length: 60 }, (_, i) => session.run(["echo", String(i)])));
        expect(outs).toEqual(Array.from({ length: 60 }, (_, i) => `${i}\n`));
    });

    test("a command that cannot be sent is refused alone; the session goes on", async () => {
        await expect(session.run(["cat"], "a\0b")).rejects.toThrow(/NUL/);
        await expect(session.run(["echo", "a\0b"])).rejects.toThrow(/NUL/);
        expect(await session.run(["echo", "after"])).toBe("after\n");
    });

    test("a tool missing on the host is a failure of its own, never \"the object is not there\"", async () => {
        await expect(session.run(["no-such-tool-here", "link", "show"])).rejects.toMatchObject({ exitCode: 127, kind: "missingTool" });
        expect(classifyFailure("sudo: ip: command not found", 1)).toBe("missingTool");
        expect(classifyFailure("sudo: a password is required", 1)).toBe("other");
        expect(classifyFailure('Cannot find device "x"', 1)).toBe("notFound");
    });

    test("output of any size and any bytes, the framing's own words included", async () => {
        const big = await session.run(["seq", "1", "100000"]);
        expect(big.split("\n")).toHaveLength(100001);
        expect(await session.run(["printf", "__linuxnet__ 1 0 5 0\\n__linuxnet_ready__\\n"])).toBe("__linuxnet__ 1 0 5 0\n__linuxnet_ready__\n");
        // The marks' shape with another mark, on both streams: only the session's own 128 random bits end a command.
        const fake = "\n__linuxnet_00000000000000000000000000000000 7 0\n";
        await expect(session.run(["sh", "-c", `printf '${fake}' ; printf '${fake}' >&2; exit 3`])).rejects.toMatchObject({ exitCode: 3, message: expect.stringContaining("__linuxnet_0000") as string });
        expect(await session.run(["printf", "no newline at the end"])).toBe("no newline at the end");
        expect(await session.run(["printf", "\\n\\n"])).toBe("\n\n");
        expect(await session.run(["sh", "-c", "seq 1 50000 >&2; echo done"])).toBe("done\n");
    });

    test("the shell starts nothing but the command: with no tool on its PATH, a command by full path still answers", async () => {
        const bare = openSession(["env", "PATH=/nonexistent", "/bin/sh"], "bare sh");
        try {
            expect(await bare.run(["/bin/echo", "hi"])).toBe("hi\n");
            await expect(bare.run(["/bin/sh", "-c", "echo oops >&2; exit 4"])).rejects.toThrow("failed (exit 4): oops");
        } finally {
            bare.close();
        }
    });
});

test("a shell that dies fails what waits on it and everything after, naming the place and why", async () => {
    const session = openSession(["sh"], "doomed sh");
    await session.ready;
    const dying = session.run(["sh", "-c", "echo 'bye' >&2; kill -9 $PPID"]);
    await expect(dying).rejects.toBeInstanceOf(SessionError);
    await expect(dying).rejects.toMatchObject({ mayHaveRun: true });
    await expect(dying).rejects.toThrow(/^doomed sh: the session ended \(SIGKILL|exit/);
    await expect(session.run(["true"])).rejects.toThrow(/^doomed sh: the session ended/);
    await expect(session.run(["true"])).rejects.toMatchObject({ mayHaveRun: false });
});

test("a session that cannot start says so", async () => {
    const session = openSession(["/nonexistent/ssh"], "ssh nowhere");
    await expect(session.ready).rejects.toThrow("ssh nowhere: could not start `/nonexistent/ssh`");
    await expect(session.run(["true"])).rejects.toThrow(/ssh nowhere/);
});
