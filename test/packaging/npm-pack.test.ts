// The npm package: `npm pack` holds only what runs (dist/, README.md, LICENSE, package.json),
// and the packed CLI runs with node straight from the unpacked tarball, with no node_modules:
// esbuild bundles every runtime dependency into dist/. (Not `npm install <tgz>`: npm would
// fetch package.json's "dependencies" from the registry although nothing at runtime needs them.)
import { build } from "esbuild";
import { isBuiltin } from "node:module";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERSION, VERSION_LINE, cleanEnv, frozenRepo, listAll, ok, removeTempDirs, tempDir } from "./helpers.js";

interface PackResult {
  name: string;
  version: string;
  filename: string;
  files: { path: string; size: number; mode: number }[];
}

let packed: PackResult;
let pkgDir: string;

beforeAll(() => {
  const repo = frozenRepo();
  ok("node", ["scripts/bundle.mjs"], { cwd: repo });
  const dest = tempDir("cl-npm-pack-");
  // A private npm cache: no network, no writes to the user's cache.
  const env = cleanEnv({ npm_config_cache: path.join(dest, ".npm-cache"), npm_config_update_notifier: "false" });
  const json = ok("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dest], { cwd: repo, env });
  packed = (JSON.parse(json) as PackResult[])[0]!;
  const unpackTo = tempDir("cl-npm-unpacked-");
  ok("tar", ["-xzf", path.join(dest, packed.filename), "-C", unpackTo]);
  pkgDir = path.join(unpackTo, "package");
});
afterAll(removeTempDirs);

describe("npm pack", () => {
  it("contains only dist/, README.md, LICENSE and package.json", () => {
    expect(packed.name).toBe("codex-litellm");
    expect(packed.version).toBe(VERSION);
    const paths = packed.files.map((f) => f.path).sort();
    for (const p of paths) expect(p).toMatch(/^(package\.json|README\.md|LICENSE|dist\/cli\.c?js|dist\/chunks\/[\w.-]+\.js)$/);
    for (const required of ["package.json", "README.md", "LICENSE", "dist/cli.cjs", "dist/cli.js"]) expect(paths).toContain(required);
    expect(listAll(pkgDir).filter((p) => statSync(path.join(pkgDir, p)).isFile())).toEqual(paths);
  });

  it("the bundle imports nothing but Node built-ins and its own chunks (esbuild resolves it with no node_modules)", async () => {
    // Re-bundling the packed entry makes esbuild follow every import and dynamic import; a
    // package the bundle still needed would fail to resolve here, far from any node_modules.
    const result = await build({
      entryPoints: [path.join(pkgDir, "dist/cli.js")],
      absWorkingDir: pkgDir,
      outdir: path.join(tempDir("cl-npm-rebundle-"), "out"),
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const external = new Set<string>();
    for (const input of Object.values(result.metafile.inputs)) for (const imp of input.imports) if (imp.external) external.add(imp.path);
    expect([...external].filter((spec) => !isBuiltin(spec))).toEqual([]);
    expect(Object.keys(result.metafile.inputs).every((f) => f.startsWith("dist/"))).toBe(true);
  });

  it("the packed CLI runs with node from the unpacked tarball: --version and --help", () => {
    const cli = path.join(pkgDir, "dist/cli.cjs");
    const cwd = tempDir("cl-npm-cwd-");
    expect(ok("node", [cli, "--version"], { cwd })).toMatch(VERSION_LINE);
    expect(ok("node", [cli, "--help"], { cwd })).toMatch(/^Usage: codex-litellm /);
  });

  it("package.json's bin points at the packed entry, which starts with a node shebang", () => {
    const manifest = JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8")) as { bin: Record<string, string> };
    expect(manifest.bin["codex-litellm"]).toBe("dist/cli.cjs");
    expect(readFileSync(path.join(pkgDir, "dist/cli.cjs"), "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
  });
});
