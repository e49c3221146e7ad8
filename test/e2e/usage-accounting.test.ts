// Usage and cost that add up to what the proxy charged, on the scripted fake server (which
// streams a cost in `usage.cost` the way LiteLLM does): every charged request of a session with
// a tool turn, an auto-compaction, a context-window compaction, a failed turn, an interrupted
// turn and a compaction before a resume is in the usage log, and the exec summaries and
// `telemetry summary` show the same numbers. The real-proxy version is
// usage-accounting.litellm.test.ts; /status and /compact in the TUI are in tui.test.ts.
import { describe, expect, it } from "vitest";
import { ENV, modelName, useFakeServer } from "../faults/support.js";
import { runCli } from "../support/cli.js";
import { CHARGED, expectSessionShape, runUsageSession } from "./usage-scenario.js";

const fake = useFakeServer();

// What the fake reports per request: floats with noise, as LiteLLM's costs are (0.006095 and
// 0.0065 arrive as 0.006094999999999999 and 0.0065000000000000006).
const COST: Record<keyof typeof CHARGED, number> = {
  A: 0.006094999999999999,
  B: 0.0065000000000000006,
  C: 0.00084,
  E: 0.0011,
  F: 0.0022,
  H: 0.02108,
  I: 0.0017,
  J: 0.00072,
};

describe("usage accounting on the fake server", () => {
  it("every charged request is in the usage log, in exec's summaries and in telemetry summary, to the last digit", async () => {
    const model = modelName("usage");
    const { home, lines, runs } = await runUsageSession({
      baseUrl: fake.server.url,
      env: ENV,
      model,
      setScript: (steps) => fake.server.setScript(model, steps),
      usage: (step) => ({ cost: COST[step] }),
      tag: `usage-sleep-${process.pid}`,
    });
    expectSessionShape(lines);
    // Turn 1 in floats would be 0.013434999999999999; the log has the decimal.
    const figures = [
      "prompt_tokens",
      "cached_tokens",
      "completion_tokens",
      "reasoning_tokens",
      "total_tokens",
      "cost_usd",
    ];
    expect(lines.map((l) => figures.map((f) => l[f]))).toEqual([
      [12_900, 1300, 270, 10, 13_170, 0.013435],
      [1900, 500, 130, 7, 2030, 0.0033],
      [21_000, 3000, 40, 0, 21_040, 0.02108],
      [1500, 0, 100, 0, 1600, 0.0017],
      [700, 0, 10, 0, 710, 0.00072],
    ]);
    const requests = lines.flatMap((l) => l.request_usage as Record<string, unknown>[]);
    expect(requests.map((r) => r.cost_usd)).toEqual([
      0.006095, 0.0065, 0.00084, 0.0011, 0.0022, 0.02108, 0.0017, 0.00072,
    ]);
    expect(requests.map((r) => r.total_tokens)).toEqual(
      Object.values(CHARGED).map((u) => u.input_tokens + u.output_tokens),
    );

    // exec prints each run's record, and the session's token total (restored on resume, so run 4
    // has every request of the session, compactions included).
    const litellm = (i: number) => runs[i]?.stderr.split("\n").filter((l) => l.startsWith("  ")) ?? [];
    expect(runs[0]?.stderr).toContain(
      "Token usage: total=13,170 input=12,900 (of which 1,300 cached) output=270 (reasoning 10)\n",
    );
    expect(litellm(0)).toEqual([
      `  model ${model} · effort low · prompt 12,900 (of which 1,300 cached) · completion 270 · reasoning 10 · total 13,170 · cost $0.013435 · 3 requests (1 compaction)`,
    ]);
    expect(litellm(1)).toEqual([
      `  model ${model} · effort low · prompt 1,900 (of which 500 cached) · completion 130 · reasoning 7 · total 2,030 · cost $0.0033 · 2 requests (1 compaction) · failed`,
    ]);
    expect(litellm(2).filter((l) => l.includes("interrupted"))).toEqual([
      `  model ${model} · effort low · prompt 21,000 (of which 3,000 cached) · completion 40 · reasoning 0 · total 21,040 · cost $0.02108 · interrupted`,
    ]);
    expect(runs[3]?.stderr).toContain(
      "Token usage: total=38,550 input=38,000 (of which 4,800 cached) output=550 (reasoning 17)\n",
    );
    expect(litellm(3)).toEqual([
      `  compaction after turn 3: model ${model} · effort low · prompt 1,500 · completion 100 · reasoning 0 · total 1,600 · cost $0.0017`,
      `  turn 4: model ${model} · effort low · prompt 700 · completion 10 · reasoning 0 · total 710 · cost $0.00072`,
      "  total: prompt 2,200 · completion 110 · reasoning 0 · total 2,310 · cost $0.00242 · 2 requests",
    ]);

    const summary = JSON.parse((await runCli(["telemetry", "summary", "--json"], { home })).stdout);
    expect(summary.totals).toMatchObject({
      turns: 4,
      compactions: 1,
      requests: 8,
      prompt_tokens: 38_000,
      cached_tokens: 4800,
      completion_tokens: 550,
      total_tokens: 38_550,
      cost_usd: 0.040235,
      unpriced_turns: 0,
    });
    const byRequest = JSON.parse(
      (await runCli(["telemetry", "summary", "--by", "request", "--json"], { home })).stdout,
    );
    expect(byRequest.requests.map((r: Record<string, unknown>) => [r.turn, r.kind, r.status, r.cost_usd])).toEqual([
      [1, "sampling", "completed", 0.006095],
      [1, "compaction", "completed", 0.0065],
      [1, "sampling", "completed", 0.00084],
      [2, "compaction", "failed", 0.0011],
      [2, "sampling", "failed", 0.0022],
      [3, "sampling", "interrupted", 0.02108],
      [3, "compaction", "completed", 0.0017],
      [4, "sampling", "completed", 0.00072],
    ]);
    expect(byRequest.totals).toEqual(summary.totals);
    const table = (await runCli(["telemetry", "summary", "--by", "request"], { home })).stdout;
    const total = table.split("\n").find((l) => l.startsWith("│ total"));
    expect(
      total
        ?.split("│")
        .slice(1, -1)
        .map((c) => c.trim()),
    ).toEqual(["total", "", "", "8 requests", "", "38,000", "4,800", "550", "17", "38,550", "$0.040235"]);
    // Only the charged requests reached the model, plus the two the proxy refused.
    expect(fake.server.requests(model).filter((q) => q.wire === "responses")).toHaveLength(10);
  }, 120_000);
});
