// Bundles the CLI into dist/ with esbuild. `dist/cli.js` is a tiny entry that answers
// `--version` on its own and imports the main chunk only for real work, so start-up
// never pays for code a command does not use.
import { build } from "esbuild";
import { readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export async function bundle({ quiet = false } = {}) {
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  rmSync(path.join(root, "dist"), { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: { cli: "src/cli/entry.ts" },
    outdir: "dist",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: false,
    legalComments: "none",
    chunkNames: "chunks/[name]-[hash]",
    banner: {
      // Bundled CommonJS dependencies may call require(); give them one.
      js: "#!/usr/bin/env node\nimport { createRequire as __cl_createRequire } from 'node:module';\nconst require = __cl_createRequire(import.meta.url);",
    },
    define: { __CODEX_LITELLM_VERSION__: JSON.stringify(pkg.version) },
    logLevel: quiet ? "error" : "info",
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await bundle();
}
