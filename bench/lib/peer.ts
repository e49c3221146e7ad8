// The upstream Codex CLI we compare against, installed by bench/run.mjs into bench/node_modules
// from bench/package.json (pinned @openai/codex 0.171.0). Never part of the product's install.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export const BENCH_DIR = path.resolve(process.cwd(), "bench");

const TARGETS: Record<string, { triple: string; pkg: string }> = {
  "linux-x64": { triple: "x86_64-unknown-linux-musl", pkg: "@openai/codex-linux-x64" },
  "linux-arm64": { triple: "aarch64-unknown-linux-musl", pkg: "@openai/codex-linux-arm64" },
  "darwin-x64": { triple: "x86_64-apple-darwin", pkg: "@openai/codex-darwin-x64" },
  "darwin-arm64": { triple: "aarch64-apple-darwin", pkg: "@openai/codex-darwin-arm64" },
};

export interface Peer {
  version: string;
  /** The native binary (what upstream's npm shim execs). */
  bin: string;
  /** Upstream's npm shim, `bin/codex.js` (node → spawns `bin`). */
  shim: string;
  packageRoot: string;
}

export function pinnedVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(BENCH_DIR, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  return pkg.dependencies["@openai/codex"] as string;
}

export function locatePeer(): Peer {
  const t = TARGETS[`${process.platform}-${process.arch}`];
  if (!t) throw new Error(`no upstream codex binary for ${process.platform}-${process.arch}`);
  const modules = path.join(BENCH_DIR, "node_modules");
  const packageRoot = path.join(modules, "@openai", "codex");
  const bin = path.join(modules, ...t.pkg.split("/"), "vendor", t.triple, "bin", "codex");
  const shim = path.join(packageRoot, "bin", "codex.js");
  if (!existsSync(bin))
    throw new Error(`upstream codex is not installed at ${bin}: run \`npm run bench\` (bench/run.mjs installs it)`);
  const version = (JSON.parse(readFileSync(path.join(packageRoot, "package.json"), "utf8")) as { version: string })
    .version;
  if (version !== pinnedVersion())
    throw new Error(
      `bench/node_modules has @openai/codex ${version}, bench/package.json pins ${pinnedVersion()}: delete bench/node_modules and rerun`,
    );
  return { version, bin, shim, packageRoot };
}
