// The Codex model catalog from `model_catalog_json` (upstream's key) against the fake server,
// which serves no catalog: the file decides the window, effort, instructions and tool shapes; a
// model the file does not list, and a run without the file, behave as before.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../fixtures/fake-model-server.js";
import { runCli, tempHome } from "../support/cli.js";
import { makeRepo } from "./exec-scenario.js";

let server: FakeModelServer;
beforeAll(async () => {
  server = await startFakeModelServer({ apiKey: "sk-cat" });
});
afterAll(() => server.close());

const env = { LITELLM_API_KEY: "sk-cat" };
const INSTRUCTIONS = "You are the catalog's agent. Follow these catalog instructions.";

function homeWith(model: string, extra = ""): string {
  const home = tempHome(
    `model = "${model}"\nmodel_provider = "litellm"\nmodel_catalog_json = "catalog.json"\n${extra}` +
      `[model_providers.litellm]\nbase_url = "${server.url}"\nenv_key = "LITELLM_API_KEY"\n`,
  );
  const entry = {
    slug: "cat-model",
    context_window: 4000,
    auto_compact_token_limit: 3000,
    supported_reasoning_levels: [
      { effort: "low", description: "Fast" },
      { effort: "high", description: "Thorough" },
    ],
    default_reasoning_level: "low",
    base_instructions: INSTRUCTIONS,
    apply_patch_tool_type: "function",
    shell_type: "shell_command",
    supports_parallel_tool_calls: false,
    input_modalities: ["text"],
    truncation_policy: { mode: "tokens", limit: 10000 },
  };
  writeFileSync(path.join(home, "catalog.json"), JSON.stringify({ models: [entry] }));
  return home;
}

type Body = {
  instructions?: string;
  input: { id?: string; role?: string; content?: { text?: string }[] }[];
  parallel_tool_calls: boolean;
  reasoning?: { effort?: string };
  tools: { type: string; name: string }[];
};

/** One exec turn of cat-model (it answers "ok") with these config.toml lines. */
async function catModelSays(toml: string) {
  server.setScript("cat-model", [{ text: "ok" }]);
  return runCli(["exec", "-C", makeRepo(), "hello"], { home: homeWith("cat-model", toml), env });
}

describe("model catalog (model_catalog_json)", () => {
  it("the catalog sets the window, effort, instructions (first developer message) and apply_patch shape; the header names them", async () => {
    server.setScript("cat-model", [{ text: "ok" }]);
    const repo = makeRepo();
    const r = await runCli(["exec", "-C", repo, "hello"], { home: homeWith("cat-model"), env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("context window: 4,000 tokens (catalog)");
    expect(r.stderr).toContain("reasoning effort: low");
    expect(r.stderr).toContain("auto-compact limit: 3,000 tokens (catalog)");
    expect(r.stderr).toContain(`instructions: ${INSTRUCTIONS.length} chars, first developer message (catalog)`);
    const body = server.requests("cat-model").at(-1)?.body as Body;
    expect(body.instructions).toBeUndefined();
    expect(body.input[0]).toMatchObject({ role: "developer", content: [{ text: INSTRUCTIONS }] });
    expect(body.parallel_tool_calls).toBe(true);
    expect(body.reasoning?.effort).toBe("low");
    expect(body.tools.find((t) => t.name === "apply_patch")?.type).toBe("function");
  });

  it("the instructions travel in session_meta, not in the history, and a resume sends the recorded ones once", async () => {
    server.setScript("cat-model", [{ text: "one" }, { text: "two" }, { text: "three" }]);
    const repo = makeRepo();
    const home = homeWith("cat-model");
    const first = await runCli(["exec", "-C", repo, "hello"], { home, env });
    expect(first.code, first.stderr).toBe(0);
    const [file] = readdirSync(path.join(home, "sessions"), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".jsonl"))
      .map((f) => path.join(home, "sessions", f));
    const lines = readFileSync(file as string, "utf8")
      .trim()
      .split("\n");
    const meta = (JSON.parse(lines[0] as string) as { payload: { id: string; base_instructions?: { text: string } } })
      .payload;
    expect(meta.base_instructions).toEqual({ text: INSTRUCTIONS });
    expect(lines.slice(1).join("\n")).not.toContain(INSTRUCTIONS);

    const developer = (n: number) =>
      (server.requests("cat-model").at(n)?.body as Body).input
        .filter((i) => i.role === "developer")
        .map((i) => i.content?.[0]?.text);
    const instructionsId = (n: number) => (server.requests("cat-model").at(n)?.body as Body).input[0]?.id;
    const firstId = instructionsId(-1);
    const resumed = await runCli(["exec", "resume", meta.id, "-C", repo, "again"], { home, env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(developer(-1)).toEqual([INSTRUCTIONS]);
    // With the same id in every request of the session (a UUID v5, as upstream's), resumed or not.
    expect(firstId).toMatch(/^msg_[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(instructionsId(-1)).toBe(firstId);

    // A session recorded with other instructions (say, by upstream) is resumed with those.
    const recorded = "Recorded instructions of this session.";
    writeFileSync(
      file as string,
      readFileSync(file as string, "utf8").replace(JSON.stringify(INSTRUCTIONS), JSON.stringify(recorded)),
    );
    const again = await runCli(["exec", "resume", meta.id, "-C", repo, "once more"], { home, env });
    expect(again.code, again.stderr).toBe(0);
    expect(developer(-1)).toEqual([recorded]);
  });

  it("a configured effort the model does not take is not sent, and the user is told once", async () => {
    const r = await catModelSays('model_reasoning_effort = "xhigh"\n');
    expect(r.code).toBe(0);
    expect(
      r.stderr.match(/does not take reasoning effort "xhigh" \(the model catalog lists low, high\); it is not sent/g),
    ).toHaveLength(1);
    const body = server.requests("cat-model").at(-1)?.body as Body;
    expect(body.reasoning?.effort).toBe("low");
  });

  it("config's window and base_instructions win over the catalog", async () => {
    const r = await catModelSays('model_context_window = 9000\nbase_instructions = "mine"\n');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("context window: 9,000 tokens (config)");
    const body = server.requests("cat-model").at(-1)?.body as Body;
    expect(body.instructions).toBe("mine");
    expect(JSON.stringify(body.input)).not.toContain(INSTRUCTIONS);
  });

  it("a model the catalog does not list runs as without a catalog; a broken catalog file is one clear line", async () => {
    server.setScript("other-model", [{ text: "ok" }]);
    const home = homeWith("other-model");
    const r = await runCli(["exec", "-C", makeRepo(), "hello"], { home, env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("context window: 130,000 tokens (baseline)");
    expect(r.stderr).not.toContain("(catalog)");
    const body = server.requests("other-model").at(-1)?.body as Body;
    expect(body.instructions).toMatch(/^You are codex-litellm/);
    expect(body.parallel_tool_calls).toBe(false);
    writeFileSync(path.join(home, "catalog.json"), '{"data": []}');
    const bad = await runCli(["exec", "-C", makeRepo(), "hello"], { home, env });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain(
      `model_catalog_json = ${path.join(home, "catalog.json")}: expected a Codex model catalog, {"models": [...]}`,
    );
  });

  it("the proxy's answers are cached in CODEX_HOME: a second start does not ask /model/info again", async () => {
    server.setScript("cached-model", [{ text: "ok" }, { text: "ok" }]);
    const home = tempHome(
      `model = "cached-model"\nmodel_provider = "litellm"\n[model_providers.litellm]\nbase_url = "${server.url}"\nenv_key = "LITELLM_API_KEY"\n`,
    );
    const asked = () =>
      server
        .requests()
        .filter(
          (q) => /\/model(_group)?\/info$/.test(q.path) && (q.query.model ?? q.query.model_group) === "cached-model",
        ).length;
    expect((await runCli(["exec", "-C", makeRepo(), "one"], { home, env })).code).toBe(0);
    const first = asked();
    expect(first).toBeGreaterThan(0);
    const cache = JSON.parse(readFileSync(path.join(home, "litellm_models_cache.json"), "utf8"));
    expect(Object.keys(cache.proxies)).toEqual([server.url]);
    expect((await runCli(["exec", "-C", makeRepo(), "two"], { home, env })).code).toBe(0);
    expect(asked()).toBe(first);
  });
});
