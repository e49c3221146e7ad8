// The Codex model catalog LiteLLM serves at /v1/models?client_version=…, through the real proxy:
// fake-catalog (model_info.max_input_tokens 8192, reasoning levels low and high) and fake-plain
// (nothing known). The window, effort and instructions follow the catalog per model, and
// auto-compaction fires at the limit the catalog's window gives.
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rollout } from "../faults/support.js";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { runCli, tempHome } from "../support/cli.js";
import { proxyCatalogText, useLiteLLM } from "../support/litellm.js";
import { makeRepo } from "./exec-scenario.js";

const ll = useLiteLLM();
const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

type Body = {
  instructions?: string;
  tools: unknown[];
  input: { role?: string; content?: { text?: string }[] }[];
  parallel_tool_calls: boolean;
  reasoning?: { effort?: string };
};

async function catalogEntry(model: string): Promise<{ base_instructions: string; context_window: number | null }> {
  const body = JSON.parse(await proxyCatalogText(ll)) as {
    models: { slug: string; base_instructions: string; context_window: number | null }[];
  };
  const entry = body.models.find((m) => m.slug === model);
  if (!entry) throw new Error(`the proxy's catalog does not list ${model}`);
  return entry;
}

/** One exec run of `model` through the proxy: what it printed, its CODEX_HOME and the request bodies the fake received. */
async function run(model: string, steps: FakeStep[], extra = "") {
  await ll.fake.setScript(model, steps);
  const before = (await ll.fake.requests(model)).length;
  const repo = makeRepo();
  cleanup.push(path.dirname(repo));
  const home = tempHome(`model = "${model}"\n${extra}[model_providers.litellm]\nbase_url = "${ll.openaiBaseUrl}"\n`);
  cleanup.push(home);
  const r = await runCli(["exec", "--full-auto", "-C", repo, "hello"], {
    home,
    env: { LITELLM_API_KEY: ll.masterKey },
    timeoutMs: 60_000,
  });
  expect(r.code, r.stderr).toBe(0);
  const bodies = (await ll.fake.requests(model)).slice(before).map((q) => q.body as Body);
  return { ...r, home, bodies };
}

async function exec(model: string, extra = "") {
  const { stderr, bodies } = await run(model, [{ text: "ok" }], extra);
  return { stderr, body: bodies.at(-1) as Body };
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

  it("auto-compaction fires at fake-catalog's catalog limit (90% of its 8,192-token window: 7,372), not a token before", async () => {
    const shellThen = (tokens: number, ...after: FakeStep[]): FakeStep[] => [
      { shell: ["bash", "-lc", "true"], usage: { input_tokens: 7_000, output_tokens: tokens - 7_000 } },
      ...after,
    ];
    const below = await run("fake-catalog", shellThen(7_371, { text: "no compaction" }));
    expect(below.stderr).toContain("auto-compact limit: 7,372 tokens (catalog)");
    expect(below.bodies.map((b) => b.tools.length > 0)).toEqual([true, true]);
    expect(rollout(below.home).some((r) => r.type === "compacted")).toBe(false);

    const at = await run("fake-catalog", shellThen(7_372, { text: "SUMMARY: ran true" }, { text: "after compaction" }));
    expect(at.stdout).toBe("after compaction\n");
    // The middle request is the summary request: no tools, the compaction prompt last.
    expect(at.bodies.map((b) => b.tools.length > 0)).toEqual([true, false, true]);
    expect(JSON.stringify(at.bodies[1]?.input.at(-1))).toContain("hand-off summary");
    expect(JSON.stringify(at.bodies[2]?.input)).toContain("SUMMARY: ran true");
    const compacted = rollout(at.home).filter((r) => r.type === "compacted");
    expect(compacted).toHaveLength(1);
    expect(JSON.stringify(compacted[0]?.payload)).toContain("SUMMARY: ran true");
  });
});
