/**
 * Distribution guests as lab hosts: a Debian suite's own kernel and userland (guest/image.sh
 * builds the image once and caches it), booted under QEMU on a tap in a namespace of the test's
 * sandbox that stands for the workstation, reached over SSH with the image's host key pinned.
 * Every guest is stopped by its pid, and its QEMU's command line names the sandbox's prefix, so
 * the leak check sees one that survives.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { Connection } from "../../provider/exec/ssh";
import { Sandbox } from "./sandbox";

const run = promisify(execFile);

export type Suite = "bullseye" | "bookworm" | "trixie";

export interface Guest {
    suite: Suite;
    /** The namespace that stands for the workstation: run `pulumi` (or ssh) there. */
    workstation: string;
    address: string;
    /** root, with the image's key and host key. */
    connection: Required<Pick<Connection, "host" | "user" | "privateKey" | "hostKey">>;
    /** Runs a shell command on the guest as root, over SSH; its stdout. */
    ssh(command: string): Promise<string>;
    /** Stops the guest (by pid) and waits until its QEMU is gone. */
    stop(): Promise<void>;
}

/** The directory of the suite's image, built the first time (about a minute and a half). */
export async function guestImage(suite: Suite): Promise<string> {
    const { stdout } = await run("bash", [path.join(__dirname, "guest", "image.sh"), suite], { maxBuffer: 16 << 20 });
    return stdout.trim().split("\n").pop()!;
}

let booted = 0;

/** Boots a guest of `suite` on its own workstation namespace; resolves once it answers SSH. */
export async function bootGuest(sandbox: Sandbox, suite: Suite): Promise<Guest> {
    const image = await guestImage(suite);
    const n = ++booted;
    const workstation = await sandbox.namespace(`gws${n}`);
    const [tap, address] = ["gtap0", `10.252.${n}.2`];
    await sandbox.run(["ip", "-n", workstation, "tuntap", "add", tap, "mode", "tap"]);
    await sandbox.run(["ip", "-n", workstation, "addr", "add", `10.252.${n}.1/24`, "dev", tap]);
    await sandbox.run(["ip", "-n", workstation, "link", "set", "dev", tap, "up"]);
    // Files named after the workstation (the sandbox's prefix): the leak check finds a QEMU left running.
    const files = path.join("/tmp", `linuxnet-guest-${workstation}`);
    fs.mkdirSync(files, { recursive: true });
    const knownHosts = path.join(files, "known_hosts");
    const hostKey = fs.readFileSync(path.join(image, "host_key.pub"), "utf8").trim();
    fs.writeFileSync(knownHosts, `${address} ${hostKey}\n`);
    const keyFile = path.join(image, "client_key");
    fs.chmodSync(keyFile, 0o600);
    await run("ip", ["netns", "exec", workstation, "qemu-system-x86_64",
        "-accel", "tcg,tb-size=128", "-cpu", "max", "-smp", "1", "-m", "512", "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
        "-kernel", path.join(image, "vmlinuz"), "-initrd", path.join(image, "initrd"),
        "-append", `root=/dev/vda rw console=ttyS0 net.ifnames=0 panic=-1 init=/sbin/linuxnet-init linuxnet.address=${address}/24 linuxnet.hostname=${suite}`,
        "-drive", `file=${path.join(image, "image.ext4")},if=virtio,format=raw,snapshot=on`,
        "-netdev", `tap,id=n0,ifname=${tap},script=no,downscript=no`, "-device", "virtio-net-pci,netdev=n0", "-device", "virtio-rng-pci",
        "-serial", `file:${path.join(files, "serial.log")}`, "-daemonize", "-pidfile", path.join(files, "qemu.pid")]);
    const pid = Number(fs.readFileSync(path.join(files, "qemu.pid"), "utf8"));
    const ssh = async (command: string) => (await run("ip", ["netns", "exec", workstation, "ssh", "-F", "none", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
        "-o", `UserKnownHostsFile=${knownHosts}`, "-o", "ConnectTimeout=5", "-i", keyFile, `root@${address}`, command], { maxBuffer: 16 << 20 })).stdout;
    const stop = async () => {
        try {
            if (!fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("qemu")) return;
            process.kill(pid);
            for (let i = 0; i < 100 && fs.existsSync(`/proc/${pid}`); i++) await new Promise((r) => setTimeout(r, 100));
        } catch {
            // already gone
        } finally {
            fs.rmSync(files, { recursive: true, force: true });
        }
    };
    // Booting under TCG takes 10-20 s, more on a busy machine: give it three minutes.
    const deadline = Date.now() + 180_000;
    for (;;) {
        try {
            await ssh("true");
            break;
        } catch (err) {
            if (Date.now() > deadline) {
                const console = fs.existsSync(path.join(files, "serial.log")) ? fs.readFileSync(path.join(files, "serial.log"), "utf8").slice(-2000) : "";
                await stop();
                throw new Error(`the ${suite} guest did not answer SSH within 180 s: ${String(err)}\n${console}`, { cause: err });
            }
            await new Promise((r) => setTimeout(r, 1000));
        }
    }
    return {
        suite, workstation, address,
        connection: { host: address, user: "root", privateKey: fs.readFileSync(keyFile, "utf8"), hostKey },
        ssh, stop,
    };
}
