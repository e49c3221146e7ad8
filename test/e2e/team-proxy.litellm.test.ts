// Team proxies through the real LiteLLM proxy: the key's spend, budget and limits from the
// headers of every response (exec's usage lines, the usage log, the 80% warning), a budget
// refusal explained in one line without retries, and a failing backend reported within seconds
// instead of multiplying the proxy's own retries.
//
// Budgets need LiteLLM's database for virtual keys; without one, `general_settings.custom_auth`
// answers for every key. This file starts a second, small proxy whose auth hook reads the budget
// from the key itself (`sk-budget-<max>-<spend>`), in front of the shared fake upstream.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempHome } from "../support/cli.js";
import { startLiteLLMProxy, type LiteLLMProxy } from "../support/litellm-proxy.js";
import { uniqueModel, useLiteLLM } from "../support/litellm.js";
import { makeRepo } from "./exec-scenario.js";

const ll = useLiteLLM();

const TEAM_AUTH = `
import litellm
from fastapi import Request
from litellm.proxy._types import UserAPIKeyAuth


async def user_api_key_auth(request: Request, api_key: str) -> UserAPIKeyAuth:
    parts = api_key.split("-")
    if len(parts) == 4 and parts[1] == "budget":
        max_budget, spend = float(parts[2]), float(parts[3])
        if spend >= max_budget:
            raise litellm.BudgetExceededError(current_cost=spend, max_budget=max_budget)
        return UserAPIKeyAuth(api_key=api_key, max_budget=max_budget, spend=spend, tpm_limit=100000, rpm_limit=50)
    return UserAPIKeyAuth(api_key=api_key)
`;

/** Priced like the shared proxy's fake-model: $1 per million prompt tokens, $2 per million completion tokens. */
const PRICED = "fake-priced-team";

let proxy: LiteLLMProxy | undefined;
beforeAll(async () => {
  if (!ll.available) return;
  proxy = await startLiteLLMProxy({
    upstreamUrl: `${ll.fakeControlUrl}/v1`,
    generalSettings: { custom_auth: "team_auth.user_api_key_auth" },
    files: { "team_auth.py": TEAM_AUTH },
    extraModels: [
      {
        model_name: PRICED,
        litellm_params: { model: `openai/${PRICED}`, api_base: `${ll.fakeControlUrl}/v1`, api_key: "sk-fake-upstream" },
        model_info: { input_cost_per_token: 0.000001, output_cost_per_token: 0.000002, mode: "chat" },
      },
    ],
  });
}, 240_000);
afterAll(async () => {
  await proxy?.stop();
});

function exec(model: string, key: string) {
  const codexHome = tempHome(`model = "${model}"\n[model_providers.litellm]\nbase_url = "${proxy?.baseUrl}/v1"\n`);
  const started = Date.now();
  return runCli(["exec", "-C", makeRepo(), "hello"], {
    home: codexHome,
    env: { LITELLM_API_KEY: key },
    timeoutMs: 90_000,
  }).then((r) => ({ ...r, codexHome, ms: Date.now() - started }));
}

const usageLog = (codexHome: string): Record<string, unknown>[] =>
  readFileSync(path.join(codexHome, "logs", "codex-litellm-session.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const errorLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("ERROR: "));

describe.skipIf(!ll.available)("a team's LiteLLM proxy: budget, limits, retries", () => {
  it("shows the key's budget after this request's cost, warns once at 80%, and logs it", async () => {
    await ll.fake.setScript(PRICED, [{ text: "done", usage: { input_tokens: 1000, output_tokens: 500 } }]);
    const r = await exec(PRICED, "sk-budget-10-8.5");
    expect(r.code, r.stderr).toBe(0);
    // The header says $8.50 before the request; the request cost $0.002.
    const warnings = r.stderr.split("\n").filter((l) => l.includes("LiteLLM budget"));
    expect(warnings).toEqual([
      "warning: LiteLLM budget: 85% used, $8.502 of $10.00 spent, $1.498 left (ask the proxy's admin for more)",
    ]);
    expect(r.stderr).toContain("  key: $1.498 left of $10.00 (spent $8.502) · limits 50 rpm, 100,000 tpm");
    expect(usageLog(r.codexHome)).toMatchObject([
      { cost_usd: 0.002, key: { spend_usd: 8.502, max_budget_usd: 10, remaining_usd: 1.498, rpm_limit: 50 } },
    ]);
  });

  it("a key without a budget shows nothing about one", async () => {
    const model = uniqueModel("team-plain");
    await ll.fake.setScript(model, [{ text: "done" }]);
    const r = await exec(model, "sk-plain-team-key");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/LiteLLM budget|left of| {2}key:/);
    expect(usageLog(r.codexHome)[0]).not.toHaveProperty("key");
  });

  it("an exhausted budget: one line with the figures and who to ask, exit 1 at once, nothing retried", async () => {
    const model = uniqueModel("team-broke");
    await ll.fake.setScript(model, [{ text: "never" }]);
    const r = await exec(model, "sk-budget-10-10.5");
    expect(r.code).toBe(1);
    const [line, ...more] = errorLines(r.stderr);
    expect(more).toEqual([]);
    expect(line).toMatch(
      /^ERROR: budget exhausted: spent \$10\.50 of \$10\.00 at the LiteLLM proxy .*\(HTTP 422\); ask the proxy's admin/,
    );
    expect(r.stderr).not.toMatch(/Reconnecting/);
    expect(await ll.fake.requests(model)).toEqual([]);
  });

  it("a backend that keeps failing is reported within seconds with the proxy's message, without multiplying its retries", async () => {
    const model = uniqueModel("team-down");
    await ll.fake.setScript(model, [
      { fault: { status: 500, error: { message: "backend exploded", type: "server_error" } }, repeat: 40 },
    ]);
    const r = await exec(model, ll.masterKey);
    expect(r.code).toBe(1);
    const [line, ...more] = errorLines(r.stderr);
    expect(more).toEqual([]);
    expect(line).toContain("backend exploded");
    expect(line).toContain("the proxy retries on its own; gave up after 1 retry");
    const calls = (await ll.fake.requests(model)).filter((q) => q.wire === "responses").length;
    // Two requests of ours; the proxy's own client tries each up to three times (15 calls, 26 s before).
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(calls).toBeLessThanOrEqual(6);
    expect(r.ms).toBeLessThan(25_000);
  });

  it("a transient failure still recovers", async () => {
    const model = uniqueModel("team-blip");
    await ll.fake.setScript(model, [
      { fault: { status: 500, error: { message: "blip", type: "server_error" } } },
      { text: "recovered" },
    ]);
    const r = await exec(model, ll.masterKey);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("recovered\n");
  });
});
