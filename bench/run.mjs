// Runs benchmarks: bundles each bench/*.bench.ts with esbuild into .cache/bench and runs it
// with node. `npm run bench` runs all; `npm run bench -- stream-parse` runs one.
import { build } from "esbuild";
import { readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const only = process.argv.slice(2);
const benches = readdirSync(path.join(root, "bench"))
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)));
const outdir = path.join(root, ".cache", "bench");
let failed = 0;
for (const file of benches) {
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
