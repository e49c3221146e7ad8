// codex-litellm versus upstream OpenAI Codex (the pinned @openai/codex in bench/package.json,
// native binary), scenario by scenario, both driven by one scripted fake model server on
// 127.0.0.1 running inside this process. Runs alternate between the two tools (ABBA order) so
// drift of the machine hits both alike. See bench/README.md for what each scenario measures.
//
// Writes .cache/bench/vs-upstream.json (every run) and the generated part of bench/RESULTS.md
// (between the `bench:vs-upstream` markers; the rest of that file is kept).
//
// Environment: BENCH_REPS (default 10) repetitions per scenario and tool; BENCH_ONLY=a,b runs
// only the named scenarios (version, turn, calls, calls-ws, list, list-cold, resume,
// telemetry); BENCH_KEEP=1 keeps bench/runs/vs-upstream; BENCH_OURS_CLI=/path/to/dist/cli.js
// measures another build of ours (e.g. a proposed fix in a throwaway copy of the repo);
// BENCH_PROXY=http://127.0.0.1:PORT sends both tools' requests through a forward proxy.
// BENCH_OTEL=1 starts the test OpenTelemetry Collector and turns both tools' [otel] export on.
import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { startFakeModelServer, type FakeStep } from "../test/fixtures/fake-model-server.js";
import { buildCollector, startCollector } from "../test/support/otel-collector.js";
import { locatePeer } from "./lib/peer.js";
import { runMeasured } from "./lib/proc.js";
import { writeLongSession, writeManySessions } from "./lib/rollouts.js";
import { summarize, type Summary } from "./lib/stats.js";

const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 10));
const ONLY = (process.env.BENCH_ONLY ?? "")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);
const wanted = (name: string) => ONLY.length === 0 || ONLY.includes(name);
const ROOT = process.cwd();
/** BENCH_PROXY=http://127.0.0.1:PORT: every model request of both tools goes through that forward proxy. */
const PROXY = process.env.BENCH_PROXY ?? "";
/** BENCH_OTEL=1: both tools export logs, traces and metrics (one [otel] table) to the test collector. */
const OTEL = process.env.BENCH_OTEL === "1";
const CLI = process.env.BENCH_OURS_CLI ? path.resolve(process.env.BENCH_OURS_CLI) : path.join(ROOT, "dist", "cli.cjs");
// Not under /tmp: upstream refuses to create its helper binaries in a temp dir (and warns).
const WORK = path.join(ROOT, "bench", "runs", "vs-upstream");
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
const SAMPLE_MS = 10;
const SESSIONS = 10_000;
const LONG_ITEMS = 10_000;
const API_KEY = "sk-bench-vs-upstream";
// Reported instead of the fake's estimate from the request size, so that no resumed session ever
// looks big enough for either tool to compact it (upstream sums usage over a resumed thread).
const FIXED_USAGE = { input_tokens: 5000, output_tokens: 20 };
const started = Date.now();
const loadStart = os.loadavg().map((x) => Number(x.toFixed(2)));

// dist/ must match the sources (esbuild cannot be bundled into this file, so ask a child).
const built = process.env.BENCH_OURS_CLI
  ? { status: 0 }
  : spawnSync(
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
const otelUnavailable = OTEL ? buildCollector() : null;
if (otelUnavailable) throw new Error(`BENCH_OTEL=1: ${otelUnavailable}`);
const collector = OTEL ? await startCollector() : null;

// --- the fake model server, with the time it spends per request --------------------------------
interface Span {
  method: string;
  url: string;
  arrival: number;
  bodyEnd: number;
  finish: number;
  bodyBytes: number;
  headerBytes: number;
}
let spans: Span[] = [];
const createServer = http.createServer;
// The fake server calls http.createServer(handler): wrap its handler to time each request from
// the end of its body (the client's upload counts as client work) to the end of the answer.
(http as unknown as { createServer: unknown }).createServer = (handler: http.RequestListener) =>
  createServer((req, res) => {
    const span: Span = {
      method: req.method ?? "",
      url: req.url ?? "",
      arrival: performance.now(),
      bodyEnd: 0,
      finish: 0,
      bodyBytes: 0,
      headerBytes: req.rawHeaders.reduce((n, h) => n + Buffer.byteLength(h), 0),
    };
    spans.push(span);
    req.on("data", (c: Buffer) => (span.bodyBytes += c.length));
    req.on("end", () => (span.bodyEnd = performance.now()));
    res.on("finish", () => (span.finish = performance.now()));
    handler(req, res);
  });
const server = await startFakeModelServer({ apiKey: API_KEY });
(http as unknown as { createServer: unknown }).createServer = createServer;

// --- tools ------------------------------------------------------------------------------------------
type Tool = "ours" | "upstream";
const TOOLS: Tool[] = ["ours", "upstream"];

function envFor(tool: Tool, home: string): Record<string, string> {
  const dead = "http://127.0.0.1:9"; // any non-loopback connection fails at once
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    CODEX_HOME: home,
    LANG: "C.UTF-8",
    LITELLM_API_KEY: API_KEY,
    HTTP_PROXY: dead,
    HTTPS_PROXY: dead,
    ALL_PROXY: dead,
    http_proxy: dead,
    https_proxy: dead,
    all_proxy: dead,
    NO_PROXY: "127.0.0.1,localhost",
    no_proxy: "127.0.0.1,localhost",
  };
  if (PROXY) {
    // Both tools reach the fake server through this forward proxy (e.g. tinyproxy).
    for (const name of ["HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"]) env[name] = PROXY;
    for (const name of ["NO_PROXY", "no_proxy"]) delete env[name];
  }
  if (tool === "upstream") {
    // What upstream's npm shim sets before exec'ing the native binary.
    env.CODEX_MANAGED_BY_NPM = "1";
    env.CODEX_MANAGED_PACKAGE_ROOT = peer.packageRoot;
  }
  return env;
}

function command(tool: Tool, args: string[]): [string, string[]] {
  return tool === "ours" ? [process.execPath, [CLI, ...args]] : [peer.bin, args];
}

function configToml(extra = ""): string {
  return [
    `model_provider = "litellm"`,
    `model = "gpt-5.5"`, // a model upstream knows: no "model metadata not found" warning
    extra,
    `[model_providers.litellm]`,
    `name = "litellm"`,
    `base_url = "${server.url}"`,
    `env_key = "LITELLM_API_KEY"`,
    `wire_api = "responses"`,
    ...(collector
      ? [`[otel]`, `exporter = { otlp-http = { endpoint = "${collector.httpUrl}/v1/logs", protocol = "binary" } }`]
      : []),
    ``,
  ].join("\n");
}

function makeHome(name: string, extra = ""): string {
  const home = path.join(WORK, "homes", name);
  mkdirSync(home, { recursive: true });
  writeFileSync(path.join(home, "config.toml"), configToml(extra));
  return home;
}

// --- one measured run ------------------------------------------------------------------------------
interface Run {
  tool: Tool;
  ok: boolean;
  problem?: string;
  wallMs: number;
  /** Spawn → arrival of the first POST /responses. */
  firstRequestMs: number;
  /** Time the fake server spent answering model requests (body received → answer sent). */
  serverMs: number;
  /** wallMs − serverMs: everything the agent did (start-up, tools, parsing, writing, exit). */
  overheadMs: number;
  requests: number;
  requestBytes: number[];
  requestHeaderBytes: number[];
  userS: number;
  sysS: number;
  /** Largest single process's peak RSS (getrusage via /usr/bin/time), KiB. */
  maxRssKb: number;
  /** Peak of the whole process tree's summed PSS (sampled every SAMPLE_MS), KiB. */
  treePeakRssKb: number;
}

interface RunOptions {
  script?: FakeStep[];
  expectRequests?: number;
  /** Strings the output must contain (final answer, resumed thread id). */
  expectText?: string[];
  sample?: boolean;
  cwd?: string;
}

async function run(tool: Tool, home: string, args: string[], opts: RunOptions = {}): Promise<Run> {
  if (opts.script) {
    server.reset();
    server.setScript("*", opts.script);
  }
  spans = [];
  const [cmd, cmdArgs] = command(tool, args);
  const timeFile = path.join(WORK, "time.txt");
  rmSync(timeFile, { force: true });
  const wrapped: [string, string[]] = TIME
    ? [TIME, ["-f", "%e %U %S %M", "-o", timeFile, cmd, ...cmdArgs]]
    : [cmd, cmdArgs];
  const r = await runMeasured({
    cmd: wrapped[0],
    args: wrapped[1],
    cwd: opts.cwd ?? REPO,
    env: envFor(tool, home),
    timeoutMs: 180_000,
    sampleMs: opts.sample ? SAMPLE_MS : undefined,
    excludeRoot: TIME !== null,
  });
  await new Promise((res) => setImmediate(res)); // let the server's last 'finish' land
  const model = spans.filter((s) => s.method === "POST" && /\/responses$/.test(s.url.split("?")[0] ?? ""));
  const serverMs = model.reduce((sum, s) => sum + Math.max(0, (s.finish || s.bodyEnd) - s.bodyEnd), 0);
  const [, u = "0", s = "0", m = "0"] =
    TIME && existsSync(timeFile) ? (readFileSync(timeFile, "utf8").trim().split("\n").pop() ?? "").split(" ") : [];
  const run: Run = {
    tool,
    ok: true,
    wallMs: r.wallMs,
    firstRequestMs: model[0] ? model[0].arrival - r.t0 : NaN,
    serverMs,
    overheadMs: r.wallMs - serverMs,
    requests: model.length,
    requestBytes: model.map((x) => x.bodyBytes),
    requestHeaderBytes: model.map((x) => x.headerBytes),
    userS: Number(u),
    sysS: Number(s),
    maxRssKb: Number(m),
    treePeakRssKb: r.treePeakRssKb,
  };
  const fail = (why: string) => {
    run.ok = false;
    run.problem = `${why}\n--- stdout\n${r.stdout.slice(-1500)}\n--- stderr\n${r.stderr.slice(-1500)}`;
  };
  if (r.timedOut) fail("timed out");
  else if (r.code !== 0) fail(`exit code ${String(r.code)}`);
  else if (opts.expectRequests !== undefined && model.length !== opts.expectRequests)
    fail(`expected ${opts.expectRequests} model requests, saw ${model.length}`);
  else
    for (const text of opts.expectText ?? [])
      if (!r.stdout.includes(text)) fail(`${JSON.stringify(text)} missing from the output`);
  if (!run.ok) process.stderr.write(`vs-upstream: ${tool} ${args.slice(0, 3).join(" ")}: ${run.problem}\n`);
  return run;
}

/** REPS pairs after one warm-up each; the order alternates ABBA so slow drift cancels out. */
async function paired(
  label: string,
  fn: (tool: Tool, i: number) => Promise<Run>,
  tools: Tool[] = TOOLS,
): Promise<Record<string, Run[]>> {
  const out: Record<string, Run[]> = Object.fromEntries(tools.map((t) => [t, []]));
  for (const t of tools) await fn(t, -1);
  for (let i = 0; i < REPS; i++) {
    const order = i % 2 === 0 ? tools : [...tools].reverse();
    for (const t of order) out[t]?.push(await fn(t, i));
  }
  const bad = Object.values(out)
    .flat()
    .filter((r) => !r.ok).length;
  process.stderr.write(
    `vs-upstream: ${label} done (${((Date.now() - started) / 1000).toFixed(0)} s)${bad ? `, ${bad} failed runs` : ""}\n`,
  );
  return out;
}

// --- results -----------------------------------------------------------------------------------------
interface Row {
  scenario: string;
  metric: string;
  unit: string;
  ours: Summary;
  upstream: Summary;
  ratio: number;
  target?: string;
  note?: string;
}
const rows: Row[] = [];
const raw: Record<string, unknown> = {};

const fmt = (x: number) =>
  !Number.isFinite(x) ? "–" : Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2);
const cell = (s: Summary) => (s.n === 0 ? "–" : `${fmt(s.min)} / **${fmt(s.median)}** / ${fmt(s.max)}`);
const okRuns = (runs: Run[] | undefined) => (runs ?? []).filter((r) => r.ok);
function row(
  scenario: string,
  metric: string,
  unit: string,
  ours: number[],
  upstream: number[],
  extra: { target?: string; note?: string } = {},
): void {
  const o = summarize(ours);
  const u = summarize(upstream);
  rows.push({ scenario, metric, unit, ours: o, upstream: u, ratio: o.median / u.median, ...extra });
}
const pick = (runs: Run[] | undefined, f: (r: Run) => number) => okRuns(runs).map(f);
const kb2mb = (kb: number) => kb / 1024;

// --- setup ---------------------------------------------------------------------------------------------
rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
const REPO = path.join(WORK, "repo");
mkdirSync(REPO);
writeFileSync(path.join(REPO, "README.md"), "# bench repo\n");
const git = (...args: string[]) =>
  execFileSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@example.invalid", ...args], {
    cwd: REPO,
    stdio: "ignore",
  });
git("init", "-q");
git("add", ".");
git("commit", "-qm", "init");
const homes = { ours: makeHome("ours"), upstream: makeHome("upstream") };

const EXEC = ["exec", "--json"];
const BYPASS = ["--dangerously-bypass-approvals-and-sandbox"];
const WS = ["-s", "workspace-write"];
const calls = (n: number, final: string): FakeStep[] => [
  { repeat: n, turn: { shell: ["bash", "-lc", "echo step {i}"] } },
  { text: final },
];

// 1. --version
if (wanted("version")) {
  const variants: Record<string, [string, string[]]> = {
    ours: [process.execPath, [CLI, "--version"]],
    upstream: [peer.bin, ["--version"]],
    "upstream-npm-shim": [process.execPath, [peer.shim, "--version"]],
    "node-floor": [process.execPath, ["-e", ""]],
  };
  const names = Object.keys(variants);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const rss: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const reps = Math.max(REPS, 20);
  for (let i = -1; i < reps; i++) {
    for (const n of i % 2 === 0 ? names : [...names].reverse()) {
      const [cmd, args] = variants[n] as [string, string[]];
      const timeFile = path.join(WORK, "time.txt");
      const r = await runMeasured({
        cmd: TIME ?? cmd,
        args: TIME ? ["-f", "%M", "-o", timeFile, cmd, ...args] : args,
        cwd: REPO,
        env: envFor("ours", homes.ours),
      });
      if (r.code !== 0) throw new Error(`${n} --version failed: ${r.stderr}`);
      if (i < 0) continue;
      times[n]?.push(r.wallMs);
      if (TIME) rss[n]?.push(Number(readFileSync(timeFile, "utf8").trim().split("\n").pop()));
    }
  }
  raw.version = { times, rss };
  const floor = summarize(times["node-floor"] ?? []);
  row("`--version` (cold process)", "wall", "ms", times.ours ?? [], times.upstream ?? [], {
    target: "≤ 1.5×",
    note: `\`node -e ''\` alone (the Node start-up floor): ${fmt(floor.min)} / ${fmt(floor.median)} / ${fmt(floor.max)} ms`,
  });
  if (TIME)
    row("`--version` (cold process)", "max RSS", "MB", (rss.ours ?? []).map(kb2mb), (rss.upstream ?? []).map(kb2mb), {
      note: `npm shim: ${kb2mb(summarize(rss["upstream-npm-shim"] ?? []).median).toFixed(0)} MB (node) + native`,
    });
  row(
    "`--version`, upstream through its npm shim (`codex` as npm installs it)",
    "wall",
    "ms",
    times.ours ?? [],
    times["upstream-npm-shim"] ?? [],
  );
  process.stderr.write(`vs-upstream: version done (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
}

// 2. exec, one text turn
let turnOverhead: Record<Tool, number> | undefined;
if (wanted("turn")) {
  const runs = await paired("turn", (t) =>
    run(t, homes[t], [...EXEC, ...BYPASS, "say hello"], {
      script: [{ text: "hello there" }],
      expectRequests: 1,
      expectText: ["hello there"],
    }),
  );
  raw.turn = runs;
  row(
    "exec, one text turn",
    "time to first request",
    "ms",
    pick(runs.ours, (r) => r.firstRequestMs),
    pick(runs.upstream, (r) => r.firstRequestMs),
  );
  row(
    "exec, one text turn",
    "wall",
    "ms",
    pick(runs.ours, (r) => r.wallMs),
    pick(runs.upstream, (r) => r.wallMs),
    { target: "≤ 1.5× (start-up)" },
  );
  row(
    "exec, one text turn",
    "CPU user+sys",
    "ms",
    pick(runs.ours, (r) => (r.userS + r.sysS) * 1000),
    pick(runs.upstream, (r) => (r.userS + r.sysS) * 1000),
  );
  turnOverhead = {
    ours: summarize(pick(runs.ours, (r) => r.overheadMs)).median,
    upstream: summarize(pick(runs.upstream, (r) => r.overheadMs)).median,
  };
}

// 3. exec, 20 sequential tool calls (no sandbox, then workspace-write)
for (const [key, label, flags] of [
  ["calls", "no sandbox (`--dangerously-bypass-approvals-and-sandbox`)", BYPASS],
  ["calls-ws", "`-s workspace-write`", WS],
] as const) {
  if (!wanted(key)) continue;
  const runs = await paired(key, (t) =>
    run(t, homes[t], [...EXEC, ...flags, "run the steps"], {
      script: calls(20, "all 20 done"),
      expectRequests: 21,
      expectText: ["all 20 done"],
      sample: true,
    }),
  );
  raw[key] = runs;
  const scenario = `exec, 20 tool calls, ${label}`;
  row(
    scenario,
    "wall",
    "ms",
    pick(runs.ours, (r) => r.wallMs),
    pick(runs.upstream, (r) => r.wallMs),
  );
  row(
    scenario,
    "fake server time",
    "ms",
    pick(runs.ours, (r) => r.serverMs),
    pick(runs.upstream, (r) => r.serverMs),
  );
  row(
    scenario,
    "agent overhead (wall − server)",
    "ms",
    pick(runs.ours, (r) => r.overheadMs),
    pick(runs.upstream, (r) => r.overheadMs),
  );
  if (turnOverhead) {
    const base = turnOverhead;
    row(
      scenario,
      "per call: (overhead − one-turn overhead) / 20",
      "ms",
      pick(runs.ours, (r) => (r.overheadMs - base.ours) / 20),
      pick(runs.upstream, (r) => (r.overheadMs - base.upstream) / 20),
      { target: "≤ 1.0× (per-turn overhead)" },
    );
  }
  row(
    scenario,
    "CPU user+sys (whole tree)",
    "ms",
    pick(runs.ours, (r) => (r.userS + r.sysS) * 1000),
    pick(runs.upstream, (r) => (r.userS + r.sysS) * 1000),
  );
  row(
    scenario,
    "peak memory, process tree (PSS, sampled)",
    "MB",
    pick(runs.ours, (r) => kb2mb(r.treePeakRssKb)),
    pick(runs.upstream, (r) => kb2mb(r.treePeakRssKb)),
    { target: key === "calls" ? "≤ 1.5×" : undefined },
  );
  if (TIME)
    row(
      scenario,
      "peak RSS, largest process",
      "MB",
      pick(runs.ours, (r) => kb2mb(r.maxRssKb)),
      pick(runs.upstream, (r) => kb2mb(r.maxRssKb)),
    );
  if (key === "calls") {
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    row(
      "bytes sent per model request (20-call run)",
      "first request body",
      "KB",
      pick(runs.ours, (r) => (r.requestBytes[0] ?? 0) / 1024),
      pick(runs.upstream, (r) => (r.requestBytes[0] ?? 0) / 1024),
    );
    row(
      "bytes sent per model request (20-call run)",
      "last (21st) request body",
      "KB",
      pick(runs.ours, (r) => (r.requestBytes.at(-1) ?? 0) / 1024),
      pick(runs.upstream, (r) => (r.requestBytes.at(-1) ?? 0) / 1024),
    );
    row(
      "bytes sent per model request (20-call run)",
      "mean body per request",
      "KB",
      pick(runs.ours, (r) => sum(r.requestBytes) / r.requests / 1024),
      pick(runs.upstream, (r) => sum(r.requestBytes) / r.requests / 1024),
    );
    row(
      "bytes sent per model request (20-call run)",
      "headers per request",
      "bytes",
      pick(runs.ours, (r) => sum(r.requestHeaderBytes) / r.requests),
      pick(runs.upstream, (r) => sum(r.requestHeaderBytes) / r.requests),
    );
    row(
      "bytes sent per model request (20-call run)",
      "total sent, 21 requests",
      "KB",
      pick(runs.ours, (r) => sum(r.requestBytes) / 1024),
      pick(runs.upstream, (r) => sum(r.requestBytes) / 1024),
    );
  }
}

// 4. `exec resume --last` among 10,000 stored sessions (only the oldest was started here)
if (wanted("list") || wanted("list-cold")) {
  const t0 = Date.now();
  const listHomes = { ours: makeHome("list-ours"), upstream: makeHome("list-upstream") };
  const match = writeManySessions(listHomes.ours, SESSIONS, REPO);
  writeManySessions(listHomes.upstream, SESSIONS, REPO);
  const pristine = path.join(WORK, "pristine-match.jsonl");
  copyFileSync(match.path, pristine);
  process.stderr.write(`vs-upstream: generated 2 × ${SESSIONS} sessions in ${Date.now() - t0} ms\n`);
  const resumeArgs = ["exec", "resume", "--last", "--json", "continue from here"];
  const opts = {
    script: [{ text: "resumed ok", usage: FIXED_USAGE }],
    expectRequests: 1,
    expectText: [match.id, "resumed ok"],
  };
  /** Upstream's first run in a CODEX_HOME indexes every rollout into state_5.sqlite; a fresh copy of the home has no index. */
  const coldReset = (home: string) => {
    for (const name of readdirSync(home))
      if (name !== "config.toml" && name !== "sessions")
        rmSync(path.join(home, name), { recursive: true, force: true });
    copyFileSync(pristine, match.path.replace(listHomes.ours, home));
  };
  if (wanted("list-cold")) {
    const runs = await paired("list-cold", (t) => {
      coldReset(listHomes[t]);
      return run(t, listHomes[t], resumeArgs, opts);
    });
    raw.listCold = runs;
    const scenario = `\`exec resume --last\` among ${SESSIONS.toLocaleString("en-US")} sessions, fresh CODEX_HOME (upstream builds its SQLite index)`;
    row(
      scenario,
      "time to first request",
      "ms",
      pick(runs.ours, (r) => r.firstRequestMs),
      pick(runs.upstream, (r) => r.firstRequestMs),
    );
    row(
      scenario,
      "wall",
      "ms",
      pick(runs.ours, (r) => r.wallMs),
      pick(runs.upstream, (r) => r.wallMs),
    );
  }
  if (wanted("list")) {
    const runs = await paired("list", (t) => run(t, listHomes[t], resumeArgs, opts));
    raw.list = runs;
    const scenario = `\`exec resume --last\` among ${SESSIONS.toLocaleString("en-US")} sessions, used CODEX_HOME (upstream's index exists)`;
    row(
      scenario,
      "time to first request",
      "ms",
      pick(runs.ours, (r) => r.firstRequestMs),
      pick(runs.upstream, (r) => r.firstRequestMs),
      { target: "≤ 1.0× (resume)" },
    );
    row(
      scenario,
      "wall",
      "ms",
      pick(runs.ours, (r) => r.wallMs),
      pick(runs.upstream, (r) => r.wallMs),
    );
    row(
      scenario,
      "CPU user+sys",
      "ms",
      pick(runs.ours, (r) => (r.userS + r.sysS) * 1000),
      pick(runs.upstream, (r) => (r.userS + r.sysS) * 1000),
    );
  }
}

// 5. `exec resume --last` of one 10,000-item rollout
if (wanted("resume")) {
  const window = "model_context_window = 1000000\nmodel_auto_compact_token_limit = 900000\n"; // 10,000 items ≈ 430k tokens: no guard, no compaction
  const longHomes = { ours: makeHome("long-ours", window), upstream: makeHome("long-upstream", window) };
  const long = writeLongSession(longHomes.ours, LONG_ITEMS, REPO);
  writeLongSession(longHomes.upstream, LONG_ITEMS, REPO);
  const runs = await paired("resume", (t) =>
    run(t, longHomes[t], ["exec", "resume", "--last", "--json", "one more thing"], {
      script: [{ text: "resumed long", usage: FIXED_USAGE }],
      expectRequests: 1,
      expectText: [long.id, "resumed long"],
      sample: true,
    }),
  );
  raw.resume = runs;
  const scenario = `\`exec resume --last\` of a ${LONG_ITEMS.toLocaleString("en-US")}-item rollout (${(long.bytes / 1e6).toFixed(1)} MB)`;
  row(
    scenario,
    "time to first request",
    "ms",
    pick(runs.ours, (r) => r.firstRequestMs),
    pick(runs.upstream, (r) => r.firstRequestMs),
    { target: "≤ 1.0× (resume)" },
  );
  row(
    scenario,
    "wall",
    "ms",
    pick(runs.ours, (r) => r.wallMs),
    pick(runs.upstream, (r) => r.wallMs),
  );
  row(
    scenario,
    "CPU user+sys",
    "ms",
    pick(runs.ours, (r) => (r.userS + r.sysS) * 1000),
    pick(runs.upstream, (r) => (r.userS + r.sysS) * 1000),
  );
  row(
    scenario,
    "peak memory, process tree (PSS, sampled)",
    "MB",
    pick(runs.ours, (r) => kb2mb(r.treePeakRssKb)),
    pick(runs.upstream, (r) => kb2mb(r.treePeakRssKb)),
  );
  row(
    scenario,
    "request body",
    "KB",
    pick(runs.ours, (r) => (r.requestBytes[0] ?? 0) / 1024),
    pick(runs.upstream, (r) => (r.requestBytes[0] ?? 0) / 1024),
  );
}

// 6. telemetry on vs off (ours only): one exec turn of 50 model requests, in a CODEX_HOME whose
// telemetry dir is new, then in one holding OLD_LOGS earlier debug logs (each exec writes one).
const OLD_LOGS = 2000;
interface TelemetryResult {
  label: string;
  on: Run[];
  off: Run[];
}
const telemetryResults: TelemetryResult[] = [];
if (wanted("telemetry")) {
  const script = calls(49, "all 49 done");
  const fresh = makeHome("telemetry-ours");
  const used = makeHome("telemetry-ours-old-logs");
  mkdirSync(path.join(used, "logs"));
  const old = new Date(Date.now() - 30 * 86_400_000);
  for (let i = 0; i < OLD_LOGS; i++) {
    const file = path.join(
      used,
      "logs",
      `2026${String(1 + (i % 12)).padStart(2, "0")}${String(1 + (i % 28)).padStart(2, "0")}-${String(100000 + i).slice(-6)}.log`,
    );
    writeFileSync(file, `{"ts":"2026-01-01T00:00:00.000Z","session_id":null,"event":"session.configured"}\n`);
    utimesSync(file, old, old);
  }
  for (const [label, home] of [
    ["new telemetry dir", fresh],
    [`${OLD_LOGS.toLocaleString("en-US")} earlier debug logs in the telemetry dir`, used],
  ] as const) {
    const one = (off: boolean) =>
      run("ours", home, [...EXEC, ...BYPASS, ...(off ? ["--no-telemetry"] : []), "run the steps"], {
        script,
        expectRequests: 50,
        expectText: ["all 49 done"],
      });
    const result: TelemetryResult = { label, on: [], off: [] };
    await one(false);
    await one(true);
    for (let i = 0; i < REPS; i++) {
      for (const off of i % 2 === 0 ? [false, true] : [true, false])
        (off ? result.off : result.on).push(await one(off));
    }
    telemetryResults.push(result);
  }
  raw.telemetry = telemetryResults;
  process.stderr.write(`vs-upstream: telemetry done (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
}

await server.close();

// --- report ------------------------------------------------------------------------------------------------
const totalS = (Date.now() - started) / 1000;
const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
const machine = {
  date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
  nproc: os.availableParallelism(),
  memory_gb: Number((os.totalmem() / 2 ** 30).toFixed(1)),
  cpu,
  kernel: `${os.type()} ${os.release()} ${os.arch()}`,
  node: process.version,
  upstream: `@openai/codex ${peer.version} (native binary)`,
  reps: REPS,
  loadavg_start: loadStart,
  loadavg_end: os.loadavg().map((x) => Number(x.toFixed(2))),
  seconds: Number(totalS.toFixed(0)),
};
mkdirSync(path.join(ROOT, ".cache", "bench"), { recursive: true });
// Only a full, default run updates RESULTS.md and vs-upstream.json; partial or experimental runs
// (BENCH_ONLY, BENCH_REPS < 10, BENCH_OURS_CLI) print their table and write vs-upstream.partial.json.
const official = ONLY.length === 0 && REPS >= 10 && !process.env.BENCH_OURS_CLI && !PROXY && !OTEL;
writeFileSync(
  path.join(ROOT, ".cache", "bench", official ? "vs-upstream.json" : "vs-upstream.partial.json"),
  `${JSON.stringify({ bench: "vs-upstream", machine, rows, runs: raw }, null, 1)}\n`,
);

const lines: string[] = [
  `Generated by \`npm run bench -- vs-upstream\` on ${machine.date}: ${machine.nproc} CPUs (${cpu}), ${machine.memory_gb} GB RAM, ${machine.kernel}, Node ${machine.node}, upstream ${machine.upstream}; load average ${machine.loadavg_start.join(" ")} at the start, ${machine.loadavg_end.join(" ")} at the end (the machine is shared). ` +
    `${REPS} runs per tool and scenario after one warm-up each, alternating; whole run ${machine.seconds} s. Cells are min / **median** / max; ratios below 1 mean we are faster / smaller. On a busy machine the ratio of the minimums is the steadier estimate of the intrinsic cost.`,
  "",
  "| scenario | metric | ours | upstream | ours/upstream (medians; mins) | target |",
  "| --- | --- | --- | --- | --- | --- |",
];
for (const r of rows) {
  const verdict = r.target ? ` ${r.target}` : "";
  lines.push(
    `| ${r.scenario} | ${r.metric} (${r.unit}) | ${cell(r.ours)} | ${cell(r.upstream)} | **${fmt(r.ratio)}**; ${fmt(r.ours.min / r.upstream.min)} |${verdict} |`,
  );
}
const notes = rows.filter((r) => r.note).map((r) => `- ${r.scenario}, ${r.metric}: ${r.note}`);
if (notes.length) lines.push("", ...notes);
if (telemetryResults.length) {
  lines.push(
    "",
    "Telemetry (ours only): one `exec` turn of 50 model requests (49 shell calls, then the answer), default telemetry vs `--no-telemetry`:",
    "",
    "| telemetry dir | metric | telemetry on | `--no-telemetry` | on/off | target |",
    "| --- | --- | --- | --- | --- | --- |",
  );
  for (const t of telemetryResults) {
    const metrics: [string, (r: Run) => number][] = [
      ["wall (ms)", (r) => r.wallMs],
      ["time to first request (ms)", (r) => r.firstRequestMs],
      ["CPU user+sys (ms)", (r) => (r.userS + r.sysS) * 1000],
    ];
    for (const [name, f] of metrics) {
      const on = summarize(pick(t.on, f));
      const off = summarize(pick(t.off, f));
      lines.push(
        `| ${t.label} | ${name} | ${cell(on)} | ${cell(off)} | **${fmt(on.median / off.median)}** | ${name.startsWith("wall") ? "≤ 1.05" : ""} |`,
      );
    }
  }
}
const allRuns = (v: unknown): Run[] =>
  Array.isArray(v)
    ? v.flatMap(allRuns)
    : v && typeof v === "object"
      ? "wallMs" in v && "ok" in v
        ? [v as Run]
        : Object.values(v).flatMap(allRuns)
      : [];
const failed = allRuns(raw).filter((r) => !r.ok).length;
if (failed)
  lines.push("", `**${failed} runs failed** and are left out of the numbers; see .cache/bench/vs-upstream.json.`);

const BEGIN = "<!-- bench:vs-upstream:begin (generated; edit outside these markers) -->";
const END = "<!-- bench:vs-upstream:end -->";
const resultsFile = path.join(ROOT, "bench", "RESULTS.md");
const block = `${BEGIN}\n${lines.join("\n")}\n${END}`;
const old = !official
  ? ""
  : existsSync(resultsFile)
    ? readFileSync(resultsFile, "utf8")
    : "# Benchmark results\n\n## codex-litellm vs upstream Codex\n\n" +
      `${BEGIN}\n${END}\n\n## Findings\n\n(profiling notes go here)\n`;
const at = old.indexOf(BEGIN);
const end = old.indexOf(END);
if (official)
  writeFileSync(
    resultsFile,
    at >= 0 && end > at ? old.slice(0, at) + block + old.slice(end + END.length) : `${old.trimEnd()}\n\n${block}\n`,
  );
console.log(lines.join("\n"));
if (process.env.BENCH_KEEP !== "1") rmSync(WORK, { recursive: true, force: true });
await collector?.stop();
