// Stream parse overhead: a 5 MB streamed answer read through the gateway (SSE parsing,
// JSON decoding, typed events) versus reading the same response bytes raw.
import { writeFileSync } from "node:fs";
import { startFakeModelServer } from "../test/fixtures/fake-model-server.js";
import { Gateway } from "../src/gateway/client.js";
import { userMessage } from "../src/gateway/items.js";
import type { ProviderConfig } from "../src/config/providers.js";

const SIZE = 5 * 1024 * 1024;
const RUNS = 7;
const text = "lorem ipsum dolor sit amet, ".repeat(Math.ceil(SIZE / 28)).slice(0, SIZE);
const server = await startFakeModelServer({
  script: [{ text, usage: { input_tokens: 10, output_tokens: 1_300_000 }, repeat: 1000 }],
});
const provider: ProviderConfig = {
  id: "bench",
  name: "bench",
  base_url: server.url,
  wire_api: "responses",
  query_params: {},
  http_headers: {},
  env_http_headers: {},
  request_max_retries: 0,
  stream_max_retries: 0,
  stream_idle_timeout_ms: 60_000,
};
const body = {
  model: "fake-model",
  instructions: "",
  input: [userMessage("go")],
  tools: [],
  tool_choice: "auto",
  stream: true,
  store: false,
};

async function raw(): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${server.url}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  if (bytes < SIZE) throw new Error(`short read: ${bytes} bytes`);
  return performance.now() - t0;
}

async function parsed(): Promise<number> {
  const gateway = new Gateway(provider, { env: {} });
  const t0 = performance.now();
  let chars = 0;
  for await (const e of gateway.stream({
    model: "fake-model",
    instructions: "",
    input: [userMessage("go")],
    tools: [],
    sessionId: "bench",
  })) {
    if (e.type === "text_delta") chars += e.delta.length;
  }
  if (chars !== SIZE) throw new Error(`got ${chars} chars`);
  return performance.now() - t0;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
await raw();
await parsed(); // warm-up
const rawTimes: number[] = [];
const parsedTimes: number[] = [];
for (let i = 0; i < RUNS; i++) {
  rawTimes.push(await raw());
  parsedTimes.push(await parsed());
}
await server.close();
const result = {
  bench: "stream-parse",
  answer_bytes: SIZE,
  runs: RUNS,
  raw_ms_median: Math.round(median(rawTimes)),
  gateway_ms_median: Math.round(median(parsedTimes)),
  ratio: Number((median(parsedTimes) / median(rawTimes)).toFixed(2)),
  node: process.version,
};
console.log(JSON.stringify(result));
writeFileSync(".cache/bench/stream-parse.json", `${JSON.stringify(result, null, 2)}\n`);
