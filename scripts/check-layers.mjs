// Fails when a module of src/ imports from a higher layer (ARCHITECTURE.md, "Layers") or when the
// imports between files form a cycle (type-only imports included). Tests and fixtures are left out.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Top to bottom; folders on one line share a layer. */
const LAYERS = [
  ["cli"],
  ["tui"],
  ["headless", "doctor", "acp"],
  ["agent"],
  ["mcp", "rollout"],
  ["tools", "telemetry"],
  ["protocol"],
  ["gateway"],
  ["config"],
  ["util", "version.ts"],
];
const depth = new Map(LAYERS.flatMap((names, i) => names.map((n) => [n, LAYERS.length - i])));

const files = readdirSync("src", { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
  .map((e) => path.join(e.parentPath, e.name))
  .filter((f) => !f.split(path.sep).includes("__fixtures__"));
const known = new Set(files);
const resolve = (from, spec) => {
  const base = path.join(path.dirname(from), spec).replace(/\.js$/, "");
  return [`${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")].find((f) => known.has(f));
};
const edges = new Map();
const problems = [];
for (const file of files) {
  const text = readFileSync(file, "utf8");
  const targets = [...text.matchAll(/(?:from|import\()\s*["'](\.{1,2}\/[^"']+)["']/g)]
    .map((m) => resolve(file, m[1]))
    .filter(Boolean);
  edges.set(file, targets);
  const room = file.split(path.sep)[1];
  for (const target of targets) {
    const other = target.split(path.sep)[1];
    if ((depth.get(other) ?? 0) > (depth.get(room) ?? 0)) problems.push(`${file} imports ${target}: a higher layer`);
  }
}
// Cycles: depth-first search, reporting each cycle once by its first file.
const state = new Map();
const stack = [];
const visit = (file) => {
  state.set(file, "open");
  stack.push(file);
  for (const next of edges.get(file) ?? []) {
    if (state.get(next) === "open")
      problems.push(`import cycle: ${[...stack.slice(stack.indexOf(next)), next].join(" → ")}`);
    else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(file, "done");
};
for (const file of files) if (!state.has(file)) visit(file);
for (const p of problems) console.error(`layers: ${p}`);
if (problems.length) process.exit(1);
console.log(`layers: ${files.length} modules, no import from a higher layer, no cycle`);
