// A proxy 50 ms away: the scripted fake model server behind a relay that passes every chunk on
// 25 ms later each way (bench/lib/delay-relay.ts), and the time from spawn to the first model
// request of one `exec` turn, for the same prompt: ours with a warm model meta cache
// (litellm_models_cache.json written by the warm-up, so no catalog or /model/info round trip),
// ours with none (the round trips the cache saves), and upstream Codex (the pinned @openai/codex
// of bench/package.json, native binary), which for a custom provider writes no models cache and
// asks the proxy nothing before its first request. Runs alternate.
//
// Writes .cache/bench/remote-proxy.json and the generated part of bench/RESULTS.md (between the
// `bench:remote-proxy` markers). BENCH_REPS (default 10) runs per variant.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startFakeModelServer, type RecordedRequest } from "../test/fixtures/fake-model-server.js";
import { startDelayRelay } from "./lib/delay-relay.js";
import { locatePeer } from "./lib/peer.js";
import { runMeasured } from "./lib/proc.js";
import { summarize, type Summary } from "./lib/stats.js";

const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 10));
const ONE_WAY_MS = 25;
const ROOT = process.cwd();
const CLI = path.join(ROOT, "dist", "cli.cjs");
// Not under /tmp: upstream refuses to create its helper binaries in a temp dir (and warns).
const WORK = path.join(ROOT, "bench", "runs", "remote-proxy");
const API_KEY = "sk-bench-remote-proxy";
const PROMPT = "Say ok.";

const built = spawnSync(
  process.execPath,
  [
    "--input-type=module",
    "-e",
    "const m = await import('./scripts/bundle.mjs'); await m.bundle({ quiet: true, ifStale: true });",
  ],
  { cwd: ROOT, stdio: "inherit" },
);
if (built.status !== 0) throw new Error("bundling dist/ failed");
const peer = locatePeer();

/** Every request the fake received, with performance.now() at its arrival (body read). */
let seen: { at: number; request: RecordedRequest }[] = [];
const server = await startFakeModelServer({
  apiKey: API_KEY,
  script: [],
  onRequest: (request) => seen.push({ at: performance.now(), request }),
});
const relay = await startDelayRelay(server.port, ONE_WAY_MS);
const baseUrl = `http://127.0.0.1:${relay.port}/v1`;

type Variant = "ours, warm cache" | "ours, no cache" | "upstream";
const VARIANTS: Variant[] = ["ours, warm cache", "ours, no cache", "upstream"];

rmSync(WORK, { recursive: true, force: true });
const repo = path.join(WORK, "repo");
mkdirSync(repo, { recursive: true });
const homes = new Map<Variant, string>();
for (const [i, variant] of VARIANTS.entries()) {
  const home = path.join(WORK, `home-${i}`);
  mkdirSync(home, { recursive: true });
  writeFileSync(
    path.join(home, "config.toml"),
    [
      `model_provider = "litellm"`,
      `model = "gpt-5.5"`, // a model upstream knows: no "model metadata not found" warning
      `[model_providers.litellm]`,
      `name = "litellm"`,
      `base_url = "${baseUrl}"`,
      `env_key = "LITELLM_API_KEY"`,
      `wire_api = "responses"`,
      ``,
    ].join("\n"),
  );
  homes.set(variant, home);
}

interface Run {
  ok: boolean;
  firstRequestMs: number;
  wallMs: number;
  /** Requests (catalog, model info, model lists) that reached the proxy before the first model request. */
  before: number;
}

async function run(variant: Variant): Promise<Run> {
  const home = homes.get(variant) as string;
  if (variant === "ours, no cache") rmSync(path.join(home, "litellm_models_cache.json"), { force: true });
  server.setScript("*", [{ text: "ok" }]);
  seen = [];
  const upstream = variant.startsWith("upstream");
  const args = ["exec", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox", PROMPT];
  const r = await runMeasured({
    cmd: upstream ? peer.bin : process.execPath,
    args: upstream ? args : [CLI, ...args],
    cwd: repo,
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: home,
      CODEX_HOME: home,
      LANG: "C.UTF-8",
      LITELLM_API_KEY: API_KEY,
      NO_PROXY: "127.0.0.1,localhost",
      ...(upstream ? { CODEX_MANAGED_BY_NPM: "1", CODEX_MANAGED_PACKAGE_ROOT: peer.packageRoot } : {}),
    },
    timeoutMs: 60_000,
  });
  const first = seen.findIndex((s) => s.request.wire === "responses");
  const ok = r.code === 0 && first >= 0;
  if (!ok) process.stderr.write(`remote-proxy: ${variant}: exit ${String(r.code)}\n${r.stderr.slice(-1500)}\n`);
  return { ok, firstRequestMs: (seen[first]?.at ?? NaN) - r.t0, wallMs: r.wallMs, before: Math.max(0, first) };
}

const runs = new Map<Variant, Run[]>(VARIANTS.map((v) => [v, []]));
for (const v of VARIANTS) await run(v); // warm-up: writes our cache
for (let i = 0; i < REPS; i++)
  for (const v of i % 2 === 0 ? VARIANTS : [...VARIANTS].reverse()) runs.get(v)?.push(await run(v));
await relay.close();
await server.close();

const fmt = (x: number) => (!Number.isFinite(x) ? "–" : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const cell = (s: Summary) => (s.n === 0 ? "–" : `${fmt(s.min)} / **${fmt(s.median)}** / ${fmt(s.max)}`);
const ok = (v: Variant) => (runs.get(v) ?? []).filter((r) => r.ok);
const first = (v: Variant) => summarize(ok(v).map((r) => r.firstRequestMs));
const upstreamFirst = first("upstream");
const lines = [
  `Generated by \`npm run bench -- remote-proxy\` on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC: ` +
    `${os.cpus().length} CPUs, Node ${process.version}, upstream @openai/codex ${peer.version} (native binary); ` +
    `load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")} at the end (the machine is shared). ` +
    `The fake model server behind a relay adding ${ONE_WAY_MS} ms each way (${2 * ONE_WAY_MS} ms round trip); ` +
    `${REPS} runs per variant after one warm-up each, alternating. Cells are min / **median** / max.`,
  "",
  "| variant | time to first model request (ms) | wall (ms) | requests before the first model request | vs upstream (medians; mins) |",
  "| --- | --- | --- | --- | --- |",
  ...VARIANTS.map((v) => {
    const f = first(v);
    const before = [...new Set(ok(v).map((r) => r.before))].join(", ");
    return `| ${v} | ${cell(f)} | ${cell(summarize(ok(v).map((r) => r.wallMs)))} | ${before} | **${(f.median / upstreamFirst.median).toFixed(2)}**; ${(f.min / upstreamFirst.min).toFixed(2)} |`;
  }),
];
const failed = VARIANTS.reduce((n, v) => n + (runs.get(v) ?? []).filter((r) => !r.ok).length, 0);
if (failed) lines.push("", `**${failed} runs failed** and are left out of the numbers.`);

mkdirSync(path.join(ROOT, ".cache", "bench"), { recursive: true });
writeFileSync(
  path.join(ROOT, ".cache", "bench", "remote-proxy.json"),
  `${JSON.stringify({ bench: "remote-proxy", oneWayMs: ONE_WAY_MS, runs: Object.fromEntries(runs) }, null, 1)}\n`,
);
const BEGIN = "<!-- bench:remote-proxy:begin (generated; edit outside these markers) -->";
const END = "<!-- bench:remote-proxy:end -->";
const resultsFile = path.join(ROOT, "bench", "RESULTS.md");
const block = `${BEGIN}\n${lines.join("\n")}\n${END}`;
const old = existsSync(resultsFile) ? readFileSync(resultsFile, "utf8") : "# Benchmark results\n";
const at = old.indexOf(BEGIN);
const end = old.indexOf(END);
writeFileSync(
  resultsFile,
  at >= 0 && end > at
    ? old.slice(0, at) + block + old.slice(end + END.length)
    : `${old.trimEnd()}\n\n## A proxy 50 ms away\n\n${block}\n`,
);
console.log(lines.join("\n"));
rmSync(WORK, { recursive: true, force: true });
