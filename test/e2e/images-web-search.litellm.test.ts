// Images and web search through a real LiteLLM proxy (a small one of this file's own, in front of
// the shared fake upstream), as the backend receives them:
// - a view_image result on the Chat wire reaches an OpenAI-style chat backend as a user message
//   with the image (LiteLLM moves it out of the tool message) and an Anthropic backend as an image
//   block of the tool_result; on the Responses wire, bridged to a chat backend, the same;
// - the web_search tool reaches a Responses backend as sent, a bridged chat backend as
//   web_search_options, an Anthropic backend as its web search tool; web_search_options on the
//   Chat wire reach the backend; a web_search_call the backend returns is exec --json's web_search item.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempHome } from "../support/cli.js";
import { startLiteLLMProxy, UPSTREAM_API_KEY, type LiteLLMProxy } from "../support/litellm-proxy.js";
import { useLiteLLM } from "../support/litellm.js";
import { makeRepo } from "./exec-scenario.js";

const ll = useLiteLLM();
const PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const PNG_URL = `data:image/png;base64,${PNG_B64}`;

/** Names the upstream sees, this file's alone (scripts are per model name on the shared fake). */
const tag = `${process.pid}`;
const OPENAI = `imgweb-openai-${tag}`;
const BRIDGE = `imgweb-bridge-${tag}`;
const NATIVE = `imgweb-native-${tag}`;
const CLAUDE = `claude-imgweb-${tag}`;

let proxy: LiteLLMProxy | undefined;
beforeAll(async () => {
  if (!ll.available) return;
  const upstream = `${ll.fakeControlUrl}/v1`;
  const params = (model: string, extra: Record<string, unknown> = {}) => ({
    model,
    api_base: upstream,
    api_key: UPSTREAM_API_KEY,
    ...extra,
  });
  const info = { mode: "chat", supports_function_calling: true, supports_vision: true, max_input_tokens: 100000 };
  proxy = await startLiteLLMProxy({
    upstreamUrl: upstream,
    modelList: [
      { model_name: "img-openai", litellm_params: params(`openai/${OPENAI}`), model_info: info },
      {
        model_name: "img-bridge",
        litellm_params: params(`openai/${BRIDGE}`, { use_chat_completions_api: true }),
        model_info: info,
      },
      { model_name: "img-native", litellm_params: params(`openai/${NATIVE}`), model_info: info },
      {
        model_name: "img-claude",
        litellm_params: params(`anthropic/${CLAUDE}`, { api_base: ll.fakeControlUrl }),
        model_info: info,
      },
    ],
  });
}, 240_000);
afterAll(async () => {
  await proxy?.stop();
});

type Json = Record<string, unknown>;

async function exec(model: string, wire: "responses" | "chat", prompt: string, toml = "") {
  const repo = makeRepo();
  writeFileSync(path.join(repo, "shot.png"), Buffer.from(PNG_B64, "base64"));
  const home = tempHome(
    `model = "${model}"\n${toml}\n[model_providers.litellm]\nbase_url = "${proxy?.baseUrl}/v1"\nwire_api = "${wire}"\n`,
  );
  return runCli(["exec", "--json", "-C", repo, prompt], {
    home,
    env: { LITELLM_API_KEY: proxy?.masterKey ?? "" },
    timeoutMs: 90_000,
  });
}

const VIEW = [{ function_call: { name: "view_image", arguments: { path: "shot.png" } } }, { text: "One pixel." }];
/** The bodies the upstream received for `name`. */
const received = async (name: string) => (await ll.fake.requests(name)).map((r) => r.body as Json);

describe.skipIf(!ll.available)("view_image through LiteLLM", () => {
  it("Chat wire, OpenAI-style backend: the image arrives as a user message after the tool message", async () => {
    await ll.fake.setScript(OPENAI, VIEW);
    const r = await exec("img-openai", "chat", "what is in shot.png?");
    expect(r.code, r.stderr + (proxy?.logTail() ?? "")).toBe(0);
    const messages = ((await received(OPENAI))[1]?.messages ?? []) as Json[];
    const tool = messages.findIndex((m) => m.role === "tool");
    expect(tool).toBeGreaterThan(0);
    expect(messages[tool + 1]?.role).toBe("user");
    expect(messages[tool + 1]?.content).toContainEqual({
      type: "image_url",
      image_url: expect.objectContaining({ url: PNG_URL }),
    });
  });

  it("Chat wire, Anthropic backend: the image is a block of the tool_result", async () => {
    await ll.fake.setScript(CLAUDE, VIEW);
    const r = await exec("img-claude", "chat", "what is in shot.png?");
    expect(r.code, r.stderr + (proxy?.logTail() ?? "")).toBe(0);
    const messages = ((await received(CLAUDE))[1]?.messages ?? []) as Json[];
    const results = messages.flatMap((m) => (Array.isArray(m.content) ? (m.content as Json[]) : []));
    const result = results.find((b) => b.type === "tool_result");
    // (with the prompt-cache breakpoint our requests put on the conversation's last part)
    expect(result?.content).toEqual([
      expect.objectContaining({ type: "image", source: { type: "base64", media_type: "image/png", data: PNG_B64 } }),
    ]);
  });

  it("Responses wire bridged to a chat backend: the image arrives as a user message with it", async () => {
    await ll.fake.setScript(BRIDGE, VIEW);
    const r = await exec("img-bridge", "responses", "what is in shot.png?");
    expect(r.code, r.stderr + (proxy?.logTail() ?? "")).toBe(0);
    const second = (await received(BRIDGE))[1];
    const parts = ((second?.messages ?? []) as Json[]).flatMap((m) =>
      m.role === "user" && Array.isArray(m.content) ? (m.content as Json[]) : [],
    );
    expect(parts).toContainEqual({ type: "image_url", image_url: expect.objectContaining({ url: PNG_URL }) });
  });
});

describe.skipIf(!ll.available)("web_search through LiteLLM", () => {
  it("Responses backend: the tool as sent; a web_search_call it returns is exec --json's web_search item", async () => {
    await ll.fake.setScript(NATIVE, [
      { output: [{ type: "web_search", query: "litellm web search" }], text: "Found it." },
    ]);
    const r = await exec("img-native", "responses", "search it", 'web_search = "live"');
    expect(r.code, r.stderr + (proxy?.logTail() ?? "")).toBe(0);
    const tools = ((await received(NATIVE))[0]?.tools ?? []) as Json[];
    expect(tools).toContainEqual({ type: "web_search", external_web_access: true });
    const items = r.stdout
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Json)
      .map((e) => e.item as Json | undefined);
    expect(items).toContainEqual({
      id: expect.any(String),
      type: "web_search",
      query: "litellm web search",
      action: { type: "search", query: "litellm web search" },
    });
  });

  it("Responses wire bridged to a chat backend: web_search_options", async () => {
    await ll.fake.setScript(BRIDGE, [{ text: "ok" }]);
    const r = await exec("img-bridge", "responses", "hi", '[tools.web_search]\ncontext_size = "low"');
    expect(r.code, r.stderr + (proxy?.logTail() ?? "")).toBe(0);
    expect((await received(BRIDGE)).at(-1)?.web_search_options).toEqual(
      expect.objectContaining({ search_context_size: "low" }),
    );
  });

  it("Chat wire: web_search_options reach an OpenAI-style backend, an Anthropic backend gets its web search tool", async () => {
    const toml = 'web_search = "live"\n[tools.web_search]\ncontext_size = "medium"';
    await ll.fake.setScript(OPENAI, [{ text: "ok" }]);
    const r = await exec("img-openai", "chat", "hi", toml);
    expect(r.code, r.stderr + (proxy?.logTail() ?? "")).toBe(0);
    expect((await received(OPENAI)).at(-1)?.web_search_options).toEqual({ search_context_size: "medium" });

    await ll.fake.setScript(CLAUDE, [{ text: "ok" }]);
    const r2 = await exec("img-claude", "chat", "hi", toml);
    expect(r2.code, r2.stderr + (proxy?.logTail() ?? "")).toBe(0);
    const tools = ((await received(CLAUDE)).at(-1)?.tools ?? []) as Json[];
    expect(tools).toContainEqual(expect.objectContaining({ type: "web_search_20250305", name: "web_search" }));
  });
});
