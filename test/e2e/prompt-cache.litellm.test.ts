// Prompt caching through the real LiteLLM proxy, in front of the fake upstream's Anthropic
// Messages API (which bills like Anthropic's cache): on both wires, a session's requests carry
// cache breakpoints, each request after the first reads most of its prompt from the cache, the
// usage log shows reads and writes apart, and LiteLLM's cost is a fraction of the same session
// with `prompt_cache = "off"`.
import { describe, expect, it } from "vitest";
import { MAX_CACHE_BREAKPOINTS } from "../../src/gateway/prompt-cache.js";
import { useLiteLLM } from "../support/litellm.js";
import { cacheMarks, cacheSplit, endMarked, runCacheSession, type CacheSession } from "./prompt-cache-scenario.js";

const ll = useLiteLLM();
const REQUESTS = 10;
const units = (usd: number) => Math.round(usd * 1e10);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe.skipIf(!ll.available)("prompt caching through the real LiteLLM proxy, Anthropic backend", () => {
  for (const [wire, n] of [
    ["responses", 1],
    ["chat", 2],
  ] as const) {
    it(`${wire} wire: every request carries breakpoints, 70%+ of each later prompt is read from the cache, and the session costs under 0.35× the uncached one`, async () => {
      const session = (promptCache: "auto" | "off") =>
        runCacheSession({
          proxyUrl: ll.proxyUrl,
          masterKey: ll.masterKey,
          fake: ll.fake,
          model: `fake-claude-${n}`,
          upstreamModel: `claude-fake-${n}`,
          wire,
          promptCache,
          requests: REQUESTS,
        });
      const cached: CacheSession = await session("auto");
      for (const run of cached.runs) expect(run.code, run.stderr).toBe(0);
      expect(cached.upstream).toHaveLength(REQUESTS);
      expect(cached.charged).toHaveLength(REQUESTS);

      // On the wire to Anthropic: the instructions (system) and the conversation's end are marked, within Anthropic's limit.
      for (const r of cached.upstream) {
        const body = r.body as { system: { cache_control?: unknown }[] };
        expect(body.system.at(-1)?.cache_control).toEqual({ type: "ephemeral" });
        expect(endMarked(body)).toBe(true);
        expect(cacheMarks(body)).toBeGreaterThanOrEqual(2);
        expect(cacheMarks(body)).toBeLessThanOrEqual(MAX_CACHE_BREAKPOINTS);
      }

      // LiteLLM's usage: the first request writes the prefix, every later one reads 70%+ of its prompt.
      const splits = cached.charged.map(cacheSplit);
      expect(splits[0]?.written).toBeGreaterThan(0);
      for (const s of splits.slice(1)) expect(s.read / s.prompt).toBeGreaterThanOrEqual(0.7);

      // The usage log has the same split, request by request.
      const rows = cached.lines.flatMap((l) => l.request_usage as Record<string, number>[]);
      expect(rows.map((r) => [r.prompt_tokens, r.cached_tokens, r.cache_write_tokens])).toEqual(
        splits.map((s) => [s.prompt, s.read, s.written]),
      );
      expect(rows.map((r) => units(r.cost_usd as number))).toEqual(splits.map((s) => units(s.cost)));
      expect(cached.lines.map((l) => l.cache_write_tokens)).toEqual(
        cached.lines.map((l) =>
          sum((l.request_usage as Record<string, number>[]).map((r) => r.cache_write_tokens as number)),
        ),
      );
      // exec's summary shows it too.
      expect(cached.runs[1]?.stderr).toMatch(/prompt [\d,]+ \(of which [\d,]+ cached, [\d,]+ written to the cache\)/);

      // The same session without breakpoints: nothing marked, nothing read from the cache.
      const uncached = await session("off");
      for (const run of uncached.runs) expect(run.code, run.stderr).toBe(0);
      expect(uncached.upstream.map((r) => cacheMarks(r.body))).toEqual(Array(REQUESTS).fill(0));
      expect(uncached.charged.map((r) => cacheSplit(r).read)).toEqual(Array(REQUESTS).fill(0));
      const cost = (s: CacheSession) => sum(s.charged.map((r) => cacheSplit(r).cost));
      expect(cost(cached)).toBeLessThan(0.35 * cost(uncached));
    }, 240_000);
  }
});
