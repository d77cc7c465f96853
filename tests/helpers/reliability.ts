/**
 * Per-category results of the reliability suite, written as JSON for the summary that
 * `npm run test:reliability` and `npm test` print (scripts/reliability-summary.js).
 */
import * as fs from "fs";
import * as path from "path";

export const SUMMARY_DIR = path.resolve(__dirname, "../.work/reliability");

export interface CategoryResult {
    category: string;
    tried: number;
    passed: number;
    /** What was left behind after the category's own cleanup: namespaces, rules, intents. */
    leaked: string[];
    notes?: string[];
}

export function report(result: CategoryResult): void {
    fs.mkdirSync(SUMMARY_DIR, { recursive: true });
    const file = path.join(SUMMARY_DIR, `${result.category.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}.json`);
    fs.writeFileSync(file, JSON.stringify(result, null, 2));
}
