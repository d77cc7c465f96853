/**
 * A small journal of creations in flight, kept on tmpfs under /run like /run/netns itself.
 *
 * Why: the kernel cannot create a link or a namespace already carrying our mark — `ip link add
 * ... alias X` silently drops the alias, and a namespace's mark is set on its `lo` afterwards —
 * so there is a moment, between "add" and "mark", when a crash leaves an object of ours that
 * looks foreign. Before the "add" we write an intent; after the mark we remove it. A `create`
 * that finds an unmarked object with a matching intent knows it made it, and adopts it.
 * A reboot clears both /run and the namespaces, so the journal never outlives what it describes.
 * The files are read and written synchronously: on tmpfs that is cheaper than a trip through
 * Node's thread pool (bench/README.md has the figures).
 */
import { existsSync, lstatSync, mkdirSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { ExplainedError } from "./errors";
import { Runner } from "./run";
import { SessionError } from "./session";

/**
 * /run/pulumi-linuxnet/intents for root; a user who reaches the kernel through sudo keeps it in
 * their own runtime directory (also tmpfs, also cleared by a reboot), or under /tmp.
 */
function journalDir(): string {
    if (process.env.LINUXNET_INTENT_DIR) return process.env.LINUXNET_INTENT_DIR;
    const uid = process.getuid?.() ?? 0;
    if (uid === 0) return "/run/pulumi-linuxnet/intents";
    return path.join(process.env.XDG_RUNTIME_DIR ?? os.tmpdir(), `pulumi-linuxnet-${uid}`, "intents");
}

/**
 * Outside /run (a user's journal under /tmp), the directory must be this user's own and private:
 * anyone else able to plant an intent there could make us adopt, and later delete, their object.
 */
function assertOwnJournal(): void {
    const uid = process.getuid?.() ?? 0;
    if (uid === 0) return;
    const dir = journalDir();
    for (const d of [dir, path.dirname(dir)]) {
        const stat = lstatSync(d);
        if (!stat.isDirectory() || stat.uid !== uid || (stat.mode & 0o077) !== 0) {
            throw new Error(`the creation journal ${dir} must be in a directory of uid ${uid} that no one else can write or read (${d} is not; set LINUXNET_INTENT_DIR or XDG_RUNTIME_DIR to one)`);
        }
    }
}

/**
 * One file per object; names are validated (`[A-Za-z0-9_.-]`), so they are safe in a file name.
 * An object on a remote host (`target`) has its intents here too, under the host's name: the
 * journal belongs to the machine whose provider may crash, which is this one.
 */
function intentFile(kind: string, namespace: string | undefined, name: string, target?: string): string {
    const where = target ? `${target.replace(/[^A-Za-z0-9_.-]/g, "_")}#` : "";
    return path.join(journalDir(), `${where}${kind}@${namespace ?? "-"}@${name}`);
}

export function recordIntent(kind: string, namespace: string | undefined, name: string, target?: string): void {
    mkdirSync(journalDir(), { recursive: true, mode: 0o700 });
    assertOwnJournal();
    writeFileSync(intentFile(kind, namespace, name, target), `${process.pid} ${new Date().toISOString()}\n`);
}

export function clearIntent(kind: string, namespace: string | undefined, name: string, target?: string): void {
    rmSync(intentFile(kind, namespace, name, target), { force: true });
}

export function hasIntent(kind: string, namespace: string | undefined, name: string, target?: string): boolean {
    return existsSync(intentFile(kind, namespace, name, target));
}

/**
 * Thrown by a creation whose undo failed after a failed attempt: what it made may still be there,
 * unmarked, so its intent stays on record and the next attempt recognises it as ours. Its message
 * gives the failure and every undo step that failed; `cause` is the failure.
 */
export class UndoFailedError extends ExplainedError {
    constructor(readonly failure: unknown, readonly undoFailures: readonly unknown[]) {
        super(`${messageOf(failure)}; undoing what was made failed too, so it may still be there (the next \`pulumi up\` takes it as ours): ${undoFailures.map(messageOf).join("; ")}`);
        this.name = "UndoFailedError";
        this.cause = failure;
    }
}

function messageOf(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
}

/** What a creation has made so far, as the steps that take it back. */
export interface Undo {
    /** Records how to take back what was just made; on failure the steps run last first. */
    add(step: () => Promise<void>): void;
}

/**
 * The one rule for a creation that fails half-way: run `work`; if it throws, take back what it
 * recorded as made, last first, every step even when one fails (as CNI's teardown collects every
 * error), then throw its error — or, when a step failed, an UndoFailedError that reports them all,
 * for which withCreationIntent keeps the intent on record.
 */
export async function withUndo<T>(work: (undo: Undo) => Promise<T>): Promise<T> {
    const steps: (() => Promise<void>)[] = [];
    try {
        return await work({ add: (step) => steps.unshift(step) });
    } catch (err) {
        const undoFailures: unknown[] = [];
        for (const step of steps) {
            try {
                await step();
            } catch (undoErr) {
                undoFailures.push(undoErr);
            }
        }
        if (undoFailures.length) throw new UndoFailedError(err, undoFailures);
        throw err;
    }
}

/**
 * Runs a creation with its intent on record: written before `create` touches the kernel, removed
 * when it returns or throws (after any undo it did) — kept only when the undo itself failed
 * (UndoFailedError). `create` learns whether an intent was already there — a crash of an earlier
 * run in its window — so it can treat an unmarked object of that name as its own.
 */
export async function withCreationIntent<T>(run: Runner, kind: string, namespace: string | undefined, name: string, create: (intended: boolean) => Promise<T>): Promise<T> {
    const target = run.host;
    const intended = hasIntent(kind, namespace, name, target);
    recordIntent(kind, namespace, name, target);
    let keep = false;
    try {
        return await create(intended);
    } catch (err) {
        // A session lost while a command was on its way (the host, the network or ssh gone) leaves
        // the outcome unknown: it may have run. Like a failed undo, what it made may be there,
        // unmarked. (A session that never opened ran nothing.)
        keep = err instanceof UndoFailedError || (err instanceof SessionError && err.mayHaveRun);
        throw err;
    } finally {
        if (!keep) clearIntent(kind, namespace, name, target);
    }
}
