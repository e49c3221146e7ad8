// Prompt caching with an Anthropic backend: a 20-request coding session (exec, then exec resume)
// through the real LiteLLM proxy in front of the fake upstream's Anthropic Messages API, which
// bills like Anthropic's prompt cache, on each wire, with prompt_cache = "auto" and "off".
// Records LiteLLM's cost for the session with breakpoints against without (the cost ratio) and
// the share of prompt tokens read from the cache.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startFakeModelServer } from "../test/fixtures/fake-model-server.js";
import { FakeServerControl } from "../test/fixtures/fake-server-control.js";
import { cacheSplit, runCacheSession, type CacheSession } from "../test/e2e/prompt-cache-scenario.js";
import { startLiteLLMProxy } from "../test/support/litellm-proxy.js";

const REQUESTS = 20;
const root = process.cwd();

const built = spawnSync(
  process.execPath,
  [
    "--input-type=module",
    "-e",
    "const m = await import('./scripts/bundle.mjs'); await m.bundle({ quiet: true, ifStale: true });",
  ],
  { cwd: root, stdio: "inherit" },
);
if (built.status !== 0) throw new Error("bundling dist/ failed");
const setup = spawnSync("bash", [path.join(root, "scripts/litellm-setup.sh")], { cwd: root, stdio: "inherit" });
if (setup.status !== 0) throw new Error("scripts/litellm-setup.sh failed: the bench needs the pinned LiteLLM proxy");

const fake = await startFakeModelServer();
const proxy = await startLiteLLMProxy({ upstreamUrl: fake.url, venvDir: path.join(root, ".cache/litellm/venv") });
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const results: Record<string, unknown>[] = [];
try {
  for (const [wire, n] of [
    ["responses", 1],
    ["chat", 2],
  ] as const) {
    const run = async (promptCache: "auto" | "off"): Promise<CacheSession> => {
      const s = await runCacheSession({
        proxyUrl: proxy.baseUrl,
        masterKey: proxy.masterKey,
        fake: new FakeServerControl(fake.origin),
        model: `fake-claude-${n}`,
        upstreamModel: `claude-fake-${n}`,
        wire,
        promptCache,
        requests: REQUESTS,
      });
      const failed = s.runs.find((r) => r.code !== 0);
      if (failed || s.charged.length !== REQUESTS)
        throw new Error(
          `${wire}/${promptCache}: the session did not complete (${s.charged.length} requests charged): ${failed?.stderr ?? ""}`,
        );
      return s;
    };
    const cached = await run("auto");
    const uncached = await run("off");
    const splits = cached.charged.map(cacheSplit);
    const cost = (s: CacheSession) => sum(s.charged.map((r) => cacheSplit(r).cost));
    const later = splits.slice(1);
    results.push({
      wire,
      requests: REQUESTS,
      cost_usd: cost(cached),
      cost_usd_uncached: cost(uncached),
      cost_ratio: Number((cost(cached) / cost(uncached)).toFixed(3)),
      cache_read_share: Number((sum(splits.map((s) => s.read)) / sum(splits.map((s) => s.prompt))).toFixed(3)),
      min_cache_read_share_after_first: Number(Math.min(...later.map((s) => s.read / s.prompt)).toFixed(3)),
      cache_write_tokens: sum(splits.map((s) => s.written)),
    });
  }
} finally {
  await proxy.stop();
  await fake.close();
}
const result = { date: new Date().toISOString().slice(0, 10), litellm: "1.110.2", results };
console.log(JSON.stringify(result, null, 2));
mkdirSync(".cache/bench", { recursive: true });
writeFileSync(".cache/bench/prompt-cache.json", `${JSON.stringify(result, null, 2)}\n`);
