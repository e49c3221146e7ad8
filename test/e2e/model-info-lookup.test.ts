// How a session asks the proxy about its model, without Python: LiteLLM's per-model
// `/model_group/info` (a kilobyte, where `/model/info` behind a wildcard route is the whole cost
// map), `/model/info` on a proxy without that route, and a lookup that fails is said, not
// silently turned into another window and no cache breakpoints. Through the real proxy:
// src/gateway/gateway.litellm.test.ts and e2e/prompt-cache.litellm.test.ts.
import { describe, expect, it } from "vitest";
import { ENV, home, modelName, repo, useFakeServer } from "../faults/support.js";
import { runCli } from "../support/cli.js";
import type { FakeModelServer } from "../fixtures/fake-model-server.js";

const current = useFakeServer();
const older = useFakeServer({ modelGroupInfo: false });

/** The model-info requests a run made for `model`, by path. */
const lookups = (server: FakeModelServer, model: string) =>
  server
    .requests()
    .filter((q) => q.query.model === model || q.query.model_group === model)
    .map((q) => q.path);

async function execWith(server: FakeModelServer, model: string) {
  server.setScript(model, [{ text: "ok" }]);
  return runCli(["exec", "-C", repo(), "hi"], { home: home(server.url, model), env: ENV });
}

describe("what the proxy knows about the session's model", () => {
  it("is asked for that model alone through /model_group/info; its window and provider come from there", async () => {
    const model = modelName("group-info");
    current.server.setModelInfo(model, { max_input_tokens: 60_000, litellm_provider: "anthropic" });
    const r = await execWith(current.server, model);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("context window: 60,000 tokens (model_info)\n");
    expect(lookups(current.server, model)).toEqual(["/model_group/info"]);
    // Anthropic caches only at breakpoints: the request carries them.
    expect(JSON.stringify(current.server.requests(model).at(-1)?.body)).toContain('"cache_control"');
  });

  it("on a proxy without /model_group/info, /model/info answers the same", async () => {
    const model = modelName("legacy-info");
    older.server.setModelInfo(model, { max_input_tokens: 70_000 });
    const r = await execWith(older.server, model);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("context window: 70,000 tokens (model_info)\n");
    expect(lookups(older.server, model)).toEqual(["/model_group/info", "/model/info"]);
  });

  it("a lookup that fails is said once, with what the session falls back to", async () => {
    const model = modelName("failed-info");
    current.server.setModelInfo(model, { http_status: 503 });
    const r = await execWith(current.server, model);
    expect(r.code, r.stderr).toBe(0);
    const notice = r.stderr.split("\n").filter((l) => l.includes("model info for"));
    expect(notice).toEqual([
      expect.stringContaining(
        `the proxy's model info for ${model} did not arrive (HTTP 503: fake server: model info for ${model} failed): the context window is the 130,000-token baseline and prompts carry no cache breakpoints; set model_context_window or prompt_cache in config.toml`,
      ),
    ]);
  });

  it("a model the proxy does not know is no failure: nothing is said", async () => {
    const model = modelName("unknown-info");
    current.server.setModelInfo(modelName("someone-else"), { max_input_tokens: 1000 });
    const r = await execWith(current.server, model);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain("model info for");
    expect(r.stderr).toContain("context window: 130,000 tokens (baseline)\n");
  });
});
