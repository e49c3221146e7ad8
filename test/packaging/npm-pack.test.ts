// The npm package: `npm pack` on a fresh clone (no dist/) builds the bundle itself (prepack),
// holds only what runs (dist/, README.md, LICENSE, package.json), and the packed CLI runs with
// node straight from the unpacked tarball, with no node_modules: esbuild bundles every runtime
// dependency into dist/. Installed offline into an empty prefix, it gives a working command.
import { build } from "esbuild";
import { isBuiltin } from "node:module";
import { existsSync, readFileSync, statSync } from "node:fs";
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
let tarball: string;
let npmEnv: Record<string, string>;

beforeAll(() => {
  // A fresh clone: the tracked and untracked files, no dist/.
  const repo = frozenRepo();
  expect(existsSync(path.join(repo, "dist"))).toBe(false);
  const dest = tempDir("cl-npm-pack-");
  // A private npm cache: no network, no writes to the user's cache.
  npmEnv = cleanEnv({
    npm_config_cache: path.join(dest, ".npm-cache"),
    npm_config_update_notifier: "false",
    npm_config_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
  });
  const json = ok("npm", ["pack", "--json", "--pack-destination", dest], { cwd: repo, env: npmEnv });
  // Lifecycle scripts may print before npm's JSON.
  packed = (JSON.parse(json.slice(json.indexOf("[\n"))) as PackResult[])[0]!;
  tarball = path.join(dest, packed.filename);
  const unpackTo = tempDir("cl-npm-unpacked-");
  ok("tar", ["-xzf", tarball, "-C", unpackTo]);
  pkgDir = path.join(unpackTo, "package");
});
afterAll(removeTempDirs);

describe("npm pack", () => {
  it("contains only dist/, README.md, LICENSE and package.json", () => {
    expect(packed.name).toBe("codex-litellm");
    expect(packed.version).toBe(VERSION);
    const paths = packed.files.map((f) => f.path).sort();
    for (const p of paths)
      expect(p).toMatch(
        /^(package\.json|README\.md|LICENSE|dist\/cli\.c?js|dist\/chunks\/[\w.-]+\.js|dist\/cjs\/[\w.-]+\.cjs)$/,
      );
    for (const required of ["package.json", "README.md", "LICENSE", "dist/cli.cjs", "dist/cli.js"])
      expect(paths).toContain(required);
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
    for (const input of Object.values(result.metafile.inputs))
      for (const imp of input.imports) if (imp.external) external.add(imp.path);
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
    const manifest = JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8")) as {
      bin: Record<string, string>;
    };
    expect(manifest.bin["codex-litellm"]).toBe("dist/cli.cjs");
    expect(readFileSync(path.join(pkgDir, "dist/cli.cjs"), "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
  });

  it("installs into an empty prefix as a codex-litellm command that answers --version and --help", () => {
    const prefix = tempDir("cl-npm-prefix-");
    ok("npm", ["install", "--global", "--prefix", prefix, tarball], { cwd: tempDir("cl-npm-cwd-"), env: npmEnv });
    const command = path.join(prefix, "bin", "codex-litellm");
    const cwd = tempDir("cl-npm-cwd-");
    expect(ok(command, ["--version"], { cwd, env: cleanEnv() })).toMatch(VERSION_LINE);
    expect(ok(command, ["--help"], { cwd, env: cleanEnv() })).toMatch(/^Usage: codex-litellm /);
  });
});
