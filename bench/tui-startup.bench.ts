// Start-up of the interactive UI, measured in a real terminal (tmux) as a user sees it: from
// starting the program until the prompt ("Ask anything") is on screen (the launcher's first
// frame), and until the session is ready (config read, Ink drawn over that frame, the session
// started: the header shows the model), next to the time Node needs to print one line in the same terminal. Then where the
// UI's time goes, each part in a fresh process with the pane's environment: Node itself, loading
// the UI's first-frame chunk (Ink, React, Yoga and the screen's components), and the rest.
// Median of 7 runs after a warm-up.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startFakeModelServer } from "../test/fixtures/fake-model-server.js";
import { summarize } from "./lib/stats.js";

const RUNS = 7;
const root = process.cwd();
const cli = path.join(root, "dist", "cli.cjs");
const KEY = "sk-bench-startup-0123";

const built = spawnSync(
  process.execPath,
  [
    "--input-type=module",
    "-e",
    "const m = await import('./scripts/bundle.mjs'); await m.bundle({ quiet: true, ifStale: true });",
  ],
  { cwd: root, stdio: "inherit" },
);
if (built.status !== 0) throw new Error("bundling dist/ failed");

const socket = `cl-bench-${process.pid}`;
// A tmux server of its own with a clean environment: the pane sees only what `env` gives it.
const SERVER_ENV = {
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  ...(process.env.TMUX_TMPDIR ? { TMUX_TMPDIR: process.env.TMUX_TMPDIR } : {}),
};
const tmux = (...args: string[]) =>
  execFileSync("tmux", ["-L", socket, "-f", "/dev/null", ...args], { encoding: "utf8", env: SERVER_ENV });
const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;

/** Milliseconds from starting `argv` in a fresh 120×40 tmux pane until each of `markers` is on screen. */
async function timesToScreen(
  argv: string[],
  markers: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<number[]> {
  const name = `s${Math.random().toString(36).slice(2)}`;
  const envArgs = Object.entries({ TERM: "xterm-256color", ...env }).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
  const started = performance.now();
  tmux(
    "new-session",
    "-d",
    "-s",
    name,
    "-x",
    "120",
    "-y",
    "40",
    "-c",
    cwd,
    ...envArgs,
    `${argv.map(quote).join(" ")}; sleep 30`,
  );
  const times: number[] = [];
  try {
    for (const marker of markers)
      for (;;) {
        const screen = tmux("capture-pane", "-p", "-t", name);
        if (screen.includes(marker)) {
          times.push(performance.now() - started);
          break;
        }
        if (performance.now() - started > 20_000) throw new Error(`${marker} not on screen after 20 s:\n${screen}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    return times;
  } finally {
    tmux("kill-session", "-t", name);
  }
}

/** Median wall time of a command run to completion (no terminal). */
function wall(argv: string[], env: NodeJS.ProcessEnv): number {
  const times: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(argv[0] as string, argv.slice(1), { env, stdio: "ignore" });
    if (r.status !== 0) throw new Error(`${argv.join(" ")} exited ${r.status}`);
    if (i > 0) times.push(performance.now() - t0); // the first run warms the file cache
  }
  return summarize(times).median;
}

/** Medians of each of the times `run` measures, over RUNS runs after a warm-up. */
async function medians(run: () => Promise<number[]>): Promise<number[]> {
  await run();
  const runs: number[][] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await run());
  return (runs[0] ?? []).map((_, k) => summarize(runs.map((r) => r[k] ?? NaN)).median);
}

// One idle session keeps the tmux server up between measurements (it exits with its last session).
tmux("new-session", "-d", "-s", "keep", "sleep 600");
const server = await startFakeModelServer({ apiKey: KEY, models: ["bench-model"] });
const home = mkdtempSync(path.join(os.tmpdir(), "cl-bench-startup-"));
const repo = mkdtempSync(path.join(os.tmpdir(), "cl-bench-repo-"));
execFileSync("git", ["init", "-q"], { cwd: repo });
const config = (extra: string) =>
  writeFileSync(
    path.join(home, "config.toml"),
    `model = "bench-model"\n${extra}\n[telemetry]\nenabled = false\n[model_providers.litellm]\nbase_url = "${server.url}"\n`,
  );
const env = {
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: home,
  CODEX_HOME: home,
  LITELLM_API_KEY: KEY,
  LANG: "C.UTF-8",
};
try {
  const [node = NaN] = await medians(() =>
    timesToScreen([process.execPath, "-e", "console.log('node-ready')"], ["node-ready"], env, repo),
  );
  const markers = ["Ask anything", "model: bench-model"];
  config("context_length = 100000");
  const [tui = NaN, live = NaN] = await medians(() => timesToScreen([process.execPath, cli], markers, env, repo));
  config("");
  const [tuiLookup = NaN, liveLookup = NaN] = await medians(() =>
    timesToScreen([process.execPath, cli], markers, env, repo),
  );

  // The pane's environment, not this process's (NODE_EXTRA_CA_CERTS alone adds tens of ms to Node's start).
  const nodeBare = wall([process.execPath, "-e", "0"], env);
  const uiChunk = readdirSync(path.join(root, "dist", "chunks")).find((f) => f.startsWith("run-tui-"));
  const importUi = uiChunk
    ? wall(
        [
          process.execPath,
          "--input-type=module",
          "-e",
          `await import(${JSON.stringify(path.join(root, "dist", "chunks", uiChunk))})`,
        ],
        env,
      )
    : NaN;

  const ms = (v: number) => `${Math.round(v)} ms`;
  console.log(
    `prompt on screen: ${ms(tui)} (context_length set), ${ms(tuiLookup)} (window from the proxy's /model/info)`,
  );
  console.log(`node -e printing a line, same terminal: ${ms(node)} → ratio ${(tui / node).toFixed(2)}× (target ≤ 2×)`);
  console.log(
    `session ready (header shows the model): ${ms(live)} (context_length set), ${ms(liveLookup)} (/model/info)`,
  );
  console.log("where the UI's time goes (each in a fresh process, no terminal):");
  console.log(`  node starting and exiting:           ${ms(nodeBare)}`);
  console.log(`  + UI first-frame chunk (Ink, React, Yoga, components): ${ms(importUi - nodeBare)}`);
  console.log(`  rest (the entry, config, Ink's first frame, the session's start): ${ms(live - importUi)}`);
} finally {
  await server.close();
  spawnSync("tmux", ["-L", socket, "kill-server"]);
  rmSync(home, { recursive: true, force: true });
  rmSync(repo, { recursive: true, force: true });
}
