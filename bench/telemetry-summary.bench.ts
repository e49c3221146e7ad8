// `telemetry summary` on a big usage log: 100,000 lines (2,000 sessions of 50 turns over 30
// days, 6 models, some unknown counts and costs, a few malformed lines), summarised through the
// built CLI (dist/cli.js) in a temp CODEX_HOME. Median of 5 runs after a warm-up.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const LINES = 100_000;
const RUNS = 5;
const root = process.cwd();
const cli = path.join(root, "dist", "cli.cjs");

// dist/ must match the sources (esbuild cannot be bundled into this file, so ask a child).
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

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODELS = ["gpt-5", "gpt-5-mini", "claude-sonnet-4-5", "vercel/minimax-m2", "gemini-2.5-pro", "qwen3-coder"];
const EFFORTS = ["minimal", "low", "medium", "high", null];

function generate(): string {
  const rand = rng(42);
  const start = Date.UTC(2025, 9, 1);
  const lines: string[] = [];
  const sessions = LINES / 50;
  for (let s = 0; s < sessions; s++) {
    const sessionId = `019a${s.toString(16).padStart(4, "0")}-39c3-7159-bb96-${Math.floor(rand() * 2 ** 48)
      .toString(16)
      .padStart(12, "0")}`;
    const model = MODELS[s % MODELS.length] as string;
    let t = start + Math.floor((s / sessions) * 30 * 86_400_000);
    for (let turn = 1; turn <= 50; turn++) {
      t += 5_000 + Math.floor(rand() * 60_000);
      const i = lines.length;
      if (i % 10_000 === 9_999) {
        lines.push(`{"ts":"${new Date(t).toISOString()}","session_id":"${sessionId}","model":"${model}","prom`);
        continue;
      }
      const known = i % 97 !== 0;
      const prompt = known ? 2_000 + Math.floor(rand() * 40_000) : null;
      const completion = known ? 50 + Math.floor(rand() * 3_000) : null;
      const reasoning = known ? Math.floor(rand() * 1_000) : null;
      const cached = known && prompt !== null ? Math.floor(prompt * rand() * 0.9) : null;
      const total = prompt !== null && completion !== null ? prompt + completion : null;
      lines.push(
        JSON.stringify({
          ts: new Date(t).toISOString(),
          session_id: sessionId,
          model,
          reasoning_effort: EFFORTS[turn % EFFORTS.length] ?? null,
          prompt_tokens: prompt,
          completion_tokens: completion,
          reasoning_tokens: reasoning,
          total_tokens: total,
          cached_tokens: cached,
          cost_usd: i % 13 === 0 || total === null ? null : Number((total * 0.0000012).toFixed(8)),
          turn,
          requests: 1 + Math.floor(rand() * 4),
          latency_ms: 500 + Math.floor(rand() * 20_000),
          litellm_call_id: `chatcmpl-${i.toString(36)}`,
        }),
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

const home = mkdtempSync(path.join(os.tmpdir(), "cl-bench-telemetry-"));
const log = path.join(home, "logs", "codex-litellm-session.jsonl");
mkdirSync(path.dirname(log), { recursive: true });
writeFileSync(log, generate());
const logBytes = statSync(log).size;
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, CODEX_HOME: home, LANG: "C.UTF-8", TZ: "UTC" };

function time(args: string[]): { ms: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: home,
    env,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(" ")}: exit ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const runs = (args: string[]) => {
  time(args); // warm-up
  return Array.from({ length: RUNS }, () => time(args).ms);
};

const check = JSON.parse(time(["telemetry", "summary", "--json"]).stdout) as {
  turns: number;
  malformed_lines: number;
  sessions: number;
};
if (check.turns + check.malformed_lines !== LINES)
  throw new Error(
    `summary saw ${check.turns} turns + ${check.malformed_lines} malformed lines, expected ${LINES} lines`,
  );
const jsonTimes = runs(["telemetry", "summary", "--json"]);
const tableTimes = runs(["telemetry", "summary"]);
const startupTimes = runs(["telemetry", "summary", "--json", "--file", path.join(home, "missing.jsonl")]);
rmSync(home, { recursive: true, force: true });

const result = {
  bench: "telemetry-summary",
  lines: LINES,
  log_bytes: logBytes,
  turns: check.turns,
  sessions: check.sessions,
  malformed_lines: check.malformed_lines,
  runs: RUNS,
  summary_json_ms_median: Math.round(median(jsonTimes)),
  summary_tables_ms_median: Math.round(median(tableTimes)),
  empty_log_ms_median: Math.round(median(startupTimes)),
  cpus: os.cpus().length,
  node: process.version,
};
console.log(JSON.stringify(result));
mkdirSync(".cache/bench", { recursive: true });
writeFileSync(".cache/bench/telemetry-summary.json", `${JSON.stringify(result, null, 2)}\n`);
