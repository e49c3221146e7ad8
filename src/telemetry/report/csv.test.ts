import { describe, expect, it } from "vitest";
import { csvField, recordsToCsv, recordsToJson } from "./csv.js";
import type { UsageRecord } from "./record.js";

const record: UsageRecord = {
  ts: "2025-11-02T12:54:11.238Z",
  session_id: "s-1",
  model: 'odd, "quoted"\nmodel',
  reasoning_effort: null,
  prompt_tokens: 132,
  completion_tokens: 284,
  reasoning_tokens: 0,
  total_tokens: 416,
  cached_tokens: null,
  cache_write_tokens: null,
  cost_usd: 0.0012,
  turn: 1,
  requests: 2,
  latency_ms: 850,
  litellm_call_id: "a\rb",
  status: "failed",
  kind: "turn",
};

describe("CSV export", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\r", '"cr\r"'],
    ["", ""],
    [" spaced ", " spaced "],
  ])("quotes %j as %j", (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it("writes null as an empty field and numbers as they are", () => {
    expect(csvField(null)).toBe("");
    expect(csvField(0)).toBe("0");
    expect(csvField(0.0000001)).toBe("1e-7");
  });

  it("has the spec's fields first, then our extras, with CRLF line ends", () => {
    expect(recordsToCsv([record])).toBe(
      "ts,session_id,model,reasoning_effort,prompt_tokens,completion_tokens,reasoning_tokens,total_tokens,cached_tokens,cache_write_tokens,cost_usd,turn,requests,latency_ms,litellm_call_id,status,kind\r\n" +
        '2025-11-02T12:54:11.238Z,s-1,"odd, ""quoted""\nmodel",,132,284,0,416,,,0.0012,1,2,850,"a\rb",failed,turn\r\n',
    );
    expect(recordsToCsv([])).toBe(
      "ts,session_id,model,reasoning_effort,prompt_tokens,completion_tokens,reasoning_tokens,total_tokens,cached_tokens,cache_write_tokens,cost_usd,turn,requests,latency_ms,litellm_call_id,status,kind\r\n",
    );
  });

  it("writes JSON arrays that parse back to the records", () => {
    expect(JSON.parse(recordsToJson([record, record]))).toEqual([record, record]);
    expect(recordsToJson([])).toBe("[]\n");
  });
});
