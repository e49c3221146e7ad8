// Start-up of the interactive UI, measured in a real terminal (tmux) as a user sees it: from
// starting the program until the prompt ("Ask anything") is on screen (the launcher's first
// frame), and until the session is ready (config read, Ink drawn over that frame, the session
// started: the header names the model and the footer shows the context gauge), against the time
// Node needs to print one line in the same terminal. The variants run in turn, round after round
// (ratios are taken per round), with the window from config.toml and from the proxy's /model/info,
// with telemetry on (the default: its logs and the UI log),
// and with and without NODE_EXTRA_CA_CERTS when it is set. Then Node's own start without a terminal.
// BENCH_REPS rounds (default 7) after a warm-up; BENCH_VS=other/dist/cli.cjs adds another build
// to the rounds; BENCH_CPU_PROF=DIR writes one start's CPU profile.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startFakeModelServer } from "../test/fixtures/fake-model-server.js";
import { summarize } from "./lib/stats.js";

const RUNS = Number(process.env.BENCH_REPS ?? 7);
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

const TICK_MS = 1000 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

/** CPU time (user + system, all threads) the program started by the pane's shell has used so far. */
function programCpu(name: string): number {
  const shell = tmux("list-panes", "-t", name, "-F", "#{pane_pid}").trim();
  const pid = spawnSync("pgrep", ["-P", shell, "-x", "node"], { encoding: "utf8" }).stdout.trim().split("\n")[0];
  if (!pid) return NaN;
  // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/**
 * Milliseconds from starting `argv` in a fresh 120×40 tmux pane until each of `markers` is on
 * screen, then the CPU time the program had used when the last one appeared (machine load moves
 * it much less than the wall time).
 */
async function timesToScreen(
  argv: string[],
  markers: string[],
  env: Record<string, string>,
  cwd: string,
  terminate = false,
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
    times.push(programCpu(name));
    if (terminate) {
      // SIGTERM to the program (the pane's shell is its parent), then wait for the shell's `sleep`.
      const shell = tmux("list-panes", "-t", name, "-F", "#{pane_pid}").trim();
      const running = () => spawnSync("pgrep", ["-P", shell, "-x", "node"]).status === 0;
      spawnSync("pkill", ["-TERM", "-P", shell, "-x", "node"]);
      const until = performance.now() + 20_000;
      while (running() && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
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

interface Variant {
  name: string;
  argv: string[];
  markers: string[];
  env: Record<string, string>;
}

/**
 * Runs the variants in turn, round after round (A B C A B C …: a drift in the machine's speed hits
 * each alike), after one warm-up round; returns each variant's times per round.
 */
async function rounds(variants: Variant[], cwd: string): Promise<number[][][]> {
  // The warm-up ends each program as a user would (SIGTERM, not the terminal closed at once), so
  // it has written its code cache (CODEX_HOME/cache/code-cache) before the measured rounds.
  for (const v of variants) await timesToScreen(v.argv, v.markers, v.env, cwd, true);
  const times: number[][][] = variants.map(() => []);
  for (let i = 0; i < RUNS; i++)
    for (const [k, v] of variants.entries()) times[k]?.push(await timesToScreen(v.argv, v.markers, v.env, cwd));
  return times;
}

const median = (xs: number[]) => summarize(xs).median;
/** min / median / max of the k-th time of each round. */
const spread = (runs: number[][], k: number) => {
  const s = summarize(runs.map((r) => r[k] ?? NaN));
  return `${Math.round(s.min)} / ${Math.round(s.median)} / ${Math.round(s.max)} ms`;
};
/** Median of the per-round ratios of a's k-th time to b's j-th. */
const pairedRatio = (a: number[][], b: number[][], k: number, j: number) =>
  median(a.map((r, i) => (r[k] ?? NaN) / (b[i]?.[j] ?? NaN))).toFixed(2);

// One idle session keeps the tmux server up between measurements (it exits with its last session).
tmux("new-session", "-d", "-s", "keep", "sleep 600");
const server = await startFakeModelServer({ apiKey: KEY, models: ["bench-model"] });
const repo = mkdtempSync(path.join(os.tmpdir(), "cl-bench-repo-"));
execFileSync("git", ["init", "-q"], { cwd: repo });
/**
 * A CODEX_HOME whose config.toml has `extra`; the repository is trusted (no folder-access question).
 * Telemetry off unless `telemetry` (on is the default: its logs, the UI log with pino, in the home).
 */
const homeWith = (extra: string, telemetry = false) => {
  const home = mkdtempSync(path.join(os.tmpdir(), "cl-bench-startup-"));
  writeFileSync(
    path.join(home, "config.toml"),
    `model = "bench-model"\n${extra}\n${telemetry ? "" : "[telemetry]\nenabled = false\n"}` +
      `[model_providers.litellm]\nbase_url = "${server.url}"\n` +
      `[projects.${JSON.stringify(repo)}]\ntrust_level = "trusted"\n`,
  );
  return home;
};
const homes = {
  window: homeWith("context_length = 100000"),
  lookup: homeWith(""),
  telemetry: homeWith("context_length = 100000", true),
};
const paneEnv = (home: string, extra: Record<string, string> = {}) => ({
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: home,
  CODEX_HOME: home,
  LITELLM_API_KEY: KEY,
  LANG: "C.UTF-8",
  ...extra,
});
// The prompt, then the session ready: the header names the model and the footer shows the gauge.
const markers = ["Ask anything", "model: bench-model", "context left"];
/** BENCH_VS=path/to/dist/cli.cjs: another build (say, before a change), run in the same rounds. */
const other = process.env.BENCH_VS;
try {
  // With and without NODE_EXTRA_CA_CERTS when this process has it (Node reads the file at every start).
  const caCerts = process.env.NODE_EXTRA_CA_CERTS;
  const envs: [string, Record<string, string>][] = [["", {}]];
  if (caCerts) envs.push([` with NODE_EXTRA_CA_CERTS`, { NODE_EXTRA_CA_CERTS: caCerts }]);
  for (const [label, extra] of envs) {
    const variants: Variant[] = [
      {
        name: "node -e",
        // Stays a moment after printing, so its CPU time can be read.
        argv: [process.execPath, "-e", "console.log('node-ready'); setTimeout(() => {}, 3000)"],
        markers: ["node-ready"],
        env: paneEnv(homes.window, extra),
      },
      { name: "ours", argv: [process.execPath, cli], markers, env: paneEnv(homes.window, extra) },
      { name: "ours, /model/info", argv: [process.execPath, cli], markers, env: paneEnv(homes.lookup, extra) },
      { name: "ours, telemetry on", argv: [process.execPath, cli], markers, env: paneEnv(homes.telemetry, extra) },
      ...(other
        ? [{ name: "BENCH_VS", argv: [process.execPath, other], markers, env: paneEnv(homes.window, extra) }]
        : []),
    ];
    const [node = [], ...uis] = await rounds(variants, repo);
    console.log(
      `\n${RUNS} rounds${label}, min / median / max (load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}):`,
    );
    console.log(`  node -e printing a line: ${spread(node, 0)}; CPU ${spread(node, 1)}`);
    for (const [k, runs] of uis.entries()) {
      const name = variants[k + 1]?.name ?? "";
      console.log(
        `  ${name}: prompt ${spread(runs, 0)} (${pairedRatio(runs, node, 0, 0)}×, target ≤ 2×); ` +
          `session ready ${spread(runs, 2)} (${pairedRatio(runs, node, 2, 0)}×, target ≤ 4×); ` +
          `CPU to ready ${spread(runs, 3)} (${pairedRatio(runs, node, 3, 1)}× node -e's)`,
      );
    }
  }

  // The pane's environment, not this process's (NODE_EXTRA_CA_CERTS alone adds tens of ms to Node's start).
  const env = paneEnv(homes.window);
  const nodeBare = wall([process.execPath, "-e", "0"], env);

  // BENCH_CPU_PROF=DIR: one more start with `--cpu-prof` (written when the UI exits on SIGTERM, as
  // a normal exit), to read with `node bench/cpuprofile-top.mjs DIR/*.cpuprofile`.
  const profDir = process.env.BENCH_CPU_PROF;
  if (profDir) {
    const prof = [process.execPath, "--cpu-prof", `--cpu-prof-dir=${path.resolve(profDir)}`, cli];
    await timesToScreen(prof, markers, env, repo, true);
  }

  // Where the rest goes, by part: bench/RESULTS.md ("Session ready, third step"), from marks in a scratch build.
  console.log(`node starting and exiting (no terminal): ${Math.round(nodeBare)} ms`);
} finally {
  await server.close();
  spawnSync("tmux", ["-L", socket, "kill-server"]);
  for (const home of Object.values(homes)) rmSync(home, { recursive: true, force: true });
  rmSync(repo, { recursive: true, force: true });
}
