// Prints the reliability suite's summary: per category, the cases tried and passed, and whether
// anything leaked. Reads what tests/helpers/reliability.ts wrote during the run.
const fs = require("fs");
const path = require("path");

const dir = path.resolve(__dirname, "../tests/.work/reliability");
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort() : [];
if (files.length === 0) {
    console.log("reliability summary: no category ran");
    process.exit(0);
}
const rows = files.map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")));
const width = Math.max(...rows.map((r) => r.category.length), 8);
console.log("\nreliability summary");
console.log(`  ${"category".padEnd(width)}  tried  passed  leaked`);
for (const r of rows) {
    console.log(`  ${r.category.padEnd(width)}  ${String(r.tried).padStart(5)}  ${String(r.passed).padStart(6)}  ${r.leaked.length ? r.leaked.join(", ") : "nothing"}`);
    for (const note of r.notes ?? []) console.log(`  ${" ".repeat(width)}  ${note}`);
}
