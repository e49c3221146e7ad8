// The interactive UI over a long session (issue 36 items 11 and 12), driven in a real
// pseudo-terminal (120×40) against the scripted fake model server.
//
// Part 1 (long session): turns of reasoning, six commands with output, a patch (a diff) and a
// markdown answer (ten transcript items a turn) until the transcript holds 100, 1,000 and 2,000
// items; at each, one measured turn streams a long answer (about 1,000 deltas, 3 ms apart) and
// we take: keystroke → echo while it streams and when idle, CPU per streamed delta (the UI
// process, /proc), Ink's frames per second while streaming, full-screen clears while streaming
// (flicker), and RSS after a full GC.
// Part 2 (many hours): 500 short turns (a command, an answer) with /compact every 50; after each
// compaction the heap and RSS after a full GC, active handles and timers, and listener counts.
//
// The UI reports its own state through CODEX_LITELLM_UI_STATS (src/tui/debug-stats.ts).
// BENCH_STREAM_PROF=DIR: a CPU profile of each UI's last measured stream, DIR/long<k>.cpuprofile.
// BENCH_ITEMS=100,300 and BENCH_TURNS=100 shorten a run; results go to .cache/bench/tui-long-session.json.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startFakeModelServer, type FakeStep } from "../test/fixtures/fake-model-server.js";
import { splitDeltas } from "../test/fixtures/fake-model-script.js";
import { CLEAR_SCREEN, FRAME_START, PtyTerminal, countIn, cpuMs, rssBytes } from "./lib/pty-terminal.js";
import { summarize } from "./lib/stats.js";
import { bundleDist } from "./lib/bundle-dist.js";

const root = process.cwd();
const cli = path.join(root, "dist", "cli.cjs");
const KEY = "sk-bench-long-0123";
const MODEL = "bench-model";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const COLUMNS = 120;
const ROWS = 40;
const CHECKPOINTS = (process.env.BENCH_ITEMS ?? "100,1000,2000").split(",").map(Number);
const MANY_TURNS = Number(process.env.BENCH_TURNS ?? 500);
const COMPACT_EVERY = 50;

bundleDist(root);

interface UiStats {
  items: number;
  running: boolean;
  heapUsed: number;
  rss: number;
  resources: Record<string, number>;
  listeners: Record<string, Record<string, number> | number>;
}

const server = await startFakeModelServer({ apiKey: KEY });
const scratch = mkdtempSync(path.join(os.tmpdir(), "cl-bench-long-"));

/** A trusted repository and a home whose config runs commands and patches without asking. */
function setup(name: string, model: string): { repo: string; home: string; statsFile: string } {
  const repo = path.join(scratch, `${name}-repo`);
  const home = path.join(scratch, `${name}-home`);
  mkdirSync(path.join(repo, "notes"), { recursive: true });
  mkdirSync(home);
  writeFileSync(path.join(repo, "math.js"), "export function add(a, b) {\n  return a + b;\n}\n");
  execFileSync("git", ["init", "-q"], { cwd: repo });
  writeFileSync(
    path.join(home, "config.toml"),
    [
      `model = "${model}"`,
      "context_length = 10000000",
      'approval_policy = "never"',
      'sandbox_mode = "danger-full-access"',
      "[telemetry]",
      "enabled = false",
      "[model_providers.litellm]",
      `base_url = "${server.url}"`,
      `[projects.${JSON.stringify(repo)}]`,
      'trust_level = "trusted"',
      "",
    ].join("\n"),
  );
  return { repo, home, statsFile: path.join(home, "ui-stats.jsonl") };
}

interface Ui {
  term: PtyTerminal;
  statsFile: string;
  /** The model it talks to: the fake server keeps a script per model. */
  model: string;
}

function open(name: string): Ui {
  const model = `${MODEL}-${name}`;
  const { repo, home, statsFile } = setup(name, model);
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    CODEX_HOME: home,
    LITELLM_API_KEY: KEY,
    LANG: "C.UTF-8",
    TERM: "xterm-256color",
    GIT_CEILING_DIRECTORIES: scratch,
    CODEX_LITELLM_UI_STATS: statsFile,
    ...(process.env.BENCH_STREAM_PROF
      ? { CODEX_LITELLM_UI_PROFILE: path.join(process.env.BENCH_STREAM_PROF, `${name}.cpuprofile`) }
      : {}),
  };
  // BENCH_CPU_PROF=DIR: a CPU profile of each UI process (see bench/cpuprofile-top.mjs).
  const prof = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const term = new PtyTerminal([process.execPath, ...prof, cli], { env, cwd: repo, columns: COLUMNS, rows: ROWS });
  return { term, statsFile, model };
}

/** Asks the UI for its stats (SIGUSR2) and waits for the line. */
async function stats(term: PtyTerminal, file: string): Promise<UiStats> {
  const lines = () => (existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : []);
  const before = lines().length;
  process.kill(term.programPid(), "SIGUSR2");
  const deadline = Date.now() + 30_000;
  for (;;) {
    const now = lines();
    if (now.length > before) return JSON.parse(now[now.length - 1] as string) as UiStats;
    if (Date.now() > deadline) throw new Error("the UI wrote no stats line in 30 s");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until no turn is running. */
async function idle(term: PtyTerminal, file: string): Promise<UiStats> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const s = await stats(term, file);
    if (!s.running) return s;
    if (Date.now() > deadline) throw new Error(`the turn did not finish in 120 s:\n${term.tail()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const PATCH = (i: number) =>
  [
    "*** Begin Patch",
    `*** Add File: notes/t${i}.md`,
    ...Array.from({ length: 12 }, (_, k) => `+- note ${k} of turn ${i}: keep \`add(a, b)\` pure`),
    "*** End Patch",
  ].join("\n");

const ANSWER = (i: number) =>
  [
    `## Turn ${i}`,
    "",
    "I ran the commands and wrote the notes. **What changed:**",
    "",
    `- \`notes/t${i}.md\` lists twelve notes`,
    "- `math.js` is *unchanged*; see the table:",
    "",
    "| file | lines |",
    "| --- | --- |",
    `| notes/t${i}.md | 12 |`,
    "",
    "```js",
    "export function add(a, b) {",
    "  return a + b;",
    "}",
    "```",
    "",
    `> Finished done-${i}.`,
  ].join("\n");

/** One ordinary turn: reasoning and six commands, a patch, a markdown answer (ten items). */
function fillerTurn(i: number): FakeStep[] {
  return [
    {
      reasoning: `**Planning turn ${i}**\n\nList the files, run the checks, then write the notes.`,
      shell: [
        ["bash", "-c", "seq 1 40"],
        ["bash", "-c", "ls -la"],
        ["bash", "-c", "git status --short | head -20"],
        ["bash", "-c", "printf 'row %s\\n' $(seq 1 12)"],
        ["bash", "-c", "cat math.js"],
        ["bash", "-c", `echo turn ${i}`],
      ],
    },
    { custom_tool_call: { name: "apply_patch", input: PATCH(i) } },
    { text: ANSWER(i) },
  ];
}

const PROBE_KEYS = "kqzxvjwy";

/** Types PROBE_KEYS one key at a time; ms from each key to its echo. `until` ends it early. */
async function echoTimes(term: PtyTerminal, until?: () => boolean): Promise<number[]> {
  const times: number[] = [];
  let typed = "";
  for (const key of PROBE_KEYS) {
    if (until?.()) break;
    typed += key;
    const from = term.length;
    const t0 = performance.now();
    term.write(key);
    times.push((await term.waitForText(typed, from, 10_000)) - t0);
    await new Promise((r) => setTimeout(r, 80));
  }
  const from = term.length;
  term.write("\x7f".repeat(typed.length));
  await term.waitForText("Ask anything", from, 10_000).catch(() => undefined);
  return times;
}

/** A long answer as a model streams it: ~1,000 deltas of markdown-ish lines. */
function longAnswer(n: string): string {
  const lines = ["BENCHSTART here is the long answer."];
  for (let k = 0; lines.join("\n").length < 12_000; k++)
    lines.push(`- point ${k}: the \`add\` function keeps its contract and the tests cover case ${k} fully`);
  lines.push(`That is all BENCHEND-${n}`);
  return lines.join("\n");
}

interface Checkpoint {
  items: number;
  deltas: number;
  streamMs: number;
  cpuPerDeltaUs: number;
  /** CPU per frame Ink wrote: a slower stream gets more frames per delta (Ink draws up to 30 a second). */
  cpuPerFrameMs: number;
  fps: number;
  frames: number;
  clears: number;
  echoStreamingMs: number[];
  echoIdleMs: number[];
  rssMb: number;
  heapMb: number;
  procRssMb: number;
}

async function measureStreaming({ term, statsFile, model }: Ui, n: string): Promise<Checkpoint> {
  const pid = term.programPid();
  const text = longAnswer(n);
  const deltas = splitDeltas(text).length;
  server.setScript(model, [{ text, fault: { delayMs: 3 } }]);
  const from = term.length;
  term.write(`stream ${n}\r`);
  const tStart = await term.waitForText("BENCHSTART", from);
  const cpuStart = cpuMs(pid);
  if (process.env.BENCH_STREAM_PROF) process.kill(pid, "SIGURG");
  const offStart = term.indexOf("BENCHSTART", from);
  let ended = false;
  const end = term.waitForText(`BENCHEND-${n}`, from, 120_000).then((t) => {
    ended = true;
    return t;
  });
  const echoStreamingMs = await echoTimes(term, () => ended);
  const tEnd = await end;
  const cpuEnd = cpuMs(pid);
  if (process.env.BENCH_STREAM_PROF) process.kill(pid, "SIGURG");
  const offEnd = term.indexOf(`BENCHEND-${n}`, from);
  const after = await idle(term, statsFile);
  const echoIdleMs = await echoTimes(term);
  const streamed = term.text(offStart, offEnd);
  const frames = countIn(streamed, FRAME_START);
  return {
    items: after.items,
    deltas,
    streamMs: tEnd - tStart,
    cpuPerDeltaUs: ((cpuEnd - cpuStart) * 1000) / deltas,
    cpuPerFrameMs: (cpuEnd - cpuStart) / frames,
    fps: frames / ((tEnd - tStart) / 1000),
    frames,
    clears: countIn(streamed, CLEAR_SCREEN),
    echoStreamingMs,
    echoIdleMs,
    rssMb: after.rss / 2 ** 20,
    heapMb: after.heapUsed / 2 ** 20,
    procRssMb: rssBytes(pid) / 2 ** 20,
  };
}

/**
 * One UI per checkpoint, each filled to its number of items; then ROUNDS rounds in which each
 * streams one long answer, in a rotating order: the machine's load drifts, and measuring the
 * sizes in turn keeps their comparison fair.
 */
async function longSession(): Promise<Checkpoint[][]> {
  const uis = CHECKPOINTS.map((_, k) => open(`long${k}`));
  try {
    for (const [k, ui] of uis.entries()) {
      const { term, statsFile, model } = ui;
      await term.waitForText("context left", 0);
      let turn = 0;
      for (let s = await stats(term, statsFile); s.items < (CHECKPOINTS[k] ?? 0); s = await idle(term, statsFile)) {
        server.setScript(model, fillerTurn(turn));
        const from = term.length;
        term.write(`turn ${turn}\r`);
        await term.waitForText(`done-${turn}.`, from, 120_000);
        turn++;
      }
    }
    const out: Checkpoint[][] = uis.map(() => []);
    for (let round = 0; round < ROUNDS; round++)
      for (let j = 0; j < uis.length; j++) {
        const k = (j + round) % uis.length;
        const c = await measureStreaming(uis[k] as Ui, `${k}-${round}`);
        console.error(`bench: ${JSON.stringify({ round, ...c, load: os.loadavg()[0] })}`);
        out[k]?.push(c);
      }
    return out;
  } finally {
    await Promise.all(uis.map((ui) => ui.term.close()));
  }
}

interface Compaction {
  turn: number;
  items: number;
  heapMb: number;
  rssMb: number;
  resources: Record<string, number>;
  listeners: UiStats["listeners"];
}

async function manyTurns(): Promise<Compaction[]> {
  const { term, statsFile, model } = open("hours");
  const out: Compaction[] = [];
  const record = async (turn: number) => {
    const s = await idle(term, statsFile);
    const c = {
      turn,
      items: s.items,
      heapMb: s.heapUsed / 2 ** 20,
      rssMb: s.rss / 2 ** 20,
      resources: s.resources,
      listeners: s.listeners,
    };
    console.error(`bench: ${JSON.stringify(c)}`);
    out.push(c);
  };
  try {
    await term.waitForText("context left", 0);
    for (let turn = 1; turn <= MANY_TURNS; turn++) {
      server.setScript(model, [{ shell: ["bash", "-c", `echo working on ${turn}`] }, { text: `ok-${turn}.` }]);
      let from = term.length;
      term.write(`short turn ${turn}\r`);
      await term.waitForText(`ok-${turn}.`, from, 120_000);
      if (turn % COMPACT_EVERY === 0) {
        await idle(term, statsFile);
        server.setScript(model, [{ text: `Summary after turn ${turn}: the notes are written.` }]);
        from = term.length;
        term.write("/compact\r");
        await term.waitForText("Conversation compacted", from, 120_000);
        await record(turn);
      }
    }
    return out;
  } finally {
    await term.close();
  }
}

const mb = (v: number) => v.toFixed(1);
const med = (xs: number[]) => summarize(xs).median.toFixed(1);
const max = (xs: number[]) => summarize(xs).max.toFixed(1);
try {
  const load = os.loadavg()[0]?.toFixed(1);
  const checkpoints = await longSession();
  const all = (k: number, f: (c: Checkpoint) => number[]) => (checkpoints[k] ?? []).flatMap(f);
  console.log(
    `long session, ${COLUMNS}×${ROWS}, Node ${process.version}, load ${load} at start; medians of ${ROUNDS} rounds (echo: every probe)`,
  );
  console.log(
    "| items | echo idle (median / max) | echo streaming (median / max) | CPU per delta | CPU per frame | frames/s | clears while streaming | RSS | heap |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const [k, runs] of checkpoints.entries()) {
    const m = (f: (c: Checkpoint) => number) => summarize(runs.map(f)).median;
    const idleMs = all(k, (c) => c.echoIdleMs);
    const streamingMs = all(k, (c) => c.echoStreamingMs);
    console.log(
      `| ${m((c) => c.items)} | ${med(idleMs)} / ${max(idleMs)} ms | ${med(streamingMs)} / ${max(streamingMs)} ms | ${Math.round(m((c) => c.cpuPerDeltaUs))} µs | ${m((c) => c.cpuPerFrameMs).toFixed(1)} ms | ${m((c) => c.fps).toFixed(1)} | ${runs.reduce((a, c) => a + c.clears, 0)} | ${mb(m((c) => c.rssMb))} MB | ${mb(m((c) => c.heapMb))} MB |`,
    );
  }
  const compactions = MANY_TURNS >= COMPACT_EVERY ? await manyTurns() : [];
  console.log(
    `\n${MANY_TURNS} turns with /compact every ${COMPACT_EVERY}, load ${os.loadavg()[0]?.toFixed(1)} at the end`,
  );
  console.log("| after turn | items | heap | RSS | handles and timers | listeners (stdin, stdout, process, host) |");
  console.log("| --- | --- | --- | --- | --- | --- |");
  const sum = (o: unknown) =>
    typeof o === "number" ? o : Object.values(o as Record<string, number>).reduce((a, b) => a + b, 0);
  for (const c of compactions)
    console.log(
      `| ${c.turn} | ${c.items} | ${mb(c.heapMb)} MB | ${mb(c.rssMb)} MB | ${Object.entries(c.resources)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")} | ${["stdin", "stdout", "process", "host"].map((k) => sum(c.listeners[k])).join(", ")} |`,
    );
  const out = path.join(root, ".cache", "bench");
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, "tui-long-session.json"),
    JSON.stringify({ date: new Date().toISOString(), load, checkpoints, compactions }, null, 2),
  );
} finally {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
}
