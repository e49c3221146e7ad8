// Regression tests of issue 29 (item 7) through the built CLI and the scripted fake model server:
// - a long key (64–200 characters) printed by a command is [REDACTED] whole wherever it goes,
//   also when the output is cut (truncation to `max_output_tokens`, the capture's caps) or split
//   across reads: the cut used to leave pieces of it in clear;
// - a stream that breaks after it reported its usage and cost: the failed turn is charged that cost;
// - NODE_TLS_REJECT_UNAUTHORIZED=0 does not make an untrusted certificate acceptable: the key is
//   never sent to such a server.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { makeCa, startTlsTerminator, type TestCa, type TlsTerminator } from "../support/tls-endpoint.js";
import { filesUnder, home, modelName, repo, usageLog, useFakeServer } from "../faults/support.js";

/** A key of `length` characters, as LiteLLM virtual keys and JWTs can be (no two windows alike). */
function longKey(length: number): string {
  let key = "sk-";
  for (let i = 0; key.length < length; i++) key += ((i * 7919) % 36).toString(36) + (i % 10);
  return key.slice(0, length);
}

/** Every `size`-character piece of `key`: none may be found anywhere. */
const pieces = (key: string, size = 16) =>
  Array.from({ length: key.length - size + 1 }, (_, i) => key.slice(i, i + size));

describe.each([64, 200])("a %i-character key", (length) => {
  const KEY = longKey(length);
  const fake = useFakeServer({ apiKey: KEY });

  it("printed whole, cut by truncation and split across reads: only [REDACTED] reaches the model, the rollout, the logs and the terminal", async () => {
    const dir = repo();
    writeFileSync(path.join(dir, "key.txt"), `${KEY}\n`);
    const model = modelName("long-key");
    const codexHome = home(fake.server.url, model, `model_catalog_json = "catalog.json"`);
    const entry = { slug: model, context_window: 100_000, shell_type: "unified_exec" };
    writeFileSync(path.join(codexHome, "catalog.json"), JSON.stringify({ models: [entry] }));
    const exec = (cmd: string, maxOutputTokens?: number) => ({
      function_call: {
        name: "exec_command",
        arguments: { cmd, ...(maxOutputTokens !== undefined && { max_output_tokens: maxOutputTokens }) },
      },
    });
    fake.server.setScript(model, [
      exec("cat key.txt"),
      // 30 tokens keep the first and last 60 bytes: both inside the key.
      exec("cat key.txt", 30),
      // The key straddles the 64 KiB boundary of a pipe read.
      exec("head -c 65500 /dev/zero | tr '\\0' x; cat key.txt; head -c 70000 /dev/zero | tr '\\0' y"),
      { text: `The key is ${KEY}, keep it safe.` },
    ]);
    const out = path.join(dir, "..", "answer.txt");
    const r = await runCli(["exec", "-s", "danger-full-access", "-o", out, "-C", dir, "print the key"], {
      home: codexHome,
      env: { LITELLM_API_KEY: KEY },
      timeoutMs: 90_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const sent = JSON.stringify(fake.server.requests(model).map((q) => q.body));
    expect(sent).toContain("[REDACTED]");
    expect(readFileSync(out, "utf8")).toBe("The key is [REDACTED], keep it safe.");
    const written = filesUnder(codexHome).filter((f) => !["config.toml", "catalog.json"].includes(path.basename(f)));
    expect(written.some((f) => f.includes(`${path.sep}sessions${path.sep}`))).toBe(true);
    const texts: [string, string][] = [
      ["model requests", sent],
      ["stdout", r.stdout],
      ["stderr", r.stderr],
      ...written.map((f): [string, string] => [f, readFileSync(f, "utf8")]),
    ];
    for (const [where, text] of texts)
      for (const piece of pieces(KEY)) expect(text.includes(piece), `${where} holds ${piece}`).toBe(false);
  });
});

describe("a stream that breaks after reporting usage with a cost", () => {
  const KEY = "sk-broken-stream-0123456789";
  const fake = useFakeServer({ apiKey: KEY });

  it("the failed turn's cost_usd includes what the proxy charged for it", async () => {
    const model = modelName("broken-cost");
    const codexHome = home(
      fake.server.url,
      model,
      "",
      `wire_api = "chat"\nrequest_max_retries = 0\nstream_max_retries = 0\nstream_idle_timeout_ms = 1500\n`,
    );
    // Chat wire: role, "o", "k", finish, usage (with its cost), then nothing: no [DONE] before the idle timeout.
    fake.server.setScript(model, [
      { text: "ok", usage: { input_tokens: 1200, output_tokens: 30, cost: 0.004321 }, fault: { stallAfterEvents: 5 } },
    ]);
    const r = await runCli(["exec", "-C", repo(), "hi"], { home: codexHome, env: { LITELLM_API_KEY: KEY } });
    expect(r.code).toBe(1);
    const turns = usageLog(codexHome).filter((l) => l.kind === "turn" || l.type === "turn" || "cost_usd" in l);
    const turn = turns.find((l) => l.status === "failed");
    expect(turn, JSON.stringify(turns)).toBeDefined();
    expect(turn?.cost_usd).toBeCloseTo(0.004321, 9);
  });
});

describe("NODE_TLS_REJECT_UNAUTHORIZED=0", () => {
  const KEY = "sk-never-sent-to-an-untrusted-server-42";
  const fake = useFakeServer({ apiKey: KEY });
  let ca: TestCa;
  let tls: TlsTerminator;
  beforeAll(async () => {
    ca = makeCa("Untrusted Test CA");
    tls = await startTlsTerminator(ca.issue("server", "IP:127.0.0.1,DNS:localhost"), new URL(fake.server.url));
  });
  afterAll(async () => {
    await tls.close();
    ca.remove();
  });

  it("a certificate no trusted CA signed is still refused; the key is never sent", async () => {
    const model = modelName("tls-untrusted");
    fake.server.setScript(model, [{ text: "should never be answered" }]);
    const codexHome = home(`${tls.origin}/v1`, model);
    const r = await runCli(["exec", "-C", repo(), "hi"], {
      home: codexHome,
      env: { LITELLM_API_KEY: KEY, NODE_TLS_REJECT_UNAUTHORIZED: "0" },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the certificate of 127.0.0.1:${tls.port} was rejected`);
    expect(tls.heads()).toEqual([]); // no request (and so no key) went through the TLS connection
    expect(fake.server.requests(model)).toEqual([]);
  });
});
