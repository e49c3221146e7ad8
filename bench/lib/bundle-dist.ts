// Brings dist/ up to date with the sources (scripts/bundle.mjs, only when stale) before a bench runs the built CLI.
import { spawnSync } from "node:child_process";

export function bundleDist(root: string): void {
  const script = "const m = await import('./scripts/bundle.mjs'); await m.bundle({ quiet: true, ifStale: true });";
  const built = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, stdio: "inherit" });
  if (built.status !== 0) throw new Error("bundling dist/ failed");
}
