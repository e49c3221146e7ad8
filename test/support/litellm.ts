// Helpers for *.litellm.test.ts files: the shared real LiteLLM proxy and its fake upstream.
//
//   const ll = useLiteLLM();
//   describe.skipIf(!ll.available)("…", () => {
//     it("…", async () => {
//       const model = uniqueModel("text");          // any name reaches the fake via "*"
//       await ll.fake.setScript(model, [{ text: "hi" }]);
//       const client = new OpenAI({ baseURL: ll.openaiBaseUrl, apiKey: ll.masterKey });
//       …
//     });
//   });
//
// Model names through the proxy (routes in test/support/litellm-proxy.ts):
//   uniqueModel(prefix)  "*" route, per-test script. Chat streams natively; Responses streams
//                        are synthesised by LiteLLM from a non-streamed upstream call.
//   nativeModel()        fake-native-<worker>: Responses streamed natively end to end (needed
//                        for mid-stream faults). One per vitest worker: set its script first.
//   "fake-model", "fake-reasoning"  explicit entries with model_info (window, prices).
//   "fake-priced-gateway", "fake-priced-telemetry", "fake-priced-acp"  fake-model's model_info, each scripted by
//                        one test file only (see PRICED_MODELS).
//   "fake-bridge"        Responses requests bridged by LiteLLM to the upstream's chat wire.

import { inject } from "vitest";
import { UPSTREAM_CODEX_VERSION } from "../../src/version.js";
import { FakeServerControl } from "../fixtures/fake-model-server.js";
import { NATIVE_SLOTS } from "./litellm-proxy.js";

export interface LiteLLMInfo {
  /** False when python3 / the install / the proxy is unavailable (tests should skip). */
  available: boolean;
  reason?: string;
  /** http://127.0.0.1:PORT of the proxy (append /v1 for OpenAI clients). */
  proxyUrl: string;
  masterKey: string;
  /** http://127.0.0.1:PORT of the fake upstream (control API). */
  fakeControlUrl: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    litellm: LiteLLMInfo;
  }
}

export interface LiteLLMHandle extends LiteLLMInfo {
  /** proxyUrl + "/v1". */
  openaiBaseUrl: string;
  fake: FakeServerControl;
}

export function useLiteLLM(): LiteLLMHandle {
  const info = inject("litellm") ?? {
    available: false,
    reason: "litellm globalSetup did not run",
    proxyUrl: "",
    masterKey: "",
    fakeControlUrl: "",
  };
  return {
    ...info,
    openaiBaseUrl: info.proxyUrl ? `${info.proxyUrl}/v1` : "",
    fake: new FakeServerControl(info.fakeControlUrl || "http://127.0.0.1:9"),
  };
}

let counter = 0;
/** A model name no other test (or worker) uses: `<prefix>-<pid>-<n>-<random>`. */
export function uniqueModel(prefix = "m"): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The explicit entry reserved for this vitest worker; native Responses streaming via the proxy. */
export function nativeModel(): string {
  const id = Number(process.env.VITEST_POOL_ID ?? "1");
  const slot = Number.isInteger(id) && id >= 1 ? ((id - 1) % NATIVE_SLOTS) + 1 : 1;
  return `fake-native-${slot}`;
}

/** The proxy's Codex model catalog, as it answers `GET /v1/models?client_version=<the Codex release we follow>`. */
export async function proxyCatalogText(ll: LiteLLMHandle): Promise<string> {
  const res = await fetch(`${ll.openaiBaseUrl}/models?client_version=${UPSTREAM_CODEX_VERSION}`, {
    headers: { authorization: `Bearer ${ll.masterKey}` },
  });
  if (!res.ok) throw new Error(`the proxy's catalog: HTTP ${res.status}`);
  return res.text();
}
