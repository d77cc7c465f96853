/**
 * Per-resource input schemas and the generic check/diff logic built on them. Each resource
 * declares its fields once — type, required, default, and whether a change replaces the object
 * (identity) or updates it in place — and `check` and `diff` follow from that table.
 */
import { FieldType, isUnknown } from "../validate/fields";

export interface FieldSpec {
    type: FieldType;
    required?: boolean;
    /** Identity fields: a change deletes the kernel object and creates it again. */
    replaces?: boolean;
    /** Applied by `check` when the field is omitted, so state always shows the effective value. */
    default?: unknown;
    /**
     * Removing the field from the program undoes it (a bridge port is detached). Without this an
     * omitted optional field means "no opinion": the kernel keeps what it has.
     */
    unsetClears?: boolean;
}

export type Schema = Record<string, FieldSpec>;

/** A failed input: the property named as the user wrote it, and why. */
export interface CheckFailure {
    property: string;
    reason: string;
}

export interface CheckResult<I> {
    inputs: I;
    failures: CheckFailure[];
}

/** Shows a bad value the way the user wrote it: strings quoted, anything else as JSON. */
export function showValue(value: unknown): string {
    return JSON.stringify(value) ?? String(value);
}

export function failure(property: string, value: unknown, reason: string): CheckFailure {
    return { property, reason: `${property} ${showValue(value)} ${reason}` };
}

/**
 * Validates and normalises inputs against a schema. Values still unknown during a preview pass
 * through untouched: they are checked again in `create`/`update`, when known.
 */
export function checkAgainstSchema<I>(schema: Schema, news: Record<string, unknown>): CheckResult<I> {
    const inputs: Record<string, unknown> = {};
    const failures: CheckFailure[] = [];
    for (const [property, spec] of Object.entries(schema)) {
        let value = news[property];
        if (value === undefined || value === null) {
            if (spec.default !== undefined) {
                inputs[property] = spec.default;
            } else if (spec.required) {
                failures.push({ property, reason: `${property} is required` });
            }
            continue;
        }
        if (isUnknown(value)) {
            inputs[property] = value;
            continue;
        }
        const problem = spec.type.problem(value);
        if (problem) {
            failures.push(failure(property, value, problem));
            continue;
        }
        value = spec.type.normalize(value);
        inputs[property] = value;
    }
    for (const property of Object.keys(news)) {
        if (!(property in schema) && !property.startsWith("__")) {
            failures.push({ property, reason: `${property} is not a known property (known: ${Object.keys(schema).join(", ")})` });
        }
    }
    return { inputs: inputs as I, failures };
}

export interface DiffDecision {
    changes: boolean;
    replaces: string[];
    /** The fields that differ, identity or not, for messages and tests. */
    changed: string[];
    deleteBeforeReplace: boolean;
}

/**
 * Compares old state with new, already-checked inputs, field by field. An optional field the
 * program leaves out means "no opinion": the kernel keeps whatever it has. Kernel names are
 * unique, so a replacement always deletes first.
 */
export function diffAgainstSchema(schema: Schema, olds: Record<string, unknown>, news: Record<string, unknown>): DiffDecision {
    const changed: string[] = [];
    const replaces: string[] = [];
    for (const [property, spec] of Object.entries(schema)) {
        const next = news[property];
        if (next === undefined && !(spec.unsetClears && olds[property] !== undefined)) {
            continue;
        }
        if (!isUnknown(next) && sameValue(olds[property], next)) {
            continue;
        }
        changed.push(property);
        if (spec.replaces) {
            replaces.push(property);
        }
    }
    return { changes: changed.length > 0, replaces, changed, deleteBeforeReplace: true };
}

function sameValue(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}
