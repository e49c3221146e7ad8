import { describe, expect, it } from "vitest";
import { renderCharts, timeSeries } from "./chart.js";
import { formatCost, formatCostWithUnpriced, formatRecordLine } from "./format.js";

const hour = (d: number, h: number) => new Date(2025, 10, d, h).getTime();

describe("time series for the chart", () => {
  it("uses hours for a short range and fills the gaps", () => {
    const s = timeSeries(
      [
        { start: hour(2, 10), total_tokens: 100, cost_usd: 0.1 },
        { start: hour(2, 13), total_tokens: 50, cost_usd: 0 },
      ],
      60,
    )!;
    expect(s.unit).toBe("hour");
    expect(s.tokens).toEqual([100, 0, 0, 50]);
    expect(s.labels[0]).toBe("2025-11-02 10:00");
  });

  it("uses days for a longer range, summing the hours of each day", () => {
    const s = timeSeries(
      [
        { start: hour(2, 10), total_tokens: 100, cost_usd: 0.1 },
        { start: hour(2, 20), total_tokens: 1, cost_usd: 0 },
        { start: hour(5, 1), total_tokens: 50, cost_usd: 0.2 },
      ],
      60,
    )!;
    expect(s.unit).toBe("day");
    expect(s.labels).toEqual(["2025-11-02", "2025-11-03", "2025-11-04", "2025-11-05"]);
    expect(s.tokens).toEqual([101, 0, 0, 50]);
    expect(s.cost).toEqual([0.1, 0, 0, 0.2]);
  });

  it("merges consecutive points when there are more than fit", () => {
    const hours = Array.from({ length: 90 }, (_, i) => ({
      start: new Date(2025, 0, 1 + i, 12).getTime(),
      total_tokens: 1,
      cost_usd: 0,
    }));
    const s = timeSeries(hours, 30)!;
    expect(s.unit).toBe("3 days");
    expect(s.tokens).toHaveLength(30);
    expect(s.tokens.every((t) => t === 3)).toBe(true);
  });

  it("renders a token chart (and a cost chart only when something was priced)", () => {
    const s = timeSeries(
      [
        { start: hour(2, 10), total_tokens: 1000, cost_usd: 0 },
        { start: hour(2, 11), total_tokens: 2500, cost_usd: 0 },
      ],
      60,
    );
    const out = renderCharts(s, { color: false });
    expect(out).toContain("Total tokens per hour");
    expect(out).toContain("2.5k");
    expect(out).not.toContain("Cost");
    expect(out).not.toContain("\u001b[");
    expect(renderCharts(timeSeries([{ start: hour(2, 10), total_tokens: 1, cost_usd: 1 }], 60), { color: false })).toBe(
      "",
    );
  });
});

describe("formatting", () => {
  it("marks unpriced turns next to the cost", () => {
    expect(formatCostWithUnpriced(0.0123, 3)).toBe("$0.0123 (+3 turns unpriced)");
    expect(formatCostWithUnpriced(0.0123, 1)).toBe("$0.0123 (+1 turn unpriced)");
    expect(formatCostWithUnpriced(null, 2)).toBe("- (2 turns unpriced)");
    expect(formatCostWithUnpriced(12.5, 0)).toBe("$12.50");
    expect(formatCostWithUnpriced(1, 2223)).toBe("$1.00 (+2,223 turns unpriced)");
    expect(formatCost(0.000132)).toBe("$0.000132");
    expect(formatCost(0.005)).toBe("$0.005");
    expect(formatCost(0.0000001)).toBe("$0.0000001");
    expect(formatCost(null)).toBe("-");
  });

  it("prints a record on one line for tail", () => {
    const line = formatRecordLine(
      {
        ts: "",
        session_id: "019a44bc-39c3",
        model: "m",
        reasoning_effort: null,
        prompt_tokens: 1,
        completion_tokens: 2,
        reasoning_tokens: null,
        total_tokens: 3,
        cached_tokens: 0,
        cache_write_tokens: null,
        cost_usd: null,
        turn: 1,
        requests: 1,
        latency_ms: 0,
        litellm_call_id: null,
        status: null,
        kind: null,
      },
      new Date(2025, 10, 2, 9, 5, 7).getTime(),
    );
    expect(line).toBe("2025-11-02 09:05:07  019a44bc-39c3  m  -  tokens p/c/r/t 1/2/?/3  cached 0  cost ?");
  });
});
