/**
 * The SDK's documentation is part of the product: every resource class carries a usage example
 * and its equivalent command, and every Args field says whether a change updates in place or
 * replaces. (The HTML reference is generated from these comments by `npm run docs`.)
 */
import * as fs from "fs";
import * as path from "path";
import { resourceTypes } from "../../provider/registry";

const SDK = path.join(__dirname, "../../sdk");
// One class per resource type, in the file named after it (tests/unit/registry.test.ts checks that).
const files = [...resourceTypes().keys()].map((name) => `${name[0].toLowerCase()}${name.slice(1)}.ts`);

describe.each(files)("sdk/%s", (file) => {
    const source = fs.readFileSync(path.join(SDK, file), "utf8");

    test("the class has a usage example and its equivalent command", () => {
        const classDoc = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export class/.exec(source)?.[1] ?? "";
        expect(classDoc).toContain("```ts");
        expect(classDoc).toMatch(/Equivalent to:|```ts[\s\S]*linuxnet\./);
    });

    test("every Args field is documented with update-or-replace", () => {
        const args = /export interface \w+Args(?: extends \w+)? \{([\s\S]*?)\n\}/.exec(source)?.[1] ?? "";
        const fields = [...args.matchAll(/\/\*\*([\s\S]*?)\*\/\s*(\w+)\??:/g)];
        const declared = [...args.matchAll(/^\s{4}(\w+)\??:/gm)].map((m) => m[1]);
        // Never vacuous: every type has fields, and an Args the pattern misses would pass with none.
        expect(declared.length).toBeGreaterThan(0);
        expect(fields.map((f) => f[2])).toEqual(declared);
        for (const [, doc, field] of fields) {
            const says = /replace|in place|Updated|Replaces/i.test(doc) || field === "adopt";
            if (!says) throw new Error(`${file}: ${field} does not say whether a change updates or replaces`);
        }
    });
});
