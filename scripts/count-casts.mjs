// Counts type assertions (`x as T`, `<T>x`; not `as const`) in the product's source, per 1,000
// lines, and fails above the budget: a cast is a place where the compiler was told to trust us.
// Usage: node scripts/count-casts.mjs [--max N] [--list]
import fs from "node:fs";
import { execFileSync } from "node:child_process";
import ts from "typescript";

const args = process.argv.slice(2);
const maxIndex = args.indexOf("--max");
const budget = maxIndex >= 0 ? Number(args[maxIndex + 1]) : 3;
const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "src"], {
  encoding: "utf8",
})
  .split("\n")
  .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.includes("__fixtures__") && fs.existsSync(f));

let casts = 0;
let lines = 0;
const perFile = new Map();
for (const file of files) {
  const text = fs.readFileSync(file, "utf8");
  lines += text.split("\n").length;
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const visit = (node) => {
    const isCast = ts.isAsExpression(node) || ts.isTypeAssertionExpression(node);
    if (isCast && node.type.getText(source) !== "const") {
      casts++;
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      perFile.set(file, [...(perFile.get(file) ?? []), line + 1]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}
const per1000 = (casts * 1000) / lines;
if (args.includes("--list")) {
  for (const [file, at] of [...perFile].sort((a, b) => b[1].length - a[1].length))
    console.log(`${file}: ${at.join(", ")}`);
}
console.log(`casts: ${casts} in ${lines} lines of src/ (${per1000.toFixed(2)} per 1,000; budget ${budget})`);
if (per1000 > budget) process.exit(1);
