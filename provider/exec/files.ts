/**
 * Reads of kernel state that need no process: namespace mounts under /run/netns. Kept beside
 * run.ts so that every kernel access of the provider lives in exec/.
 */
import { promises as fs } from "fs";

export const NETNS_DIR = "/run/netns";

/** The inode of a namespace's nsfs mount, which identifies the namespace; undefined when absent. */
export async function namespaceInode(name: string): Promise<number | undefined> {
    try {
        return (await fs.stat(`${NETNS_DIR}/${name}`)).ino;
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") {
            return undefined;
        }
        throw err;
    }
}
