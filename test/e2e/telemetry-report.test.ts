// `codex-litellm telemetry summary|sessions|tail|export` through the built CLI, on a usage log
// written into a temp CODEX_HOME. TZ=UTC keeps local days and times predictable.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { baseEnv, CLI, runCli, tempHome } from "../support/cli.js";

const S1 = "019a44bc-39c3-7159-bb96-ecb9c5a1de11";
const S2 = "02bb0000-1111-7222-8333-944445555666";
const ENV = { TZ: "UTC" };

const rec = (o: Record<string, unknown>) => JSON.stringify(o);
const LINES = [
  rec({
    ts: "2025-11-01T09:00:00.000Z",
    session_id: S1,
    model: "gpt-5",
    reasoning_effort: "medium",
    prompt_tokens: 1000,
    completion_tokens: 200,
    reasoning_tokens: 50,
    total_tokens: 1200,
    cached_tokens: 600,
    cost_usd: 0.01,
    turn: 1,
    requests: 2,
    latency_ms: 1500,
    litellm_call_id: "c-1",
  }),
  rec({
    ts: "2025-11-01T09:05:00.000Z",
    session_id: S1,
    model: "gpt-5",
    reasoning_effort: "medium",
    prompt_tokens: 2000,
    completion_tokens: 300,
    reasoning_tokens: 0,
    total_tokens: 2300,
    cached_tokens: 1500,
    cost_usd: 0.02,
    turn: 2,
    requests: 1,
    latency_ms: 900,
    litellm_call_id: null,
  }),
  "garbage {",
  rec({
    ts: "2025-11-02T14:00:00.000Z",
    session_id: S1,
    model: "claude-sonnet",
    reasoning_effort: "high",
    prompt_tokens: 500,
    completion_tokens: 100,
    reasoning_tokens: 20,
    total_tokens: 600,
    cached_tokens: 0,
    cost_usd: null,
    turn: 3,
    requests: 1,
    latency_ms: 700,
    litellm_call_id: "c-3",
  }),
  rec({
    ts: "2025-11-03T08:30:00.000Z",
    session_id: S2,
    model: "claude-sonnet",
    reasoning_effort: null,
    prompt_tokens: null,
    completion_tokens: null,
    reasoning_tokens: null,
    total_tokens: null,
    cached_tokens: null,
    cost_usd: 0.005,
    turn: 1,
    requests: 1,
    latency_ms: 300,
    litellm_call_id: 'c,"4"',
  }),
  rec({
    ts: "2025-11-03T08:31:00.000Z",
    session_id: S2,
    model: "gpt-5",
    reasoning_effort: "low",
    prompt_tokens: 3000,
    completion_tokens: 400,
    reasoning_tokens: 100,
    total_tokens: 3400,
    cached_tokens: 3000,
    cost_usd: 0.03,
    turn: 2,
    requests: 3,
    latency_ms: 2000,
    litellm_call_id: null,
  }),
  // Written by an older writer: the spec's fields only.
  rec({
    ts: "2025-11-03T10:00:00.000Z",
    session_id: S2,
    model: "gpt-5",
    reasoning_effort: "minimal",
    prompt_tokens: 100,
    completion_tokens: 10,
    reasoning_tokens: 0,
    total_tokens: 110,
  }),
];
const LOG = `${LINES.join("\n")}\n`;

function homeWithLog(
  text = LOG,
  config?: string,
  file = "logs/codex-litellm-session.jsonl",
): { home: string; log: string } {
  const home = tempHome(config);
  const log = path.join(home, file);
  mkdirSync(path.dirname(log), { recursive: true });
  writeFileSync(log, text);
  return { home, log };
}

const cli = (args: string[], home: string, env: Record<string, string> = {}) =>
  runCli(["telemetry", ...args], { home, env: { ...ENV, ...env } });

/** The rows of the cli-table3 tables in `text`, as trimmed cells. */
function rows(text: string): string[][] {
  return text
    .split("\n")
    .filter((l) => l.startsWith("│"))
    .map((l) =>
      l
        .split("│")
        .slice(1, -1)
        .map((c) => c.trim()),
    );
}

const T = (
  turns: number,
  requests: number | null,
  p: number | null,
  c: number | null,
  r: number | null,
  cached: number | null,
  total: number | null,
  share: number | null,
  cost: number | null,
  unpriced: number,
) => ({
  turns,
  compactions: 0,
  requests,
  prompt_tokens: p,
  completion_tokens: c,
  reasoning_tokens: r,
  cached_tokens: cached,
  total_tokens: total,
  cached_share_pct: share,
  cost_usd: cost,
  unpriced_turns: unpriced,
});

describe("telemetry summary", () => {
  it("--json prints the exact aggregate, and warns about the malformed line on stderr", async () => {
    const { home, log } = homeWithLog();
    const r = await cli(["summary", "--json"], home);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`codex-litellm: warning: skipped 1 malformed line in ${log} (first at line 3)\n`);
    expect(JSON.parse(r.stdout)).toEqual({
      log,
      timezone: "UTC",
      filters: { since: null, until: null, models: [], sessions: [] },
      malformed_lines: 1,
      turns: 6,
      sessions: 2,
      first_ts: "2025-11-01T09:00:00.000Z",
      last_ts: "2025-11-03T10:00:00.000Z",
      totals: T(6, 8, 6600, 1010, 170, 5100, 7610, 78.46, 0.065, 2),
      by_model: [
        { model: "gpt-5", ...T(4, 6, 6100, 910, 150, 5100, 7010, 85, 0.06, 1) },
        { model: "claude-sonnet", ...T(2, 2, 500, 100, 20, 0, 600, 0, 0.005, 1) },
      ],
      by_day: [
        { day: "2025-11-01", ...T(2, 3, 3000, 500, 50, 2100, 3500, 70, 0.03, 0) },
        { day: "2025-11-02", ...T(1, 1, 500, 100, 20, 0, 600, 0, null, 1) },
        { day: "2025-11-03", ...T(3, 4, 3100, 410, 100, 3000, 3510, 100, 0.035, 1) },
      ],
      by_session: [
        {
          session_id: S2,
          first_ts: "2025-11-03T08:30:00.000Z",
          last_ts: "2025-11-03T10:00:00.000Z",
          models: ["claude-sonnet", "gpt-5"],
          ...T(3, 4, 3100, 410, 100, 3000, 3510, 100, 0.035, 1),
        },
        {
          session_id: S1,
          first_ts: "2025-11-01T09:00:00.000Z",
          last_ts: "2025-11-02T14:00:00.000Z",
          models: ["gpt-5", "claude-sonnet"],
          ...T(3, 4, 3500, 600, 70, 2100, 4100, 60, 0.03, 1),
        },
      ],
    });
  });

  it("prints tables by model, day and session with the right numbers, and a chart", async () => {
    const { home, log } = homeWithLog();
    const r = await cli(["summary"], home);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("skipped 1 malformed line");
    const out = r.stdout;
    expect(out).not.toContain("\u001b["); // not a TTY: no colours
    expect(out.split("\n").slice(0, 3)).toEqual([
      `LiteLLM usage from ${log}`,
      "6 turns in 2 sessions, 2025-11-01 09:00:00 → 2025-11-03 10:00:00 (local time)",
      "Total: 7,610 tokens (prompt 6,600, cached 78.5% of prompt), cost $0.065 (+2 turns unpriced)",
    ]);
    const table = rows(out);
    const heads = ["turns", "requests", "prompt", "completion", "reasoning", "cached", "cached %", "total", "cost"];
    expect(table).toContainEqual(["model", ...heads]);
    expect(table).toContainEqual([
      "gpt-5",
      "4",
      "6",
      "6,100",
      "910",
      "150",
      "5,100",
      "85.0%",
      "7,010",
      "$0.06 (+1 turn unpriced)",
    ]);
    expect(table).toContainEqual([
      "claude-sonnet",
      "2",
      "2",
      "500",
      "100",
      "20",
      "0",
      "0.0%",
      "600",
      "$0.005 (+1 turn unpriced)",
    ]);
    const total = ["6", "8", "6,600", "1,010", "170", "5,100", "78.5%", "7,610", "$0.065 (+2 turns unpriced)"];
    expect(table).toContainEqual(["total", ...total]);
    expect(table).toContainEqual(["day", ...heads]);
    expect(table).toContainEqual(["2025-11-01", "2", "3", "3,000", "500", "50", "2,100", "70.0%", "3,500", "$0.03"]);
    const unpricedDay = ["1", "1", "500", "100", "20", "0", "0.0%", "600"];
    expect(table).toContainEqual(["2025-11-02", ...unpricedDay, "- (1 turn unpriced)"]);
    // Turns, requests, input, output, reasoning, cached, cached share, total, cost.
    const nov3 = ["3", "4", "3,100", "410", "100", "3,000", "100.0%", "3,510", "$0.035 (+1 turn unpriced)"];
    expect(table).toContainEqual(["2025-11-03", ...nov3]);
    const sessionRows = table.filter((row) => row[0] === "02bb0000-1111" || row[0] === "019a44bc-39c3");
    expect(sessionRows).toEqual([
      ["02bb0000-1111", "2025-11-03 08:30:00", "claude-sonnet, gpt-5", ...nov3],
      [
        "019a44bc-39c3",
        "2025-11-01 09:00:00",
        "gpt-5, claude-sonnet",
        "3",
        "4",
        "3,500",
        "600",
        "70",
        "2,100",
        "60.0%",
        "4,100",
        "$0.03 (+1 turn unpriced)",
      ],
    ]);
    expect(table.filter((row) => row[0] === "total")).toHaveLength(3);
    expect(out).toContain("Total tokens per day");
    expect(out).toContain("Cost (USD) per day");
    expect(out).toMatch(/^\s+2025-11-01\s+2025-11-03$/m);

    const noChart = await cli(["summary", "--no-chart"], home);
    expect(noChart.stdout).not.toContain("Total tokens per");
    expect(noChart.stdout).toContain("By session");
    expect((await cli(["summary", "--color", "always"], home)).stdout).toContain("\u001b[");
  });

  it("charts per hour when the records span a short time", async () => {
    const { home } = homeWithLog(`${LINES[0]}\n${LINES[3]}\n`); // 29 hours apart
    const r = await cli(["summary"], home);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("Total tokens per hour");
    expect(r.stdout).toMatch(/^\s+2025-11-01 09:00\s+2025-11-02 14:00$/m);
  });

  it("applies --since, --until, --model and --session", async () => {
    const { home } = homeWithLog();
    const json = async (...args: string[]) => JSON.parse((await cli(["summary", "--json", ...args], home)).stdout);
    expect((await json("--since", "2025-11-02")).turns).toBe(4);
    expect((await json("--until", "2025-11-02")).turns).toBe(3); // a bare date includes the whole day
    expect((await json("--since", "2025-11-02", "--until", "2025-11-02")).turns).toBe(1);
    expect((await json("--since", "2025-11-03T08:31:00Z")).turns).toBe(2);
    expect((await json("--model", "claude-sonnet")).totals.total_tokens).toBe(600);
    expect((await json("--session", "02bb")).turns).toBe(3);
    expect((await json("--session", S1, "--model", "gpt-5")).turns).toBe(2);
    expect((await json("--since", "2d")).turns).toBe(0); // the log is from 2025
    // Relative to the clock, on any date: one record 3 days old, one 1 day old.
    const daysAgo = (d: number) =>
      rec({
        ...(JSON.parse(LINES[0] ?? "{}") as object),
        ts: new Date(Date.now() - d * 86_400_000).toISOString(),
        turn: d,
      });
    const recent = homeWithLog(`${daysAgo(3)}\n${daysAgo(1)}\n`);
    const since2d = JSON.parse((await cli(["summary", "--json", "--since", "2d"], recent.home)).stdout) as {
      turns: number;
    };
    expect(since2d.turns).toBe(1);
    const filters = (await json("--since", "2025-11-02", "--model", "a,b")).filters;
    expect(filters).toEqual({ since: "2025-11-02T00:00:00.000Z", until: null, models: ["a", "b"], sessions: [] });
    const none = await cli(["summary", "--model", "nope"], home);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain("no usage records in");
    const bad = await cli(["summary", "--since", "last tuesday"], home);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toContain('--since "last tuesday"');
  });

  it("says no usage is recorded yet when the log does not exist (exit 0)", async () => {
    const home = tempHome();
    const log = path.join(home, "logs", "codex-litellm-session.jsonl");
    const r = await cli(["summary"], home);
    expect(r).toEqual({ code: 0, stdout: `no usage recorded yet: ${log} does not exist\n`, stderr: "" });
    const json = await cli(["summary", "--json"], home);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe(`codex-litellm: no usage recorded yet: ${log} does not exist\n`);
    expect(JSON.parse(json.stdout)).toMatchObject({
      turns: 0,
      sessions: 0,
      first_ts: null,
      totals: { turns: 0, total_tokens: null },
      by_model: [],
    });
    expect((await cli(["sessions"], home)).stdout).toBe(`no usage recorded yet: ${log} does not exist\n`);
  });

  it("reads the log configured in config.toml, or --file", async () => {
    const { home, log } = homeWithLog(
      LOG,
      `[telemetry]\ndir = "t"\n[telemetry.logs.session]\nfile = "usage.jsonl"\n`,
      "t/usage.jsonl",
    );
    expect(JSON.parse((await cli(["summary", "--json"], home)).stdout)).toMatchObject({ log, turns: 6 });
    const other = tempHome();
    expect(JSON.parse((await cli(["summary", "--json", "--file", log], other)).stdout)).toMatchObject({
      log,
      turns: 6,
    });
  });
});

describe("telemetry sessions", () => {
  it("lists sessions newest first, as a table or JSON", async () => {
    const { home } = homeWithLog();
    const r = await cli(["sessions"], home);
    expect(r.code).toBe(0);
    expect(rows(r.stdout)).toEqual([
      ["session", "first", "last", "models", "turns", "tokens", "cost"],
      [
        S2,
        "2025-11-03 08:30:00",
        "2025-11-03 10:00:00",
        "claude-sonnet, gpt-5",
        "3",
        "3,510",
        "$0.035 (+1 turn unpriced)",
      ],
      [
        S1,
        "2025-11-01 09:00:00",
        "2025-11-02 14:00:00",
        "gpt-5, claude-sonnet",
        "3",
        "4,100",
        "$0.03 (+1 turn unpriced)",
      ],
    ]);
    const json = JSON.parse((await cli(["sessions", "--json", "-n", "1"], home)).stdout);
    expect(json).toEqual([
      {
        session_id: S2,
        first_ts: "2025-11-03T08:30:00.000Z",
        last_ts: "2025-11-03T10:00:00.000Z",
        models: ["claude-sonnet", "gpt-5"],
        ...T(3, 4, 3100, 410, 100, 3000, 3510, 100, 0.035, 1),
      },
    ]);
  });
});

const CSV_HEADER =
  "ts,session_id,model,reasoning_effort,prompt_tokens,completion_tokens,reasoning_tokens,total_tokens,cached_tokens,cache_write_tokens,cost_usd,turn,requests,latency_ms,litellm_call_id,status,kind";

describe("telemetry export", () => {
  it("writes CSV with the spec's fields, then ours, RFC 4180 quoted", async () => {
    const { home } = homeWithLog();
    const r = await cli(["export", "--format", "csv"], home);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        CSV_HEADER,
        `2025-11-01T09:00:00.000Z,${S1},gpt-5,medium,1000,200,50,1200,600,,0.01,1,2,1500,c-1,,`,
        `2025-11-01T09:05:00.000Z,${S1},gpt-5,medium,2000,300,0,2300,1500,,0.02,2,1,900,,,`,
        `2025-11-02T14:00:00.000Z,${S1},claude-sonnet,high,500,100,20,600,0,,,3,1,700,c-3,,`,
        `2025-11-03T08:30:00.000Z,${S2},claude-sonnet,,,,,,,,0.005,1,1,300,"c,""4""",,`,
        `2025-11-03T08:31:00.000Z,${S2},gpt-5,low,3000,400,100,3400,3000,,0.03,2,3,2000,,,`,
        `2025-11-03T10:00:00.000Z,${S2},gpt-5,minimal,100,10,0,110,,,,,,,,,`,
        "",
      ].join("\r\n"),
    );
    expect(r.stderr).toContain("skipped 1 malformed line");
  });

  it("writes a JSON array of the filtered records, to stdout or atomically to a file", async () => {
    const { home } = homeWithLog();
    const r = await cli(["export", "--format", "json", "--session", "02bb", "--model", "gpt-5"], home);
    expect(r.code).toBe(0);
    const extras = {
      cached_tokens: null,
      cache_write_tokens: null,
      cost_usd: null,
      turn: null,
      requests: null,
      latency_ms: null,
      litellm_call_id: null,
      status: null,
      kind: null,
    };
    // Exported in the log's field order; lines without cache writes read them as null.
    const inOrder = (o: Record<string, unknown>) => {
      const { cost_usd, turn, requests, latency_ms, litellm_call_id, status, kind, ...head } = o;
      return { ...head, cache_write_tokens: null, cost_usd, turn, requests, latency_ms, litellm_call_id, status, kind };
    };
    const expected = [
      inOrder({ ...JSON.parse(LINES[5] as string), status: null, kind: null }),
      inOrder({ ...JSON.parse(LINES[6] as string), ...extras }),
    ];
    expect(JSON.parse(r.stdout)).toEqual(expected);
    expect(r.stdout).toBe(`[\n${expected.map((e) => `  ${JSON.stringify(e)}`).join(",\n")}\n]\n`);

    const out = path.join(home, "out", "usage.csv");
    const toFile = await cli(["export", "-o", out, "--until", "2025-11-01"], home);
    expect(toFile.code).toBe(0);
    expect(toFile.stdout).toBe("");
    expect(toFile.stderr).toContain(`wrote 2 records to ${out}`);
    expect(readFileSync(out, "utf8").split("\r\n")).toHaveLength(4);
    const empty = await cli(["export", "--format", "json", "--model", "none"], home);
    expect(empty.stdout).toBe("[]\n");
    expect((await cli(["export", "--format", "xml"], home)).code).toBe(2);
  });
});

describe("telemetry tail", () => {
  it("prints the last records one per line (--no-follow), or the raw lines with --json", async () => {
    const { home } = homeWithLog();
    const r = await cli(["tail", "-n", "2", "--no-follow"], home);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "2025-11-03 08:31:00  02bb0000-1111  gpt-5  low  tokens p/c/r/t 3000/400/100/3400  cached 3000  $0.03\n" +
        "2025-11-03 10:00:00  02bb0000-1111  gpt-5  minimal  tokens p/c/r/t 100/10/0/110  cached ?  cost ?\n",
    );
    const json = await cli(["tail", "--json", "--no-follow", "--model", "claude-sonnet"], home);
    expect(json.stdout).toBe(`${LINES[3]}\n${LINES[4]}\n`);
    const all = await cli(["tail", "--no-follow"], home);
    expect(all.stdout.trim().split("\n")).toHaveLength(6);
    expect((await cli(["tail", "-n", "0", "--no-follow"], home)).stdout).toBe("");
    const missing = await cli(["tail", "--no-follow"], tempHome());
    expect(missing.code).toBe(0);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toMatch(
      /^codex-litellm: no usage recorded yet: .*codex-litellm-session\.jsonl does not exist\n$/,
    );
  });

  function startTail(home: string, args: string[]) {
    const child: ChildProcessWithoutNullStreams = spawn(
      process.execPath,
      [CLI, "telemetry", "tail", "--interval", "20", ...args],
      {
        cwd: home,
        env: { ...baseEnv(home), ...ENV },
      },
    );
    const out = { stdout: "", stderr: "" };
    child.stdout.on("data", (d: Buffer) => (out.stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out.stderr += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    const waitFor = async (what: string, ok: () => boolean) => {
      for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
      if (!ok())
        throw new Error(
          `tail: timed out waiting for ${what}; stdout=${JSON.stringify(out.stdout)} stderr=${JSON.stringify(out.stderr)}`,
        );
    };
    return { child, out, closed, waitFor };
  }

  it("follows the log: appended lines appear on stdout, a half-written line once complete; SIGINT exits 0", async () => {
    const { home, log } = homeWithLog();
    const tail = startTail(home, ["-n", "1", "--json"]);
    try {
      await tail.waitFor("the last existing line", () => tail.out.stdout === `${LINES[6]}\n`);
      const next = rec({
        ts: "2025-11-04T00:00:00.000Z",
        session_id: S2,
        model: "gpt-5",
        reasoning_effort: null,
        prompt_tokens: 1,
        completion_tokens: 1,
        reasoning_tokens: 0,
        total_tokens: 2,
      });
      appendFileSync(log, `${next}\nnot json\n${next.slice(0, 40)}`);
      await tail.waitFor("the appended line", () => tail.out.stdout.includes(`${next}\n`));
      // The warning about line 9 means the whole append was read, the half-written line 10 too.
      await tail.waitFor("the malformed-line warning", () =>
        tail.out.stderr.includes("skipped a malformed line (line 9"),
      );
      expect(tail.out.stdout).toBe(`${LINES[6]}\n${next}\n`); // the half-written line waits
      appendFileSync(log, `${next.slice(40)}\n`);
      await tail.waitFor("the completed line", () => tail.out.stdout === `${LINES[6]}\n${next}\n${next}\n`);
    } finally {
      tail.child.kill("SIGINT");
    }
    expect(await tail.closed).toBe(0);
  });

  it("waits for a log that does not exist yet and follows it once created", async () => {
    const home = tempHome();
    const log = path.join(home, "logs", "codex-litellm-session.jsonl");
    const tail = startTail(home, []);
    try {
      await tail.waitFor("the waiting notice", () => tail.out.stderr.includes("waiting for it to be created"));
      expect(existsSync(log)).toBe(false);
      mkdirSync(path.dirname(log), { recursive: true });
      writeFileSync(log, `${LINES[0]}\n`);
      await tail.waitFor("the first record", () =>
        tail.out.stdout.includes("2025-11-01 09:00:00  019a44bc-39c3  gpt-5  medium"),
      );
      writeFileSync(log, ""); // truncated
      await tail.waitFor("the truncation notice", () => tail.out.stderr.includes("was truncated"));
      appendFileSync(log, `${LINES[4]}\n`);
      await tail.waitFor("the record after truncation", () =>
        tail.out.stdout.includes("2025-11-03 08:30:00  02bb0000-1111  claude-sonnet"),
      );
    } finally {
      tail.child.kill("SIGINT");
    }
    expect(await tail.closed).toBe(0);
    expect(tail.out.stdout.trim().split("\n")).toHaveLength(2);
  });
});
