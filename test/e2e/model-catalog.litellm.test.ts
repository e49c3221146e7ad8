// The Codex model catalog LiteLLM serves at /v1/models?client_version=…, through the real proxy:
// fake-catalog (model_info.max_input_tokens 8192, reasoning levels low and high) and fake-plain
// (nothing known). The window, effort and instructions follow the catalog per model.
import { afterAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import path from "node:path";
import { runCli, tempHome } from "../support/cli.js";
import { useLiteLLM } from "../support/litellm.js";
import { makeRepo } from "./exec-scenario.js";

const ll = useLiteLLM();
const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

type Body = {
  instructions?: string;
  input: { role?: string; content?: { text?: string }[] }[];
  parallel_tool_calls: boolean;
  reasoning?: { effort?: string };
};

async function catalogEntry(model: string): Promise<{ base_instructions: string; context_window: number | null }> {
  const res = await fetch(`${ll.openaiBaseUrl}/models?client_version=0.169.0`, {
    headers: { authorization: `Bearer ${ll.masterKey}` },
  });
  const body = (await res.json()) as {
    models: { slug: string; base_instructions: string; context_window: number | null }[];
  };
  const entry = body.models.find((m) => m.slug === model);
  if (!entry) throw new Error(`the proxy's catalog does not list ${model}`);
  return entry;
}

async function exec(model: string, extra = "") {
  await ll.fake.setScript(model, [{ text: "ok" }]);
  const repo = makeRepo();
  cleanup.push(path.dirname(repo));
  const home = tempHome(`model = "${model}"\n${extra}[model_providers.litellm]\nbase_url = "${ll.openaiBaseUrl}"\n`);
  const r = await runCli(["exec", "-C", repo, "hello"], {
    home,
    env: { LITELLM_API_KEY: ll.masterKey },
    timeoutMs: 60_000,
  });
  expect(r.code, r.stderr).toBe(0);
  const body = (await ll.fake.requests(model)).at(-1)?.body as Body;
  return { stderr: r.stderr, body };
}

describe.skipIf(!ll.available)("the proxy's Codex model catalog", () => {
  it("fake-catalog: the catalog's window, default effort and instructions (as the first developer message)", async () => {
    const entry = await catalogEntry("fake-catalog");
    const { stderr, body } = await exec("fake-catalog");
    expect(stderr).toContain("context window: 8,192 tokens (catalog)");
    expect(stderr).toContain("reasoning levels: low, high (catalog)");
    expect(body.instructions).toBeUndefined();
    expect(body.input[0]).toMatchObject({ role: "developer", content: [{ text: entry.base_instructions }] });
    expect(body.reasoning?.effort).toBe("low");
    expect(body.parallel_tool_calls).toBe(true);
  });

  it("an effort fake-catalog does not take is not sent; fake-plain falls back to the baseline window", async () => {
    const refused = await exec("fake-catalog", 'model_reasoning_effort = "medium"\n');
    expect(refused.stderr).toContain(
      'fake-catalog does not take reasoning effort "medium" (the model catalog lists low, high); it is not sent',
    );
    expect(refused.body.reasoning?.effort).toBe("low");
    expect((await catalogEntry("fake-plain")).context_window).toBeNull();
    const plain = await exec("fake-plain");
    expect(plain.stderr).toContain("context window: 130,000 tokens (baseline)");
    expect(plain.body.input[0]?.role).toBe("developer");
  });
});
