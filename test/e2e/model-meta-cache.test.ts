// The proxy's model catalog kept in CODEX_HOME/litellm_models_cache.json (keyed by base URL),
// through the built CLI against the fake server serving a catalog: a fresh answer on disk means no
// catalog request at all; a stale one is used at once (the proxy's new answer is held until the
// model request has arrived) and refreshed in the background, so the next run has the new answer;
// a damaged cache file is asked for again without a word.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODEL_META_CACHE_FILE, MODEL_META_FRESH_MS } from "../../src/gateway/model-meta-cache.js";
import { startFakeModelServer, type FakeModelServer, type RecordedRequest } from "../fixtures/fake-model-server.js";
import { ENV, KEY, cleanupAll, home, modelName, repo } from "../faults/support.js";
import { runCli } from "../support/cli.js";

let server: FakeModelServer;
/** Called with every model request (Responses wire) the fake receives. */
let onModelRequest = () => {};
beforeAll(async () => {
  server = await startFakeModelServer({
    apiKey: KEY,
    onRequest: (r) => {
      if (r.wire === "responses") onModelRequest();
    },
  });
});
afterAll(async () => {
  await server.close();
  cleanupAll();
});

const catalogWith = (model: string, window: number) => ({ models: [{ slug: model, context_window: window }] });
const isCatalogRequest = (r: RecordedRequest) => r.wire === "models" && r.query.client_version !== undefined;
const cacheFile = (codexHome: string) => path.join(codexHome, MODEL_META_CACHE_FILE);
const readCache = (codexHome: string) =>
  JSON.parse(readFileSync(cacheFile(codexHome), "utf8")) as {
    proxies: Record<string, Record<string, { at: number; value: { models: { context_window: number }[] } | null }>>;
  };

/** One exec run: its output and the requests the fake received meanwhile, in order. */
async function exec(codexHome: string, model: string) {
  server.setScript(model, [{ text: "ok" }]);
  const before = server.requests().length;
  const r = await runCli(["exec", "-C", repo(), "hello"], { home: codexHome, env: ENV });
  expect(r.code, r.stderr).toBe(0);
  const requests = server.requests().slice(before);
  return { ...r, requests, catalogAsked: requests.filter(isCatalogRequest).length };
}

describe("the model meta cache in CODEX_HOME", () => {
  it("a fresh cache: the second run sends no catalog request and uses the cached window", async () => {
    const model = modelName("fresh");
    server.setCatalog(catalogWith(model, 4_000));
    const codexHome = home(server.url, model);
    const first = await exec(codexHome, model);
    expect(first.requests.findIndex(isCatalogRequest)).toBeLessThan(
      first.requests.findIndex((r) => r.wire === "responses"),
    );
    expect(readCache(codexHome).proxies[server.url]?.catalog?.value?.models[0]?.context_window).toBe(4_000);

    const second = await exec(codexHome, model);
    expect(second.catalogAsked).toBe(0);
    expect(second.stderr).toContain("context window: 4,000 tokens (catalog)");
  });

  it("a stale cache is used at once and refreshed in the background: the next run has the proxy's new answer", async () => {
    const model = modelName("stale");
    server.setCatalog(catalogWith(model, 4_000));
    const codexHome = home(server.url, model);
    await exec(codexHome, model);
    // Age every stored answer past the freshness limit (relative to when it was written).
    const aged = readCache(codexHome);
    for (const entries of Object.values(aged.proxies))
      for (const stored of Object.values(entries)) stored.at -= MODEL_META_FRESH_MS + 1;
    writeFileSync(cacheFile(codexHome), JSON.stringify(aged));

    // The proxy's new answer comes only once the model request has arrived: a run that waited
    // for it before its first model request would never finish.
    let release = () => {};
    const modelRequested = new Promise<void>((resolve) => (release = resolve));
    onModelRequest = release;
    server.setCatalog(async () => {
      await modelRequested;
      return catalogWith(model, 6_000);
    });
    try {
      const stale = await exec(codexHome, model);
      expect(stale.stderr).toContain("context window: 4,000 tokens (catalog)");
      expect(stale.catalogAsked).toBe(1);
    } finally {
      onModelRequest = () => {};
    }
    expect(readCache(codexHome).proxies[server.url]?.catalog?.value?.models[0]?.context_window).toBe(6_000);

    const next = await exec(codexHome, model);
    expect(next.stderr).toContain("context window: 6,000 tokens (catalog)");
    expect(next.catalogAsked).toBe(0);
  });

  it.each([
    ["not JSON", () => "{ this is not json"],
    [
      "entries of the wrong shape",
      (url: string) =>
        JSON.stringify({
          version: 1,
          proxies: { [url]: { catalog: { at: Date.now(), value: { models: "none" } }, "model_info:x": 5 } },
        }),
    ],
  ])("a damaged cache file (%s) is ignored without an error, asked again and rewritten", async (_, damaged) => {
    const model = modelName("damaged");
    server.setCatalog(catalogWith(model, 4_000));
    const codexHome = home(server.url, model);
    writeFileSync(cacheFile(codexHome), damaged(server.url));
    const r = await exec(codexHome, model);
    expect(r.catalogAsked).toBe(1);
    expect(r.stderr).toContain("context window: 4,000 tokens (catalog)");
    expect(r.stderr).not.toMatch(/error|warning|cache/i);
    expect(readCache(codexHome).proxies[server.url]?.catalog?.value?.models[0]?.context_window).toBe(4_000);
  });
});
