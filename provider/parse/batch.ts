/**
 * Parses what an `ip -j -batch -` run printed: each `show` line of the batch prints one JSON list
 * on a line of its own and a write prints nothing, so the answers are the output's non-empty
 * lines, in the order of the show lines. Pure.
 */
export function parseBatchAnswers(stdout: string, expected: number): unknown[] {
    const lines = stdout.split("\n").filter((line) => line.trim() !== "");
    const answers = lines.map((line) => {
        try {
            return JSON.parse(line) as unknown;
        } catch {
            return undefined;
        }
    });
    if (answers.length !== expected || answers.some((answer) => !Array.isArray(answer))) {
        throw new Error(`unexpected \`ip -j -batch\` output (${expected} JSON list${expected === 1 ? "" : "s"} expected, one per line): ${JSON.stringify(stdout.slice(0, 300))}`);
    }
    return answers;
}
