// Faults through the real LiteLLM proxy (classes 1, 2, 3, 6, 7): what LiteLLM turns an upstream
// failure into, and a proxy killed mid-turn and restarted on the same port.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer, type FakeStep } from "../fixtures/fake-model-server.js";
import { runCli } from "../support/cli.js";
import { freePort, startLiteLLMProxy, type LiteLLMProxy } from "../support/litellm-proxy.js";
import { uniqueModel, useLiteLLM } from "../support/litellm.js";
import {
  cleanupAll,
  errorLine,
  events,
  filesUnder,
  home,
  noStackTrace,
  repo,
  responseItems,
  retryLines,
  rollout,
  startCli,
  telemetryFiles,
  usageLog,
  waitFor,
} from "./support.js";
import { readFileSync } from "node:fs";

const ll = useLiteLLM();
afterAll(cleanupAll);

/** A home for the shared proxy; the master key is the user's key. */
function sharedHome(model: string, wire: "responses" | "chat" = "responses") {
  return home(ll.openaiBaseUrl, model, "context_length = 100000", `wire_api = "${wire}"\n`);
}
const env = () => ({ LITELLM_API_KEY: ll.masterKey });

function noKeyAnywhere(codexHome: string, outputs: string[]) {
  for (const o of outputs) expect(o).not.toContain(ll.masterKey);
  for (const file of filesUnder(codexHome).filter((f) => path.basename(f) !== "config.toml"))
    expect(readFileSync(file, "utf8"), file).not.toContain(ll.masterKey);
}

describe.skipIf(!ll.available)("faults through the real LiteLLM proxy", () => {
  async function run(
    prefix: string,
    steps: FakeStep[],
    flags: string[] = [],
    wire: "responses" | "chat" = "responses",
  ) {
    const model = uniqueModel(prefix);
    await ll.fake.setScript(model, steps);
    const codexHome = sharedHome(model, wire);
    const r = await runCli(["exec", ...flags, "-C", repo(), "hello"], {
      home: codexHome,
      env: env(),
      timeoutMs: 60_000,
    });
    const upstream = (await ll.fake.requests(model)).filter((q) => q.wire === "responses" || q.wire === "chat");
    return { model, codexHome, r, upstream };
  }

  it("1. an upstream 429 with Retry-After: LiteLLM passes the wait on, we wait, the turn completes", async () => {
    const { codexHome, r, upstream } = await run("ll-429", [
      {
        fault: { status: 429, headers: { "retry-after": "1" }, error: { message: "Rate limit reached, retry later" } },
      },
      { text: "after waiting" },
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("after waiting\n");
    expect(retryLines(r.stderr)).toHaveLength(1);
    expect((upstream[1]?.time ?? 0) - (upstream[0]?.time ?? 0)).toBeGreaterThanOrEqual(950);
    expect(events(rollout(codexHome), "agent_message").map((e) => e.message)).toEqual(["after waiting"]);
    noKeyAnywhere(codexHome, [r.stdout, r.stderr]);
  });

  it.each(["responses", "chat"] as const)(
    "2. upstream 5xx: LiteLLM's error body, retried once (LiteLLM retries on its own, request_max_retries is no multiplier), then one line (%s)",
    async (wire) => {
      const { codexHome, r, upstream } = await run(
        "ll-5xx",
        [{ fault: { status: 503, error: { message: "upstream overloaded" } }, repeat: 10 }],
        ["-c", "model_providers.litellm.request_max_retries=2"],
        wire,
      );
      expect(r.code).toBe(1);
      const line = errorLine(r.stderr);
      expect(line).toMatch(
        new RegExp(
          `^the LiteLLM proxy at ${ll.openaiBaseUrl.replace(/[./]/g, "\\$&")} failed \\(HTTP 5\\d\\d\\): litellm\\.\\w+: .*upstream overloaded.* \\(the proxy retries on its own; gave up after 1 retry\\)$`,
        ),
      );
      expect(upstream).toHaveLength(2);
      const records = rollout(codexHome);
      expect(responseItems(records).filter((i) => i.role === "assistant")).toEqual([]);
      telemetryFiles(path.join(codexHome, "logs"));
      noKeyAnywhere(codexHome, [r.stdout, r.stderr]);
    },
  );

  it("6. ContextWindowExceededError from LiteLLM: compaction, retry, completion", async () => {
    const overflow: FakeStep = {
      fault: { status: 400, error: { code: "context_length_exceeded", type: "invalid_request_error" } },
    };
    const { codexHome, r, upstream } = await run("ll-cw", [overflow, { text: "the summary" }, { text: "fits now" }]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("fits now\n");
    expect(r.stderr).toContain("context window is full; compacting the conversation and retrying");
    expect(upstream).toHaveLength(3);
    const records = rollout(codexHome);
    expect(records.filter((rec) => rec.type === "compacted")).toHaveLength(1);
    expect(usageLog(codexHome)).toHaveLength(1);
  });

  it("7. a key the proxy does not accept: one line naming LITELLM_API_KEY, never the key", async () => {
    const model = uniqueModel("ll-auth");
    const codexHome = sharedHome(model);
    const wrong = "sk-not-the-master-key-9876";
    const r = await runCli(["exec", "-C", repo(), "hello"], {
      home: codexHome,
      env: { LITELLM_API_KEY: wrong },
      timeoutMs: 30_000,
    });
    expect(r.code).toBe(1);
    // A DB-less proxy (as here) answers 400 "No connected db." for any key but its master key.
    expect(errorLine(r.stderr)).toMatch(/^the LiteLLM proxy at \S+ could not accept the key in LITELLM_API_KEY: /);
    expect(r.stdout + r.stderr).not.toContain(wrong);
    for (const file of filesUnder(codexHome)) expect(readFileSync(file, "utf8")).not.toContain(wrong);
  });
});

describe.skipIf(!ll.available)("3. the proxy is killed mid-turn", () => {
  let upstream: FakeModelServer;
  let proxy: LiteLLMProxy | undefined;
  let port: number;
  beforeAll(async () => {
    upstream = await startFakeModelServer();
    port = await freePort();
    proxy = await startLiteLLMProxy({ upstreamUrl: upstream.url, port });
  }, 120_000);
  afterAll(async () => {
    await proxy?.stop();
    await upstream.close();
  });

  const base = () => `http://127.0.0.1:${port}/v1`;
  /** Kills the proxy outright (SIGKILL to its process group: no graceful end of open streams). */
  async function killProxy(): Promise<void> {
    if (!proxy) return;
    try {
      process.kill(-proxy.pid, "SIGKILL");
    } catch {
      // already gone
    }
    await proxy.stop();
    proxy = undefined;
  }
  const MODEL = "fake-native-1"; // Responses streamed natively end to end, so a kill cuts a live stream
  const SLOW: FakeStep = {
    text: "a slow answer that will be cut off by the proxy going away ".repeat(3),
    fault: { delayMs: 150 },
  };

  /** Starts `exec` with these retry limits, waits until its answer is streaming, then kills the proxy. */
  async function execCutByProxyKill(
    codexHome: string,
    retries: { request: number; stream: number },
    timeoutMs: number,
  ) {
    const flags = [
      "-c",
      `model_providers.litellm.request_max_retries=${retries.request}`,
      "-c",
      `model_providers.litellm.stream_max_retries=${retries.stream}`,
    ];
    const exec = startCli(["exec", ...flags, "-C", repo(), "hello"], {
      home: codexHome,
      env: { LITELLM_API_KEY: proxy?.masterKey ?? "" },
      timeoutMs,
    });
    // A few of the answer's deltas are out (one per 150 ms): the kill cuts a live stream.
    await waitFor(
      "the answer to be streaming",
      () => (upstream.requests(MODEL)[0]?.eventsSent ?? 0) >= 8 && exec.stderr().includes("session id:"),
      30_000,
    );
    await killProxy();
    return exec;
  }

  it("…and restarted on the same port: the stream retry resumes the turn; the rollout holds one whole answer", async () => {
    upstream.reset(MODEL);
    upstream.setScript(MODEL, [SLOW, { text: "the whole answer, after the restart" }]);
    const codexHome = home(base(), MODEL, "context_length = 100000");
    // Enough request retries (exponential backoff) to outlast a proxy start-up.
    const exec = await execCutByProxyKill(codexHome, { request: 9, stream: 3 }, 110_000);
    proxy = await startLiteLLMProxy({ upstreamUrl: upstream.url, port });
    const { code } = await exec.done;
    noStackTrace(exec.stderr());
    expect(code, exec.stderr()).toBe(0);
    expect(exec.stdout()).toBe("the whole answer, after the restart\n");
    expect(retryLines(exec.stderr()).length).toBeGreaterThanOrEqual(1);
    const records = rollout(codexHome);
    expect(events(records, "agent_message").map((e) => e.message)).toEqual(["the whole answer, after the restart"]);
    expect(responseItems(records).filter((i) => i.role === "assistant")).toHaveLength(1);
    expect(usageLog(codexHome)).toHaveLength(1);
    telemetryFiles(path.join(codexHome, "logs"));
  }, 120_000);

  it("…and not restarted: one line naming the URL after the retries; nothing half on disk", async () => {
    upstream.reset(MODEL);
    upstream.setScript(MODEL, [SLOW, { text: "never" }]);
    const codexHome = home(base(), MODEL, "context_length = 100000");
    const exec = await execCutByProxyKill(codexHome, { request: 2, stream: 2 }, 60_000);
    const { code } = await exec.done;
    expect(code).toBe(1);
    expect(errorLine(exec.stderr())).toBe(
      `cannot reach the LiteLLM proxy at ${base()}: connection refused (is the proxy running?) (gave up after 2 retries)`,
    );
    const records = rollout(codexHome);
    expect(events(records, "agent_message")).toEqual([]);
    expect(responseItems(records).filter((i) => i.role === "assistant")).toEqual([]);
    telemetryFiles(path.join(codexHome, "logs"));
  }, 90_000);
});
