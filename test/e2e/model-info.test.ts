// The numbers a session takes from LiteLLM's /model/info, without Python: the scripted fake
// server answers /model/info the way LiteLLM does for the models a test gives a window and
// prices. exec's header names that window, the auto-compact threshold is 90% of it, a
// multi-request turn the proxy reports no cost for is priced from the model's prices, and doctor
// shows the window with its source. Through the real proxy: exec.litellm, telemetry.litellm and
// doctor.litellm; the UI's footer and onboarding: tui-model-info.test.ts.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENV, home, modelName, repo, useFakeServer } from "../faults/support.js";
import { runCli } from "../support/cli.js";

const fake = useFakeServer();

const WINDOW = 50_000;
/** USD per token: 2 per million uncached prompt tokens, 0.5 cached, 10 completion. */
const PRICES = {
  input_cost_per_token: 0.000002,
  cache_read_input_token_cost: 0.0000005,
  output_cost_per_token: 0.00001,
};

function modelWithInfo(prefix: string): string {
  const model = modelName(prefix);
  fake.server.setModelInfo(model, { max_input_tokens: WINDOW, max_tokens: 8192, ...PRICES });
  return model;
}

type Body = { tools: unknown[]; input: { type: string; content?: { text?: string }[] }[] };

describe("the window and prices from the proxy's /model/info", () => {
  it("exec's header shows the /model/info window; a two-request turn without a reported cost is priced from the model's prices", async () => {
    const model = modelWithInfo("info-cost");
    fake.server.setScript(model, [
      {
        shell: ["bash", "-lc", "echo hi"],
        usage: { input_tokens: 20_000, cached_tokens: 4_000, output_tokens: 300, reasoning_tokens: 100 },
      },
      { text: "done", usage: { input_tokens: 21_000, cached_tokens: 18_000, output_tokens: 200 } },
    ]);
    const codexHome = home(fake.server.url, model);
    const r = await runCli(["exec", "--full-auto", "-C", repo(), "go"], { home: codexHome, env: ENV });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("context window: 50,000 tokens (model_info)\n");
    // 16,000 × 2e-6 + 4,000 × 5e-7 + 300 × 1e-5 = 0.037, then 3,000 × 2e-6 + 18,000 × 5e-7 + 200 × 1e-5 = 0.017.
    expect(r.stderr).toContain(
      "Token usage: total=41,500 input=41,000 (of which 22,000 cached) output=500 (reasoning 100)\n",
    );
    expect(r.stderr).toMatch(
      new RegExp(
        `\\n  model ${model} · .*prompt 41,000 \\(of which 22,000 cached\\) · completion 500 · reasoning 100 · total 41,500 · cost \\$0\\.054 · 2 requests\\n`,
      ),
    );
    const [line] = readFileSync(path.join(codexHome, "logs", "codex-litellm-session.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(line).toMatchObject({
      prompt_tokens: 41_000,
      cached_tokens: 22_000,
      completion_tokens: 500,
      reasoning_tokens: 100,
      total_tokens: 41_500,
      cost_usd: 0.054,
    });
    expect(line.request_usage.map((q: { cost_usd: number }) => q.cost_usd)).toEqual([0.037, 0.017]);
  });

  it("auto-compaction starts at 90% of the /model/info window: 44,999 tokens in context do not compact, 45,000 do", async () => {
    const below = modelWithInfo("info-below");
    fake.server.setScript(below, [
      { shell: ["bash", "-lc", "true"], usage: { input_tokens: 44_000, output_tokens: 999 } },
      { text: "no compaction" },
    ]);
    const r1 = await runCli(["exec", "--full-auto", "-C", repo(), "go"], {
      home: home(fake.server.url, below),
      env: ENV,
    });
    expect(r1.code).toBe(0);
    expect(fake.server.requests(below).map((q) => (q.body as Body).tools.length > 0)).toEqual([true, true]);

    const at = modelWithInfo("info-at");
    fake.server.setScript(at, [
      { shell: ["bash", "-lc", "true"], usage: { input_tokens: 44_000, output_tokens: 1_000 } },
      { text: "SUMMARY: ran true" },
      { text: "after compaction" },
    ]);
    const r2 = await runCli(["exec", "--full-auto", "-C", repo(), "go"], { home: home(fake.server.url, at), env: ENV });
    expect(r2.code).toBe(0);
    expect(r2.stdout).toBe("after compaction\n");
    const bodies = fake.server.requests(at).map((q) => q.body as Body);
    expect(bodies.map((b) => b.tools.length > 0)).toEqual([true, false, true]); // the middle one is the summary request
    expect(JSON.stringify(bodies[2]?.input)).toContain("SUMMARY: ran true");
  });

  it("doctor shows the window /model/info reports, with its source", async () => {
    const model = modelWithInfo("info-doctor");
    const r = await runCli(["doctor", "--json"], { home: home(fake.server.url, model), env: ENV });
    const checks = (JSON.parse(r.stdout) as { checks: { name: string; status: string; detail: string }[] }).checks;
    expect(checks.find((c) => c.name === "context window")).toMatchObject({
      status: "ok",
      detail: `${model}: 50,000 tokens (model_info)`,
    });
  });
});
