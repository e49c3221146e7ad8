// Usage and cost that add up to the proxy's bill, through the real LiteLLM proxy with a priced
// model: the session of usage-scenario.ts (tool turn, auto-compaction, context-window
// compaction, failed turn, interrupted turn, compaction before a resume) runs behind a relay
// that records what LiteLLM streamed back for every request — its call id, the usage and
// LiteLLM's own cost (`usage.cost`). The usage log, exec's summaries and `telemetry summary`
// must match those, request by request and in sum, to the last digit (1e-10 USD).
import { afterAll, describe, expect, it } from "vitest";
import { formatUsd } from "../../src/util/numbers.js";
import { costFromPrices } from "../../src/gateway/cost.js";
import { parseModelInfo } from "../../src/gateway/models.js";
import { usageFromResponses } from "../../src/gateway/wire-usage.js";
import { runCli } from "../support/cli.js";
import { nativeModel, useLiteLLM } from "../support/litellm.js";
import { startRecordingRelay, type RecordingRelay } from "../support/recording-relay.js";
import { expectSessionShape, runUsageSession } from "./usage-scenario.js";

const ll = useLiteLLM();
let relay: RecordingRelay | undefined;
afterAll(async () => {
  await relay?.close();
});

const units = (usd: number) => Math.round(usd * 1e10);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe.skipIf(!ll.available)("usage accounting through the real LiteLLM proxy", () => {
  it("the usage log, exec's summaries and telemetry summary add up to what LiteLLM charged for every request", async () => {
    relay = await startRecordingRelay(ll.proxyUrl);
    const model = nativeModel(); // priced in the proxy's config; streamed natively, so LiteLLM reports usage.cost
    const { home, lines, runs } = await runUsageSession({
      baseUrl: `${relay.url}/v1`,
      env: { LITELLM_API_KEY: ll.masterKey },
      model,
      setScript: (steps) => ll.fake.setScript(model, steps),
      tag: `usage-litellm-sleep-${process.pid}`,
    });
    expectSessionShape(lines);

    // LiteLLM's side: every request it answered with usage, each with its own cost.
    const charged = relay.responses.filter((r) => r.usage !== null);
    expect(charged).toHaveLength(8);
    expect(relay.responses.filter((r) => r.usage === null).map((r) => r.status)).toEqual([400, 400]);
    for (const r of charged) expect(typeof r.usage?.cost).toBe("number");

    // Ours, request by request (matched on LiteLLM's call id), then in sum.
    const ours = lines.flatMap((l) => l.request_usage as Record<string, number | string | null>[]);
    expect(ours.map((r) => r.litellm_call_id)).toEqual(charged.map((r) => r.callId));
    expect(ours.map((r) => units(r.cost_usd as number))).toEqual(charged.map((r) => units(r.usage?.cost as number)));
    expect(ours.map((r) => [r.prompt_tokens, r.completion_tokens, r.total_tokens])).toEqual(
      charged.map((r) => [r.usage?.input_tokens, r.usage?.output_tokens, r.usage?.total_tokens]),
    );
    // Reasoning tokens are their own count inside the completion tokens, not the completion tokens.
    const reasoning = charged.map(
      (r) => (r.usage?.output_tokens_details as { reasoning_tokens?: number } | undefined)?.reasoning_tokens ?? 0,
    );
    expect(reasoning.filter((n) => n > 0).length).toBeGreaterThan(0);
    expect(ours.map((r) => r.reasoning_tokens ?? 0)).toEqual(reasoning);
    expect(sum(lines.map((l) => (l.reasoning_tokens as number | null) ?? 0))).toBe(sum(reasoning));
    const billed = sum(charged.map((r) => units(r.usage?.cost as number)));
    expect(billed).toBeGreaterThan(0);
    expect(sum(lines.map((l) => units(l.cost_usd as number)))).toBe(billed);
    expect(sum(lines.map((l) => l.total_tokens as number))).toBe(
      sum(charged.map((r) => r.usage?.total_tokens as number)),
    );
    expect(sum(lines.map((l) => l.prompt_tokens as number))).toBe(
      sum(charged.map((r) => r.usage?.input_tokens as number)),
    );

    // Where LiteLLM does not report a cost, ours comes from its /model/info prices: that formula
    // gives LiteLLM's own figure for each of these requests.
    const info = parseModelInfo(
      model,
      await (
        await fetch(`${ll.proxyUrl}/model/info?model=${model}`, {
          headers: { authorization: `Bearer ${ll.masterKey}` },
        })
      ).json(),
    );
    expect(info?.input_cost_per_token).toBeGreaterThan(0);
    expect(charged.map((r) => units(costFromPrices(usageFromResponses(r.usage)!, info) as number))).toEqual(
      charged.map((r) => units(r.usage?.cost as number)),
    );

    // The same figures where a user reads them.
    for (const [run, line] of [
      [0, 0],
      [1, 1],
      [2, 2],
    ] as const) {
      const record = lines[line] as Record<string, number>;
      expect(runs[run]?.stderr).toContain(
        `total ${record.total_tokens?.toLocaleString("en-US")} · cost ${formatUsd(record.cost_usd as number)}`,
      );
    }
    const summary = JSON.parse((await runCli(["telemetry", "summary", "--json"], { home })).stdout);
    expect(units(summary.totals.cost_usd)).toBe(billed);
    expect(summary.totals).toMatchObject({
      turns: 4,
      compactions: 1,
      requests: 8,
      total_tokens: sum(charged.map((r) => r.usage?.total_tokens as number)),
    });
    const byRequest = JSON.parse(
      (await runCli(["telemetry", "summary", "--by", "request", "--json"], { home })).stdout,
    );
    expect(byRequest.requests.map((r: Record<string, unknown>) => r.litellm_call_id)).toEqual(
      charged.map((r) => r.callId),
    );
    expect(byRequest.totals).toEqual(summary.totals);
  }, 180_000);
});
