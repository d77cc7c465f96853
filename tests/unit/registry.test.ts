/**
 * A resource type is declared once (its module in provider/resources, found by the registry);
 * the SDK class that users write against must agree with it: the same fields, documented as
 * replacing exactly when the declaration says a change replaces, every output declared, and the
 * class exported. And no type token is spelled out anywhere but the registry.
 */
import * as fs from "fs";
import * as path from "path";
import { TYPE_TOKEN_PREFIX, resourceTypes, typeNameOf, typeToken } from "../../provider/registry";

const ROOT = path.join(__dirname, "../..");
const SDK = path.join(ROOT, "sdk");
const sdkSource = (typeName: string) => fs.readFileSync(path.join(SDK, `${typeName[0].toLowerCase()}${typeName.slice(1)}.ts`), "utf8");

/** `{ field: its doc comment }` of the `<Type>Args` interface, in source order. */
function argsDocs(source: string, typeName: string): Record<string, string> {
    const body = new RegExp(`export interface ${typeName}Args extends RemoteArgs \\{([\\s\\S]*?)\\n\\}`).exec(source)?.[1] ?? "";
    return Object.fromEntries([...body.matchAll(/\/\*\*([\s\S]*?)\*\/\s*(\w+)\??:/g)].map((m) => [m[2], m[1]]));
}

test("the registry finds every type, each once, by the name its SDK class has", () => {
    const names = [...resourceTypes().keys()];
    expect(names.length).toBeGreaterThanOrEqual(9);
    const classes = fs.readdirSync(SDK).filter((f) => f.endsWith(".ts") && !["index.ts", "config.ts", "resource.ts", "connection.ts", "lineage.ts"].includes(f));
    expect(classes.map((f) => f.replace(/\.ts$/, "")).sort()).toEqual(names.map((n) => `${n[0].toLowerCase()}${n.slice(1)}`).sort());
    const index = fs.readFileSync(path.join(SDK, "index.ts"), "utf8");
    for (const name of names) {
        expect(index).toMatch(new RegExp(`export \\{ ${name} \\} from`));
        expect(index).toMatch(new RegExp(`export type \\{ ${name}Args \\} from`));
    }
});

describe.each([...resourceTypes().keys()])("%s: the SDK class agrees with the declaration", (typeName) => {
    const type = resourceTypes().get(typeName)!;
    const source = sdkSource(typeName);

    test("its Args are the declared fields, and `connection` (RemoteArgs) like every type", () => {
        expect(Object.keys(argsDocs(source, typeName)).sort()).toEqual(Object.keys(type.schema).sort());
    });

    test("each field's doc says it replaces exactly when a change to it replaces", () => {
        for (const [field, doc] of Object.entries(argsDocs(source, typeName))) {
            const saysReplaces = /Replaces the/.test(doc);
            if (saysReplaces !== (type.schema[field].replaces === true)) {
                throw new Error(`${typeName}Args.${field}: the doc ${saysReplaces ? "says" : "does not say"} "Replaces the ...", but the declaration has replaces: ${type.schema[field].replaces === true}`);
            }
            if (!saysReplaces && !/in place|Updated/i.test(doc) && field !== "adopt") {
                throw new Error(`${typeName}Args.${field}: the doc does not say that a change is made in place`);
            }
        }
    });

    test("every output it reads back is declared on the class", () => {
        for (const output of type.outputs) expect(source).toMatch(new RegExp(`declare public readonly ${output}: pulumi\\.Output<`));
    });

    test("its token round-trips", () => {
        expect(typeNameOf(typeToken(typeName))).toBe(typeName);
    });
});

test("no type token is spelled out outside the registry", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const file = path.join(dir, entry.name);
            if (entry.isDirectory()) {
                if (!["node_modules", "dist", ".work", "fixtures"].includes(entry.name)) walk(file);
            } else if (/\.(ts|js)$/.test(entry.name) && fs.readFileSync(file, "utf8").includes(TYPE_TOKEN_PREFIX) && !file.endsWith(path.join("provider", "registry.ts"))) {
                offenders.push(path.relative(ROOT, file));
            }
        }
    };
    for (const dir of ["provider", "sdk", "tools", "bench", "tests", "demo", "examples"]) walk(path.join(ROOT, dir));
    // This test names the prefix through the registry's constant, so it is not an offender itself.
    expect(offenders).toEqual([]);
});

/**
 * The README's resource table is the contract users read: one row per type, its identity column
 * exactly the fields that replace, its in-place column exactly the others (`adopt` aside, which
 * changes nothing in the kernel). Words in parentheses are notes, not fields.
 */
test("the README's resource table lists every type with its identity and in-place fields as declared", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const section = readme.split(/^## Resources$/m)[1].split(/^## /m)[0];
    const rows = new Map(
        [...section.matchAll(/^\| `(\w+)` \| ([^|]*) \| ([^|]*) \|/gm)].map((m) => [m[1], [m[2], m[3]]] as const),
    );
    const fields = (cell: string) => cell.replace(/\([^)]*\)/g, "").split(",").map((f) => f.trim()).filter((f) => f && f !== "—").sort();
    expect([...rows.keys()].sort()).toEqual([...resourceTypes().keys()].sort());
    for (const [typeName, type] of resourceTypes()) {
        const [identity, inPlace] = rows.get(typeName)!;
        const declared = Object.entries(type.schema);
        expect({ typeName, identity: fields(identity) }).toEqual({ typeName, identity: declared.filter(([, s]) => s.replaces).map(([f]) => f).sort() });
        expect({ typeName, inPlace: fields(inPlace) }).toEqual({ typeName, inPlace: declared.filter(([f, s]) => !s.replaces && f !== "adopt").map(([f]) => f).sort() });
    }
});
