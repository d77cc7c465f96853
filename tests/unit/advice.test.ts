/**
 * What a failure means and what to do (provider/exec/advice.ts), over what OpenSSH 9.2, sudo,
 * dash, bash and `ip netns exec` really printed here (tests/fixtures/failures.json, captured
 * against a throwaway sshd; the provider's temporary known_hosts path stands in for the capture's).
 */
import * as fs from "fs";
import * as path from "path";
import { commandAdvice, explainSshFailure, installAdvice, missingTool } from "../../provider/exec/advice";
import { classifyFailure, commandFailure } from "../../provider/exec/errors";

const said: Record<string, string> = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/failures.json"), "utf8"));
const login = { host: "10.99.9.1", port: 22, user: "root", hostKeyPinned: true, field: "connection" };
const lab = [login];

describe("ssh's failures, explained", () => {
    test("a changed host key: the fingerprint it offers, connection.hostKey, ssh-keyscan; never the provider's temporary files", () => {
        const text = explainSshFailure(said.hostKeyChanged, lab)!;
        expect(text).toContain("the host key of 10.99.9.1 has changed: it now offers ED25519 key SHA256:uBy36HtBQo4ycvR5GFu2Cj9BowrnbK/L/lJWF5de2TA");
        expect(text).toContain("set connection.hostKey to the new one");
        expect(text).toContain("`ssh-keyscan -t ed25519 -p 22 10.99.9.1`");
        expect(text).toContain("someone may be intercepting");
        expect(text).not.toMatch(/known_hosts|linuxnet-ssh|NASTY/);
        // Without a pinned key, the user's known_hosts decided: say how to mend it there.
        expect(explainSshFailure(said.hostKeyChanged, [{ ...login, hostKeyPinned: false }])).toContain("`ssh-keygen -R 10.99.9.1`");
    });

    test("an unknown host key: what to set, and how to read it", () => {
        const text = explainSshFailure(said.hostKeyUnknown, [{ ...login, hostKeyPinned: false }])!;
        expect(text).toContain("the host key of 10.99.9.1 is not known");
        expect(text).toContain("Set connection.hostKey to the host's public key (`ssh-keyscan -t ed25519 -p 22 10.99.9.1`");
    });

    test("a refused key, a closed port, an unreachable host, an unknown name", () => {
        expect(explainSshFailure(said.wrongKey, lab)).toMatch(/^10\.99\.9\.1 refused the login of root \(Permission denied \(publickey\)\): check connection\.user and connection\.privateKey/);
        expect(explainSshFailure(said.refused, [{ ...login, port: 2222 }])).toMatch(/^nothing listens on 10\.99\.9\.1 port 2222 \(Connection refused\): check connection\.host and connection\.port/);
        expect(explainSshFailure(said.unreachable, lab)).toMatch(/^10\.98\.9\.1 port 22 cannot be reached from this machine \(Network is unreachable\): .*connection\.proxy/);
        expect(explainSshFailure(said.unresolvable, lab)).toMatch(/^the name nosuchhost\.invalid does not resolve/);
    });

    test("behind a jump host, the login ssh names is the one to mend", () => {
        const jump = { host: "10.99.9.1", port: 22, user: "root", hostKeyPinned: true, field: "connection.proxy" };
        const behind = [{ host: "10.251.1.2", port: 22, user: "root", hostKeyPinned: true, field: "connection" }, jump];
        expect(explainSshFailure(said.hostKeyChanged, behind)).toContain("set connection.proxy.hostKey to the new one");
        expect(explainSshFailure(said.wrongKey, behind)).toContain("check connection.proxy.user and connection.proxy.privateKey");
    });

    test("anything else is left as ssh said it", () => {
        expect(explainSshFailure("Connection to 10.99.9.1 closed by remote host.\r\n", lab)).toBeUndefined();
    });
});

describe("missing tools", () => {
    test.each([
        ["dashMissing", 127, "iptables-missing"],
        ["bashMissing", 127, "iptables-missing"],
        ["sudoMissing", 1, "iptables-missing"],
        ["netnsExecMissing", 1, "nosuchtool"],
    ])("%s names the tool", (capture, exitCode, tool) => {
        expect(missingTool(said[capture], exitCode)).toBe(tool);
        // Never "the object is not there": a delete would then leave it, a refresh forget it.
        expect(classifyFailure(said[capture], exitCode)).toBe("missingTool");
    });

    test("the Debian and RHEL packages of every tool the provider runs", () => {
        expect(installAdvice("iptables")).toBe("install the package iptables (Debian, Ubuntu) or iptables-nft (RHEL, Fedora)");
        expect(installAdvice("ip")).toBe("install the package iproute2 (Debian, Ubuntu) or iproute (RHEL, Fedora)");
        expect(installAdvice("sysctl")).toBe("install the package procps (Debian, Ubuntu) or procps-ng (RHEL, Fedora)");
        expect(installAdvice("nft")).toBe("install the package nftables");
        expect(installAdvice("frobnicate")).toBeUndefined();
    });

    test("a failed command says the tool is missing on which host, and which package provides it", () => {
        const failure = commandFailure(["ip", "netns", "exec", "ns1", "iptables", "-w", "-t", "nat", "-S"], undefined, 127, "sh: 1: iptables: not found", { host: "10.0.0.2", user: "root", target: "ssh root@10.0.0.2:22" });
        expect(failure.kind).toBe("missingTool");
        expect(failure.message).toBe(
            "`ip netns exec ns1 iptables -w -t nat -S` on ssh root@10.0.0.2:22 failed (exit 127): sh: 1: iptables: not found. " +
            "iptables is not installed on 10.0.0.2: install the package iptables (Debian, Ubuntu) or iptables-nft (RHEL, Fedora)",
        );
    });
});

describe("sudo, privileges, kernel features", () => {
    test("sudo asking for a password: the sudoers line for the user", () => {
        expect(commandAdvice(said.sudoPassword, 1, { host: "10.0.0.2", user: "lab" })).toBe(
            'sudo on 10.0.0.2 does not let lab run the network tools without a password (connection.become "sudo" never gives one): ' +
            "allow them in /etc/sudoers.d, e.g. `lab ALL=(root) NOPASSWD: /usr/sbin/ip, /usr/sbin/iptables, /usr/sbin/ip6tables, /usr/sbin/sysctl`",
        );
    });

    test("no privileges, and a feature the kernel lacks", () => {
        expect(commandAdvice("RTNETLINK answers: Operation not permitted", 2, { host: "this machine" })).toContain('run pulumi as root, or set connection.become to "sudo"');
        expect(commandAdvice("RTNETLINK answers: Operation not supported", 2, { host: "this machine" })).toBe("The kernel of this machine lacks this feature (a module not loaded, or not built in)");
        expect(commandAdvice('Cannot find device "eth9"', 1, { host: "this machine" })).toBeUndefined();
    });
});
