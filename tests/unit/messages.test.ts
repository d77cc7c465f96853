/**
 * Every validation message in the user's words, as the engine shows it: the reason names the
 * field and the value as the program wrote it (numbers as written, not as the engine would print
 * them), a missing field is named as missing with what is needed, and nothing else is prefixed
 * (the engine adds "property X value {V}" only to failures that name a property).
 */
import { providers } from "../../provider";
import { badInputs, missingFields } from "../helpers/badInputs";

async function reasons(resource: string, args: Record<string, unknown>): Promise<{ property: string; reason: string }[]> {
    const result = await providers[resource].check!({}, args);
    return result.failures ?? [];
}

describe.each(badInputs.map((c) => [c.resource, JSON.stringify(c.args), c]))("%s %s", (_resource, _args, c) => {
    test("fails at check with the field, the value as written and why, and no property for the engine to render", async () => {
        const failures = await reasons(c.resource, c.args);
        expect(failures.map((f) => f.reason).join("\n")).toContain(c.message);
        for (const failure of failures) expect(failure.property).toBe("");
    });
});

test.each(missingFields.map((c) => [c.resource, c]))("%s: a missing field is named, with what is needed", async (_resource, c) => {
    expect((await reasons(c.resource, c.args)).map((f) => f.reason)).toContain(c.message);
});

test("a number is shown as the program wrote it", async () => {
    expect((await reasons("Route", { destination: "10.0.0.0/8", gateway: "192.168.1.1", table: 99999999999 })).map((f) => f.reason)).toEqual([
        'table 99999999999 must be "main", "local" or a table number from 1 to 4294967295',
    ]);
});
