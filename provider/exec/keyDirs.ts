// Where an SSH session's key files live while ssh reads them (provider/exec/ssh.ts): one 0700
// directory per session, removed once the session is up or has failed. A provider killed in that
// instant leaves its directory behind; the name says which process made it, so a later provider
// can tell it is dead and sweep it. Only node's own modules here: the crash scenario is tested by
// running this file in a PID namespace of its own (tests/kernel/keyDirs.test.ts).
import { existsSync, lstatSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";

/**
 * Where key files go: a tmpfs where there is one (the user's runtime directory), so a key never
 * reaches a disk, else the temporary directory.
 */
export const keyDirParent = (): string => process.env.XDG_RUNTIME_DIR ?? tmpdir();

/**
 * Key directories are named after the process that made them, `linuxnet-ssh-PID-XXXXXX`, with the
 * pid as the machine's /proc names it. Inside a PID namespace that shares the machine's /proc
 * (`unshare --pid --fork`, as our crash tests run pulumi) process.pid is the namespace's own
 * number (1, 77...), which says nothing to a process outside it, while /proc/self resolves to the
 * pid the /proc mount knows.
 */
const KEY_DIR = /^linuxnet-ssh-(\d+)-[A-Za-z0-9]{6}$/;

function procPid(): number {
    try {
        return Number(readlinkSync("/proc/self"));
    } catch {
        return process.pid; // no /proc: no one else can judge the name either
    }
}

/**
 * Whether the process /proc names `pid` runs. /proc rather than kill(pid, 0): from inside a PID
 * namespace the machine's pids cannot be signalled (ESRCH), which would judge a live provider's
 * directory dead. (Without a /proc nothing is judged dead: deadKeyDirs looks for none then.)
 */
function isAlive(pid: number): boolean {
    return existsSync(`/proc/${pid}`);
}

let swept = false;

/**
 * Makes a key directory for one session (0700, as mkdtemp makes it). The first time in a process
 * it first sweeps what dead providers left under the same parent.
 */
export function makeKeyDir(parent = keyDirParent()): string {
    if (!swept) sweepDeadKeyDirs(parent);
    swept = true;
    return mkdtempSync(path.join(parent, `linuxnet-ssh-${procPid()}-`));
}

/** This user's key directories under `parent` whose maker no longer runs. */
export function deadKeyDirs(parent = keyDirParent()): string[] {
    const uid = process.getuid?.() ?? 0;
    let entries: string[];
    try {
        entries = existsSync("/proc/self") ? readdirSync(parent) : [];
    } catch {
        return [];
    }
    return entries.flatMap((entry) => {
        const pid = KEY_DIR.exec(entry)?.[1];
        if (pid === undefined || isAlive(Number(pid))) return [];
        const dir = path.join(parent, entry);
        try {
            const stat = lstatSync(dir);
            return stat.isDirectory() && stat.uid === uid ? [dir] : [];
        } catch {
            return []; // gone meanwhile
        }
    });
}

/**
 * Removes the key directories of provider processes that died while a session was opening
 * (killed before they could remove them): only this user's own directories, of processes that no
 * longer run. A directory whose pid was reused by a live process stays until that one ends.
 */
export function sweepDeadKeyDirs(parent = keyDirParent()): string[] {
    return deadKeyDirs(parent).filter((dir) => {
        try {
            rmSync(dir, { recursive: true });
            return true;
        } catch {
            return false; // gone meanwhile, or not ours to remove: leave it
        }
    });
}
