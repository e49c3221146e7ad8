import { describe, expect, it } from "vitest";
import { parseUsageLine, RECORD_FIELDS } from "./record.js";

const SPEC = {
  ts: "2025-11-02T12:54:11.238Z",
  session_id: "019a44bc-39c3-7159-bb96-ecb9c5a1de11",
  model: "vercel/minimax-m2",
  reasoning_effort: "medium",
  prompt_tokens: 132,
  completion_tokens: 284,
  reasoning_tokens: 0,
  total_tokens: 416,
};
const line = (over: Record<string, unknown>, drop: string[] = []) => {
  const o: Record<string, unknown> = { ...SPEC, ...over };
  for (const k of drop) delete o[k];
  return JSON.stringify(o);
};

describe("usage line validation", () => {
  it("accepts the spec's example, reading missing extras as null, fields in export order", () => {
    const r = parseUsageLine(JSON.stringify(SPEC))!;
    expect(r.time).toBe(Date.parse(SPEC.ts));
    expect(r.record).toEqual({
      ...SPEC,
      cached_tokens: null,
      cache_write_tokens: null,
      cost_usd: null,
      turn: null,
      requests: null,
      latency_ms: null,
      litellm_call_id: null,
      status: null,
      kind: null,
    });
    expect(r.requests).toBeNull();
    expect(Object.keys(r.record)).toEqual([...RECORD_FIELDS]);
    expect(r.line).toBe(JSON.stringify(SPEC));
  });

  it("accepts nulls where the spec allows unknown values, and ignores fields it does not know", () => {
    const r = parseUsageLine(
      line({ reasoning_effort: null, prompt_tokens: null, cost_usd: 0, litellm_call_id: "x", future_field: [1] }),
    )!;
    expect(r.record).toMatchObject({ reasoning_effort: null, prompt_tokens: null, cost_usd: 0, litellm_call_id: "x" });
    expect(r.record).not.toHaveProperty("future_field");
    expect(parseUsageLine(line({ session_id: "" }))?.record.session_id).toBe("");
  });

  it("reads the status, the kind and the itemised requests", () => {
    const request = {
      kind: "compaction",
      litellm_call_id: "c-1",
      response_id: "resp_1",
      prompt_tokens: 100,
      completion_tokens: 10,
      reasoning_tokens: 0,
      total_tokens: 110,
      cached_tokens: 40,
      cache_write_tokens: 20,
      cost_usd: 0.00012,
    };
    const r = parseUsageLine(
      line({ status: "interrupted", kind: "turn", request_usage: [request, { kind: "sampling" }] }),
    )!;
    expect(r.record).toMatchObject({ status: "interrupted", kind: "turn" });
    expect(r.requests).toEqual([
      request,
      {
        kind: "sampling",
        litellm_call_id: null,
        response_id: null,
        prompt_tokens: null,
        completion_tokens: null,
        reasoning_tokens: null,
        total_tokens: null,
        cached_tokens: null,
        cache_write_tokens: null,
        cost_usd: null,
      },
    ]);
  });

  it.each([
    ["truncated", JSON.stringify(SPEC).slice(0, 50)],
    ["not JSON", "hello"],
    ["an array", "[1,2]"],
    ["a number", "42"],
    ["null", "null"],
    ["missing ts", line({}, ["ts"])],
    ["unparseable ts", line({ ts: "soon" })],
    ["missing session_id", line({}, ["session_id"])],
    ["numeric model", line({ model: 5 })],
    ["missing reasoning_effort", line({}, ["reasoning_effort"])],
    ["missing total_tokens", line({}, ["total_tokens"])],
    ["string tokens", line({ prompt_tokens: "132" })],
    ["negative tokens", line({ completion_tokens: -1 })],
    ["string cost", line({ cost_usd: "0.1" })],
    ["numeric call id", line({ litellm_call_id: 7 })],
    ["numeric status", line({ status: 1 })],
    ["request_usage not a list", line({ request_usage: {} })],
    ["a request without its kind", line({ request_usage: [{ prompt_tokens: 1 }] })],
    ["a request with a string cost", line({ request_usage: [{ kind: "sampling", cost_usd: "0.1" }] })],
  ])("rejects %s", (_name, text) => {
    expect(parseUsageLine(text)).toBeUndefined();
  });
});
