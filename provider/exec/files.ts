/**
 * Reads of namespace mounts under /run/netns. On this machine they need no process (a `stat`
 * from Node); on a remote host (a Runner with a `target`) one `stat` command answers them. Kept
 * beside run.ts so that every kernel access of the provider lives in exec/.
 */
import { statSync } from "fs";
import { Runner } from "./run";

export const NETNS_DIR = "/run/netns";

/**
 * The inode of a namespace's nsfs mount, which identifies the namespace; undefined when there is
 * none. `ip netns add` creates the file first and bind-mounts the namespace on it second: a file
 * that is not a mount point (same device as the directory) is what an `ip netns add` killed in
 * between left, not a namespace (entering it fails with "Invalid argument"), so it counts as none.
 */
export async function namespaceInode(run: Runner, name: string): Promise<number | undefined> {
    const file = await namespaceFile(run, name);
    return file?.mounted ? file.inode : undefined;
}

/** Whether a leftover file of an interrupted `ip netns add` (see namespaceInode) has the name. */
export async function isHalfMadeNamespace(run: Runner, name: string): Promise<boolean> {
    const file = await namespaceFile(run, name);
    return file !== undefined && !file.mounted;
}

async function namespaceFile(run: Runner, name: string): Promise<{ inode: number; mounted: boolean } | undefined> {
    const [dir, file] = run.target ? await statRemote(run.plain ?? run, [NETNS_DIR, `${NETNS_DIR}/${name}`]) : [statLocal(NETNS_DIR), statLocal(`${NETNS_DIR}/${name}`)];
    return file && { inode: file.ino, mounted: file.dev !== dir?.dev };
}

interface Stat {
    dev: number;
    ino: number;
}

/**
 * Synchronous: a stat of a file on tmpfs takes microseconds, less than a trip through Node's
 * thread pool costs the provider's only thread.
 */
function statLocal(file: string): Stat | undefined {
    return statSync(file, { throwIfNoEntry: false });
}

/**
 * One command for all files: "-" for a file that does not exist; any other failure (no `stat` on
 * the host, a permission) fails the command, so that it is never taken for "absent".
 */
async function statRemote(run: Runner, files: string[]): Promise<(Stat | undefined)[]> {
    const out = await run(["sh", "-c", 'for f in "$@"; do if [ -e "$f" ]; then stat -c "%d %i" "$f" || exit 1; else echo -; fi; done', "stat", ...files]);
    const lines = out.trim().split("\n");
    if (lines.length !== files.length) throw new Error(`unexpected answer to stat of ${files.join(" ")}: ${JSON.stringify(out)}`);
    return lines.map((line) => {
        const [dev, ino] = line.split(" ").map(Number);
        return line === "-" ? undefined : { dev, ino };
    });
}
