/**
 * The contract every resource implements, and the adapter that turns it into the six methods of
 * a Pulumi dynamic provider. The adapter owns what is common: schema checks (again in create and
 * update, where values unknown at preview are finally known), schema diffs, wrapping kernel
 * failures as `failed to <verb> <kind> "<name>" ...`, and reporting a vanished object to refresh.
 * Only type imports of Pulumi here: the provider never loads the Pulumi runtime.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { KernelObjectError, VerificationError, failureDetail } from "../exec/errors";
import { Runner, runCommand } from "../exec/run";
import { isUnknown } from "../validate/fields";
import { CONNECTION, checkConnection, connectionChange, connectionOf, runnerFor, withoutConnection } from "./connection";
import { CheckFailure, Schema, checkAgainstSchema, diffAgainstSchema } from "./schema";

/** Every resource has a namespace (undefined: the root namespace). */
export interface BaseInputs {
    namespace?: string;
}

/**
 * A resource type, declared once: its name, its fields (the schema: type, default, identity or in
 * place), what it reads back, and its operations on the kernel. The dynamic provider, the SDK
 * class's registration, the type token, the plan and the topology reader are all derived from it
 * (see ../registry.ts).
 */
export interface ResourceImplementation<I extends BaseInputs, O extends I> {
    /** The type's name: the SDK class, and the last part of its type token. */
    readonly typeName: string;
    /** For messages: "network namespace", "veth pair", ... */
    readonly kind: string;
    readonly schema: Schema;
    /** What `read` adds to the inputs: the outputs read back from the kernel (`ifindex`, ...). */
    readonly outputs: readonly string[];
    /** Checks that involve more than one field, run once every field is valid and known. */
    crossCheck?(inputs: I): CheckFailure[];
    /** The object's name, for messages. */
    nameOf(inputs: I): string;
    /** Creates (or adopts our own marked object), verifies by reading back, returns id and outputs. */
    create(run: Runner, inputs: I): Promise<{ id: string; outs: O }>;
    /** The object as the kernel has it now, or undefined when it is gone. */
    read(run: Runner, state: O): Promise<O | undefined>;
    /** Applies the in-place changes in `changed` and returns the verified new state. */
    update(run: Runner, olds: O, news: I, changed: string[]): Promise<O>;
    /** Deletes the object; already gone is success. */
    delete(run: Runner, state: O): Promise<void>;
    /**
     * The output a refresh marked when the object in the state is gone but left something behind
     * that only its own delete removes: the next `up` replaces it (delete first), whatever the
     * program says. Undefined when the state holds no such mark.
     */
    lostWithRemains?(state: O): string | undefined;
    /**
     * The kernel writes each operation runs when the kernel holds what the state says (for a
     * create: nothing of it yet), built by the same functions the operations run: what `pulumi
     * up` will do, for a reviewer (tools/plan). Pure; `news` are checked inputs.
     */
    readonly plan: OperationPlans<I, O>;
    /** The kernel objects the state says this resource has: what a picture of the stack shows. Pure. */
    objects(state: O): KernelObject[];
}

/**
 * A kernel object as a resource's state describes it; `namespace` undefined is the root
 * namespace. A link mentioned only by name (the device of an address) is `kind` undefined.
 */
export type KernelObject =
    | { object: "namespace"; name: string }
    | { object: "link"; namespace?: string; name: string; kind?: string; up?: boolean; master?: string }
    | { object: "cable"; a: { namespace?: string; name: string }; b: { namespace?: string; name: string } }
    | { object: "address"; namespace?: string; device: string; address: string }
    | { object: "nat"; namespace?: string; source: string; outInterface?: string }
    | { object: "forwarding"; namespace?: string; ipv4: boolean; ipv6: boolean };

/** An argv per kernel write, in the order they run. */
export type Commands = string[][];

export interface OperationPlans<I, O> {
    create(inputs: I): Commands;
    update(olds: O, news: I): Commands;
    delete(state: O): Commands;
}

/** Reads back an object that must exist after we changed it (apply, then verify). */
export async function readBack<I extends BaseInputs, O extends I>(impl: ResourceImplementation<I, O>, run: Runner, state: O): Promise<O> {
    const outs = await impl.read(run, state);
    if (!outs) throw new VerificationError(`the ${impl.kind} is gone`);
    return outs;
}

export interface CheckedInputs<I> {
    inputs: I;
    failures: CheckFailure[];
}

export function checkInputs<I extends BaseInputs, O extends I>(
    impl: ResourceImplementation<I, O>,
    news: Record<string, unknown>,
): CheckedInputs<I> {
    const { inputs, failures } = checkAgainstSchema<I>(impl.schema, news);
    const allKnown = Object.values(inputs as object).every((v) => !isUnknown(v));
    if (failures.length === 0 && allKnown && impl.crossCheck) {
        failures.push(...impl.crossCheck(inputs));
    }
    return { inputs, failures };
}

/** The error `create`/`update` throw for inputs that only became known (and bad) at apply time. */
function invalidInputsError(kind: string, failures: CheckFailure[]): Error {
    return new Error(`invalid ${kind} inputs: ${failures.map((f) => f.reason).join("; ")}`);
}

function wrap(verb: string, kind: string, name: string, namespace: string | undefined, err: unknown): KernelObjectError {
    if (err instanceof KernelObjectError) {
        return err;
    }
    return new KernelObjectError(verb, kind, name, namespace, failureDetail(err), err);
}

/**
 * The lines the dynamic-provider host is about to print for errors of read and delete (it writes
 * `${error}: ${error.stack}` to its stderr before reporting the error itself, which the engine
 * shows under the resource anyway): dropped, so that each failure reads once. Only exactly these
 * lines: anything else the process prints, the user's own dynamic providers' included, passes.
 */
const echoes = new Set<string>();
let echoesDropped = false;

function reportedOnce(err: KernelObjectError): KernelObjectError {
    if (!echoesDropped) {
        echoesDropped = true;
        const print = console.error.bind(console);
        console.error = (...args: unknown[]) => {
            if (args.length === 1 && typeof args[0] === "string" && echoes.delete(args[0])) return;
            print(...args);
        };
    }
    echoes.add(`${err.toString()}: ${err.stack}`);
    return err;
}

/** Pulumi's wire format has no `undefined`: a field the kernel does not have is left out. */
function defined<T extends object>(state: T): T {
    return Object.fromEntries(Object.entries(state).filter(([, value]) => value !== undefined)) as T;
}

/** The schema fields of a state object: what counts as inputs after a refresh. */
function pickInputs(schema: Schema, state: object): Record<string, unknown> {
    return Object.fromEntries(Object.entries(state).filter(([key, value]) => key in schema && value !== undefined));
}

function knownInputs<I extends BaseInputs, O extends I>(impl: ResourceImplementation<I, O>, news: Record<string, unknown>): I {
    const { inputs, failures } = checkInputs(impl, withoutConnection(news));
    failures.push(...checkConnection(news[CONNECTION]).failures);
    if (failures.length) {
        throw invalidInputsError(impl.kind, failures);
    }
    return inputs;
}

/**
 * Builds the dynamic provider methods. `run` is injectable for tests of the adapter itself;
 * resources always run through exec/run.
 */
export function toDynamicProvider<I extends BaseInputs, O extends I>(
    impl: ResourceImplementation<I, O>,
    run: Runner = runCommand,
): dynamic.ResourceProvider {
    return {
        check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
            const { inputs, failures } = checkInputs(impl, withoutConnection(news));
            const connection = checkConnection(news[CONNECTION]);
            failures.push(...connection.failures);
            // Each reason already names the field and the value as the program wrote it. With a
            // property, the engine would prefix its own rendering of the value (a table of
            // 99999999999 as {9.9999999999e+10}, a missing gateway as {<nil>}).
            return Promise.resolve({
                inputs: { ...inputs, ...(connection.connection ? { [CONNECTION]: connection.connection } : {}) },
                failures: failures.map((f) => ({ property: "", reason: f.reason })),
            });
        },

        diff(_id: string, olds: O, news: I) {
            const [before, after] = [olds as Record<string, unknown>, news as Record<string, unknown>];
            const decision = diffAgainstSchema(impl.schema, before, after);
            const connection = connectionChange(before, after);
            const lost = impl.lostWithRemains?.(olds);
            return Promise.resolve({
                changes: decision.changes || connection !== "none" || lost !== undefined,
                replaces: [...decision.replaces, ...(connection === "host" ? [CONNECTION] : []), ...(lost !== undefined ? [lost] : [])],
                deleteBeforeReplace: decision.deleteBeforeReplace,
            });
        },

        async create(news: Record<string, unknown>) {
            const inputs = knownInputs(impl, news);
            try {
                const { id, outs } = await impl.create(runnerFor(news, run), inputs);
                return { id, outs: { ...defined(outs), ...connectionOf(news) } };
            } catch (err) {
                throw wrap("create", impl.kind, impl.nameOf(inputs), inputs.namespace, err);
            }
        },

        async read(id: string, props: O) {
            try {
                const state = await impl.read(runnerFor(props, run), withoutConnection(props));
                if (!state) return {};
                // Returning the refreshed inputs too makes the next preview diff the program
                // against what the kernel has, so drift shows on the very field that drifted.
                return {
                    id,
                    props: { ...defined(state), ...connectionOf(props) },
                    inputs: { ...pickInputs(impl.schema, state), ...connectionOf(props) },
                };
            } catch (err) {
                throw reportedOnce(wrap("read", impl.kind, impl.nameOf(props), props.namespace, err));
            }
        },

        async update(_id: string, olds: O, news: Record<string, unknown>) {
            const inputs = knownInputs(impl, news);
            const { changed } = diffAgainstSchema(impl.schema, olds as Record<string, unknown>, inputs as Record<string, unknown>);
            try {
                // The new connection: only its credentials can differ from the old one's (a new host replaces).
                const outs = defined(await impl.update(runnerFor(news, run), withoutConnection(olds), inputs, changed));
                return { outs: { ...outs, ...connectionOf(news) } };
            } catch (err) {
                throw wrap("update", impl.kind, impl.nameOf(inputs), inputs.namespace, err);
            }
        },

        async delete(_id: string, props: O) {
            try {
                await impl.delete(runnerFor(props, run), withoutConnection(props));
            } catch (err) {
                throw reportedOnce(wrap("delete", impl.kind, impl.nameOf(props), props.namespace, err));
            }
        },
    };
}
