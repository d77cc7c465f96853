/**
 * Reads of kernel state that need no process: namespace mounts under /run/netns. Kept beside
 * run.ts so that every kernel access of the provider lives in exec/.
 */
import { promises as fs } from "fs";

export const NETNS_DIR = "/run/netns";

/**
 * The inode of a namespace's nsfs mount, which identifies the namespace; undefined when there is
 * none. `ip netns add` creates the file first and bind-mounts the namespace on it second: a file
 * that is not a mount point (same device as the directory) is what an `ip netns add` killed in
 * between left, not a namespace (entering it fails with "Invalid argument"), so it counts as none.
 */
export async function namespaceInode(name: string): Promise<number | undefined> {
    const file = await namespaceFile(name);
    return file?.mounted ? file.inode : undefined;
}

/** Whether a leftover file of an interrupted `ip netns add` (see namespaceInode) has the name. */
export async function isHalfMadeNamespace(name: string): Promise<boolean> {
    const file = await namespaceFile(name);
    return file !== undefined && !file.mounted;
}

async function namespaceFile(name: string): Promise<{ inode: number; mounted: boolean } | undefined> {
    try {
        const [file, dir] = await Promise.all([fs.stat(`${NETNS_DIR}/${name}`), fs.stat(NETNS_DIR)]);
        return { inode: file.ino, mounted: file.dev !== dir.dev };
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") {
            return undefined;
        }
        throw err;
    }
}
