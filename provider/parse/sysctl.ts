/** Parses `sysctl -n` output. Pure. */

/** One boolean switch per line ("0"/"1"), in the order the keys were asked for. */
export function parseSwitches(text: string, count: number): boolean[] {
    const lines = text.trim().split("\n").map((l) => l.trim());
    if (lines.length !== count || !lines.every((l) => /^\d+$/.test(l))) {
        throw new Error(`unexpected sysctl output: ${JSON.stringify(text)}`);
    }
    return lines.map((l) => l !== "0");
}
