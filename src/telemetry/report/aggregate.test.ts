import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { UsageAggregator, localDay } from "./aggregate.js";
import { readUsage } from "./read-usage.js";
import { requestRowsOf } from "./requests.js";

const S1 = "019a44bc-39c3-7159-bb96-ecb9c5a1de11";
const S2 = "029a44bc-0000-7159-bb96-ecb9c5a1de22";

const line = (o: Record<string, unknown>) => JSON.stringify(o);
const base = {
  reasoning_effort: "medium",
  prompt_tokens: 0,
  completion_tokens: 0,
  reasoning_tokens: 0,
  total_tokens: 0,
};

// A hand-written log: spec-only lines (extras missing), nulls, unknown cost, and five bad lines.
const LOG = [
  line({
    ts: "2025-11-02T10:00:00.000Z",
    session_id: S1,
    model: "m-a",
    ...base,
    prompt_tokens: 100,
    completion_tokens: 20,
    reasoning_tokens: 5,
    total_tokens: 120,
  }),
  line({
    ts: "2025-11-02T10:05:00.000Z",
    session_id: S1,
    model: "m-a",
    ...base,
    prompt_tokens: 1000,
    completion_tokens: 10,
    total_tokens: 1010,
    cached_tokens: 400,
    cost_usd: 0.1,
    turn: 2,
    requests: 3,
    latency_ms: 900,
    litellm_call_id: "c1",
  }),
  "not json at all",
  line({
    ts: "2025-11-02T10:06:00.000Z",
    session_id: S1,
    model: "m-a",
    prompt_tokens: 1,
    completion_tokens: 1,
    reasoning_tokens: 0,
    total_tokens: 2,
  }), // reasoning_effort missing
  line({
    ts: "2025-11-03T08:00:00.000Z",
    session_id: S1,
    model: "m-b",
    ...base,
    reasoning_effort: null,
    prompt_tokens: null,
    completion_tokens: null,
    reasoning_tokens: null,
    total_tokens: null,
    cached_tokens: null,
    cost_usd: 0.2,
    turn: 3,
    requests: 1,
  }),
  "",
  line({ ts: "yesterday-ish", session_id: S2, model: "m-a", ...base }),
  line({ ts: "2025-11-04T09:00:00.000Z", session_id: S2, model: "m-b", ...base, prompt_tokens: "12" }),
  line({
    ts: "2025-11-04T09:00:00.000Z",
    session_id: S2,
    model: "m-b",
    ...base,
    prompt_tokens: 300,
    completion_tokens: 30,
    reasoning_tokens: 0,
    total_tokens: 330,
    cached_tokens: 0,
    cost_usd: 0.0000001,
    turn: 1,
    requests: 1,
  }),
  '{"ts":"2025-11-04T09:01:00.000Z","session_id":"' + S2 + '","model":"m-b","prom', // cut off mid-write
].join("\n");

function writeLog(text: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "cl-usage-")), "usage.jsonl");
  writeFileSync(file, text);
  return file;
}

async function summarize(text: string, filter = {}) {
  const agg = new UsageAggregator();
  const stats = await readUsage(writeLog(text), filter, (r) => agg.add(r));
  return { stats, summary: agg.summary(), agg };
}

describe("usage aggregation", () => {
  it("sums known values, keeps unknown ones out, and counts malformed lines", async () => {
    const { stats, summary } = await summarize(LOG);
    expect(stats).toMatchObject({ exists: true, records: 4, matched: 4, malformed: 5, firstMalformedLine: 3 });
    expect(summary.turns).toBe(4);
    expect(summary.sessions).toBe(2);
    expect(summary.first_ts).toBe("2025-11-02T10:00:00.000Z");
    expect(summary.last_ts).toBe("2025-11-04T09:00:00.000Z");
    expect(summary.totals).toEqual({
      turns: 4,
      compactions: 0,
      requests: 5, // the first turn does not say
      prompt_tokens: 1400,
      completion_tokens: 60,
      reasoning_tokens: 5,
      cached_tokens: 400,
      total_tokens: 1460,
      // over the turns that know both cached and prompt tokens: 400 / (1000 + 300)
      cached_share_pct: 30.77,
      cost_usd: 0.3000001,
      unpriced_turns: 1,
    });
  });

  it("groups by model (most tokens first), by local day and by session (newest first)", async () => {
    const { summary } = await summarize(LOG);
    expect(summary.by_model.map((m) => [m.model, m.turns, m.total_tokens, m.cost_usd, m.unpriced_turns])).toEqual([
      ["m-a", 2, 1130, 0.1, 1],
      ["m-b", 2, 330, 0.2000001, 0],
    ]);
    const mb = summary.by_model[1]!;
    expect(mb.prompt_tokens).toBe(300);
    expect(mb.cached_share_pct).toBe(0);
    const days = [
      Date.parse("2025-11-02T10:00:00.000Z"),
      Date.parse("2025-11-03T08:00:00.000Z"),
      Date.parse("2025-11-04T09:00:00.000Z"),
    ].map(localDay);
    const byDay = new Map<string, number>();
    for (const d of summary.by_day) byDay.set(d.day, d.turns);
    expect([...byDay.values()].reduce((a, b) => a + b, 0)).toBe(4);
    expect(summary.by_day.map((d) => d.day)).toEqual([...new Set(days)].sort());
    expect(summary.by_session.map((s) => [s.session_id, s.turns, s.first_ts, s.last_ts, s.models])).toEqual([
      [S2, 1, "2025-11-04T09:00:00.000Z", "2025-11-04T09:00:00.000Z", ["m-b"]],
      [S1, 3, "2025-11-02T10:00:00.000Z", "2025-11-03T08:00:00.000Z", ["m-a", "m-b"]],
    ]);
  });

  it("reports null sums when no turn of a group knew the value", async () => {
    const { summary } = await summarize(
      line({
        ts: "2025-11-02T10:00:00.000Z",
        session_id: S1,
        model: "m",
        reasoning_effort: null,
        prompt_tokens: null,
        completion_tokens: null,
        reasoning_tokens: null,
        total_tokens: null,
      }),
    );
    expect(summary.totals).toEqual({
      turns: 1,
      compactions: 0,
      requests: null,
      prompt_tokens: null,
      completion_tokens: null,
      reasoning_tokens: null,
      cached_tokens: null,
      total_tokens: null,
      cached_share_pct: null,
      cost_usd: null,
      unpriced_turns: 1,
    });
  });

  it("sums costs exactly (float noise from LiteLLM never shows) and counts compactions apart from turns", async () => {
    // 0.1 + 0.2 is 0.30000000000000004 in floats; 0.004739999999999999 is how LiteLLM reports 0.00474.
    const lines = [0.1, 0.2, 0.004739999999999999].map((cost_usd, i) =>
      line({
        ts: `2025-11-02T10:0${i}:00.000Z`,
        session_id: S1,
        model: "m",
        ...base,
        cost_usd,
        turn: i + 1,
        kind: i === 2 ? "compaction" : "turn",
        status: "completed",
      }),
    );
    const { summary } = await summarize(lines.join("\n"));
    expect(summary.totals).toMatchObject({ turns: 2, compactions: 1, cost_usd: 0.30474 });
    expect(summary.turns).toBe(2);
  });

  it("lists a line's itemised requests one by one, and an older line as one row", async () => {
    // One request of the log's itemised list (no reasoning tokens; total = prompt + completion).
    const request = (n: number, kind: string, prompt: number, completion: number, cached: number, cost: number) => ({
      kind,
      litellm_call_id: `c-${n}`,
      response_id: `resp_${n}`,
      prompt_tokens: prompt,
      completion_tokens: completion,
      reasoning_tokens: 0,
      total_tokens: prompt + completion,
      cached_tokens: cached,
      cost_usd: cost,
    });
    const requests = [request(1, "sampling", 100, 10, 40, 0.0001), request(2, "compaction", 200, 20, 0, 0.0002)];
    const rows: ReturnType<typeof requestRowsOf> = [];
    await readUsage(
      writeLog(
        [
          line({
            ts: "2025-11-02T10:00:00.000Z",
            session_id: S1,
            model: "m",
            ...base,
            turn: 4,
            status: "failed",
            kind: "turn",
            requests: 2,
            request_usage: requests,
          }),
          line({
            ts: "2025-11-02T10:01:00.000Z",
            session_id: S1,
            model: "m",
            ...base,
            total_tokens: 5,
            turn: 5,
            requests: 3,
            litellm_call_id: "c-9",
          }),
        ].join("\n"),
      ),
      {},
      (r) => rows.push(...requestRowsOf(r)),
    );
    expect(
      rows.map((r) => [
        r.turn,
        r.kind,
        r.status,
        r.litellm_call_id,
        r.response_id,
        r.requests,
        r.total_tokens,
        r.cost_usd,
      ]),
    ).toEqual([
      [4, "sampling", "failed", "c-1", "resp_1", 1, 110, 0.0001],
      [4, "compaction", "failed", "c-2", "resp_2", 1, 220, 0.0002],
      [5, "turn", null, "c-9", null, 3, 5, null],
    ]);
  });

  it("applies the filter while reading", async () => {
    const { stats, summary } = await summarize(LOG, { models: ["m-b"], since: Date.parse("2025-11-03T00:00:00Z") });
    expect(stats).toMatchObject({ records: 4, matched: 2, malformed: 5 });
    expect(summary.totals.total_tokens).toBe(330);
    const bySession = await summarize(LOG, { sessions: ["029a"] });
    expect(bySession.summary.turns).toBe(1);
  });

  it("buckets tokens and cost per local hour", async () => {
    const { agg } = await summarize(LOG);
    const hours = agg.hourly();
    expect(hours.map((h) => h.total_tokens)).toEqual([1130, 0, 330]);
    expect(hours[0]!.start).toBe(new Date(2025, 10, 2, new Date("2025-11-02T10:00:00Z").getHours()).getTime());
  });

  it("reports a missing file as not existing", async () => {
    const stats = await readUsage(path.join(os.tmpdir(), "cl-usage-nope", "x.jsonl"), {}, () => {});
    expect(stats.exists).toBe(false);
    expect(stats.records).toBe(0);
  });

  it("reads CRLF lines and lines split across read chunks", async () => {
    const lines = Array.from({ length: 3000 }, (_, i) =>
      line({
        ts: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
        session_id: S1,
        model: "mödel-é",
        ...base,
        total_tokens: 1,
      }),
    );
    const { stats, summary } = await summarize(lines.join("\r\n"));
    expect(stats.malformed).toBe(0);
    expect(summary.totals.total_tokens).toBe(3000);
    expect(summary.by_model[0]!.model).toBe("mödel-é");
  });
});
