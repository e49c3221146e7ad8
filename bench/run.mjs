// Runs benchmarks: bundles each bench/*.bench.ts with esbuild into .cache/bench and runs it
// with node. `npm run bench` runs all; `npm run bench -- stream-parse` runs one.
import { build } from "esbuild";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const only = process.argv.slice(2);
const benches = readdirSync(path.join(root, "bench"))
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)));
const outdir = path.join(root, ".cache", "bench");

/** The benches that run upstream Codex next to ours. */
const UPSTREAM_BENCHES = ["vs-upstream", "remote-proxy"];

/**
 * vs-upstream and remote-proxy compare against upstream Codex, pinned in bench/package.json (+ lock) and
 * installed into bench/node_modules (git-ignored) here when missing or not the pinned version,
 * so the product's own dependencies stay small. Returns why it cannot be used, or "".
 */
function ensureUpstreamPeer() {
  const dir = path.join(root, "bench");
  const pinned = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).dependencies["@openai/codex"];
  const installedPkg = path.join(dir, "node_modules", "@openai", "codex", "package.json");
  const installed = existsSync(installedPkg) ? JSON.parse(readFileSync(installedPkg, "utf8")).version : null;
  if (installed === pinned) return "";
  console.error(`bench: installing @openai/codex@${pinned} into bench/node_modules (was ${installed ?? "missing"})…`);
  const ci = existsSync(path.join(dir, "package-lock.json"));
  const r = spawnSync("npm", [ci ? "ci" : "install", "--no-audit", "--no-fund", "--no-update-notifier"], {
    cwd: dir,
    stdio: "inherit",
  });
  return r.status === 0 ? "" : `npm ${ci ? "ci" : "install"} in bench/ failed (exit ${r.status ?? r.signal})`;
}

let failed = 0;
for (const file of benches) {
  if (UPSTREAM_BENCHES.some((name) => file.startsWith(name))) {
    const problem = ensureUpstreamPeer();
    if (problem) {
      console.error(`bench: ${file} skipped: ${problem}`);
      failed += 1;
      continue;
    }
  }
  const outfile = path.join(outdir, file.replace(/\.ts$/, ".mjs"));
  await build({
    absWorkingDir: root,
    entryPoints: [path.join("bench", file)],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "error",
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    define: { __CODEX_LITELLM_VERSION__: JSON.stringify("bench") },
  });
  console.error(`bench: ${file}`);
  const r = spawnSync(process.execPath, ["--expose-gc", outfile], { stdio: "inherit", cwd: root });
  if (r.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
