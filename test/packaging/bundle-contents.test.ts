// What the built dist/ carries (vitest's global setup rebuilds it when stale). A dependency
// bundled whole, when the code uses a corner of it, costs every command its load time.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./helpers.js";

const dist = path.join(REPO, "dist");
const chunks = path.join(dist, "chunks");
const cjs = path.join(dist, "cjs");

/** The files Node loads to evaluate `file` (a dist/ path): it and every file it imports statically, transitively. */
function staticGraph(file: string): string[] {
  const seen = new Set<string>();
  const todo = [file];
  while (todo.length) {
    const next = todo.pop() ?? "";
    if (seen.has(next)) continue;
    seen.add(next);
    const source = readFileSync(next, "utf8");
    for (const m of source.matchAll(/^import\s(?:[^;]*?\sfrom\s*)?"(\.{1,2}\/[^"]+)";/gm))
      todo.push(path.resolve(path.dirname(next), m[1] ?? ""));
  }
  return [...seen];
}

/** The chunk dist/cli.js imports lazily whose name starts with `name`, e.g. "main" (every command but the plain UI). */
function lazyChunk(name: string): string {
  const entry = readFileSync(path.join(dist, "cli.js"), "utf8");
  const file = new RegExp(`import\\("\\./(chunks/${name}-[A-Z0-9]+\\.js)"\\)`).exec(entry)?.[1];
  if (!file) throw new Error(`dist/cli.js imports no chunks/${name}-*.js`);
  return path.join(dist, file);
}

/** The source files bundled into `files` (esbuild heads each with a `// path` comment). */
const modulesIn = (files: string[]) =>
  files.flatMap((f) => [...readFileSync(f, "utf8").matchAll(/^\/\/ (\S+\.[cm]?[jt]sx?)$/gm)].map((m) => m[1] ?? ""));

describe("dist/ bundle", () => {
  it("carries zod's English messages only, not its ~60 other locales", () => {
    const locales = new Set<string>();
    for (const name of readdirSync(chunks).filter((n) => n.endsWith(".js")))
      for (const m of readFileSync(path.join(chunks, name), "utf8").matchAll(/^\/\/ \S*zod\/v4\/locales\/(\S+)$/gm))
        locales.add(m[1] ?? "");
    expect([...locales]).toEqual(["en.js"]);
  });

  // Each file costs Node's ES-module loader about half a millisecond; exec loaded 47 before
  // lazily imported modules were bundled with the core (scripts/bundle.mjs).
  it("loads the main command (exec and every other subcommand) from at most 15 files", () => {
    const graph = staticGraph(lazyChunk("main"));
    expect(modulesIn(graph)).toContain("src/headless/run-exec.ts");
    expect(graph.length).toBeLessThanOrEqual(15);
  });

  // Every kilobyte exec loads is compiled at start. The TOML editor (about 235 KB) came back
  // through folder and hook trust once: it is loaded only when a command writes config.toml.
  it("loads neither the TOML editor nor the stored-session readers for a plain exec", () => {
    const modules = modulesIn(staticGraph(lazyChunk("main")));
    expect(modules.filter((m) => /toml-patch|src\/config\/edit\.ts/.test(m))).toEqual([]);
    expect(modules.filter((m) => /src\/rollout\/(session-list|resume-history)\.ts/.test(m))).toEqual([]);
  });

  // The tools' specs are listed by every session; what runs a call (about 115 KB) is imported on
  // the first call (tools/tool-runners.ts), which a one-turn exec answered with text never makes.
  it("loads the built-in tools' specs but not their implementations for a plain exec", () => {
    const implementation =
      /^(src\/tools\/(tool-implementations|shell-run|apply-patch-run|command-flow|approval)\.ts|src\/tools\/exec\/(?!platform\.ts)|src\/tools\/safety\/|src\/tools\/sandbox\/(index|bwrap|seatbelt|seccomp|detect)\.ts|src\/tools\/apply-patch\/(index|plan|apply|commit|parse)\.ts|src\/tools\/unified-exec\/(exec-run|process-manager)\.ts|node_modules\/diff\/)/;
    const loaded = modulesIn(staticGraph(lazyChunk("main")));
    expect(loaded).toEqual(expect.arrayContaining(["src/tools/shell-tool.ts", "src/tools/tool-runners.ts"]));
    expect(loaded.filter((m) => implementation.test(m))).toEqual([]);
    // Still bundled, for the first call to import.
    const bundled = modulesIn(readdirSync(chunks).map((name) => path.join(chunks, name)));
    for (const m of ["src/tools/shell-run.ts", "src/tools/exec/runner.ts", "src/tools/sandbox/bwrap.ts"])
      expect(bundled).toContain(m);
  });

  // Every command loads these instead of the ES modules (src/cli/commonjs-chunks.ts): Node 20
  // caches no compilation of ES modules, and compiling was a fifth of exec's start.
  it("has a CommonJS form of every chunk, the UI's included", () => {
    const form = (chunk: string) => path.join(cjs, path.basename(chunk).replace(/\.js$/, ".cjs"));
    const execGraph = staticGraph(lazyChunk("main"));
    const runTui = readdirSync(chunks).find((n) => /^run-tui-\w+\.js$/.test(n)) ?? "run-tui";
    const uiGraph = staticGraph(path.join(chunks, runTui));
    expect(modulesIn(uiGraph).filter((m) => /node_modules\/(ink|yoga-layout)\//.test(m)).length).toBeGreaterThan(0);
    const all = readdirSync(chunks).map((n) => path.join(chunks, n));
    expect(all.filter((f) => !existsSync(form(f)))).toEqual([]);
    // Yoga and Ink await at top level upstream (scripts/bundle.mjs makes both synchronous).
    for (const f of all) expect(readFileSync(f, "latin1"), f).not.toMatch(/^\S.*\bawait\b/m);
    // Each chunk's form uses the loader's require(): one made per chunk cost exec 4 MiB of peak memory.
    const createsRequire = [...execGraph, ...uiGraph].filter((f) =>
      readFileSync(form(f), "latin1").includes("createRequire)(__cl_meta_url)"),
    );
    expect(createsRequire).toEqual([]);
  });

  // Ink, widest-line and cli-truncate each hold string-width 8; each copy compiled \p{RGI_Emoji}
  // on its first non-ASCII text, on the way to the UI's first frame.
  it("bundles one copy of string-width 8, behind its fast path", () => {
    const all = readdirSync(chunks).map((n) => readFileSync(path.join(chunks, n), "latin1"));
    expect(all.map((text) => text.split("RGI_Emoji").length - 1).reduce((a, b) => a + b)).toBe(1);
    const fast = all.filter((text) => text.includes("// scripts/stubs/string-width.mjs"));
    expect(fast).toHaveLength(1);
    // The characters measured at once (computed when the bundle is built) hold the first frame's.
    const narrow = /= withFastPath\(\w+, \w+, ("[^"]*")\)/.exec(fast[0] ?? "")?.[1];
    expect(narrow).toBeDefined();
    expect(new RegExp(`^[${JSON.parse(narrow ?? '""') as string}]*$`).test("╭─╮│⏎·…›⇧")).toBe(true);
  });

  // Work a module did when evaluated that the UI's first frame never needed: ICU's break rules
  // for a segmenter (about 10 ms for the first), and a regular expression parsed by `new RegExp`
  // (string-width's \p{RGI_Emoji}: 15 ms) where a literal is parsed when first used.
  it("makes segmenters when first used and keeps Unicode regular expressions literal", () => {
    const all = readdirSync(chunks).map((n) => readFileSync(path.join(chunks, n), "latin1"));
    expect(all.filter((text) => text.includes("new Intl.Segmenter("))).toEqual([]);
    expect(all.some((text) => text.includes("new __cl_LazySegmenter("))).toBe(true);
    expect(all.flatMap((text) => text.match(/new RegExp\("[^"]*\\\\p\{/g) ?? [])).toEqual([]);
    expect(all.some((text) => text.includes("/^\\p{RGI_Emoji}$/v"))).toBe(true);
  });

  // One character above U+00FF (a dash in a comment esbuild keeps) makes V8 hold the whole file
  // two bytes a character: 1.7 MiB more peak memory for exec when it was in the core chunks.
  it("is ASCII throughout", () => {
    const files = [
      path.join(dist, "cli.js"),
      path.join(dist, "cli.cjs"),
      ...readdirSync(chunks).map((n) => path.join(chunks, n)),
      ...readdirSync(cjs).map((n) => path.join(cjs, n)),
    ];
    const nonAscii = files.filter((f) => /[\u0080-\u00ff]/.test(readFileSync(f, "latin1")));
    expect(nonAscii).toEqual([]);
  });

  it("draws the UI's first frame without loading config, the session or zod", () => {
    const graph = staticGraph(lazyChunk("interactive"));
    const modules = modulesIn(graph);
    expect(modules).toContain("src/cli/interactive.ts");
    // Only where config.toml lives (config/home.ts: whether it exists decides what comes first).
    const heavy = modules.filter(
      (m) => m !== "src/config/home.ts" && /^src\/(config|agent|gateway|rollout)\/|node_modules\/zod\//.test(m),
    );
    expect(heavy).toEqual([]);
  });
});
