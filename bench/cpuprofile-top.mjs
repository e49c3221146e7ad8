// Summarises a V8 .cpuprofile (from `node --cpu-prof`): top functions by self time, and time by
// script, and by package or source folder of the bundle. `node bench/cpuprofile-top.mjs FILE.cpuprofile [N]`.
import { existsSync, readFileSync } from "node:fs";

const [file, nArg] = process.argv.slice(2);
if (!file) {
  console.error("usage: node bench/cpuprofile-top.mjs FILE.cpuprofile [N]");
  process.exit(2);
}
const top = Number(nArg ?? 25);
const p = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = p.timeDeltas;
for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (dt[i] ?? 0));
const totalUs = dt.reduce((a, b) => a + b, 0);
const short = (url) => url.replace(/^file:\/\//, "").replace(/.*\/(dist|node_modules)\//, "$1/");
const fnKey = (n) =>
  `${n.callFrame.functionName || "(anonymous)"} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
const byFn = new Map();
const byUrl = new Map();
for (const [id, us] of self) {
  const n = byId.get(id);
  byFn.set(fnKey(n), (byFn.get(fnKey(n)) ?? 0) + us);
  const u = short(n.callFrame.url) || `(${n.callFrame.functionName})`;
  byUrl.set(u, (byUrl.get(u) ?? 0) + us);
}
// Inclusive time: self of the node plus its subtree.
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
for (const [id, us] of self) {
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = fnKey(byId.get(cur));
    if (seen.has(k)) continue;
    seen.add(k);
    incl.set(k, (incl.get(k) ?? 0) + us);
  }
}
const ms = (us) => (us / 1000).toFixed(1).padStart(8);
const show = (title, m) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${ms(us)} ms  ${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${k}`);
};
// The package (or our source folder) a sample's function came from: esbuild's bundle marks where
// each module starts with a `// node_modules/…` or `// src/…` comment line.
const moduleStarts = new Map();
function startsOf(url) {
  if (!moduleStarts.has(url)) {
    const path = url.replace(/^file:\/\//, "");
    const starts = [];
    if (url.includes("/dist/") && existsSync(path))
      for (const [i, line] of readFileSync(path, "utf8").split("\n").entries()) {
        const m = /^\/\/ (node_modules\/(?:@[^/]+\/)?[^/]+|src\/[^/]+)/.exec(line);
        if (m) starts.push([i, m[1]]);
      }
    moduleStarts.set(url, starts);
  }
  return moduleStarts.get(url);
}
function partOf(n) {
  const { url, lineNumber, functionName } = n.callFrame;
  if (!url) return `(${functionName})`;
  if (url.startsWith("wasm://")) return "wasm (Yoga)";
  if (url.startsWith("node:")) return "node: built-ins";
  let part = "dist (outside any module)";
  for (const [line, name] of startsOf(url)) if (line <= lineNumber) part = name;
  return part;
}
const byPart = new Map();
for (const [id, us] of self) {
  const k = partOf(byId.get(id));
  byPart.set(k, (byPart.get(k) ?? 0) + us);
}
console.log(`${file}: ${(totalUs / 1000).toFixed(0)} ms sampled`);
show("self time by package (node_modules/…) or source folder (src/…)", byPart);
show("self time by function", byFn);
show("self time by script", byUrl);
show("inclusive time by function", incl);
