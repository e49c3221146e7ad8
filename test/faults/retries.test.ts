// Classes 1, 2 and 4: rate limits, server errors (with LiteLLM's upstream-error bodies) and idle
// streams, through the built CLI. Each ends either in a completed turn or in one clear line,
// exit 1, and a rollout / usage log that are whole up to the fault.
import { describe, expect, it } from "vitest";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { errorLine, onDisk, retryLines, unansweredTurnOnDisk, usageLog, useFaultExec } from "./support.js";

const fake = useFaultExec();
const execWith = (prefix: string, steps: FakeStep[], flags: string[] = []) => fake.exec(prefix, steps, { flags });

const retries = (n: number) => ["-c", `model_providers.litellm.request_max_retries=${n}`];

/** A failed turn left a whole rollout: its user message, no model output, no half line. */
function failedTurnOnDisk(codexHome: string) {
  const { logs } = unansweredTurnOnDisk(codexHome);
  // The debug log recorded the failure; every telemetry line parses.
  const debug = [...logs.entries()].find(([name]) => name.endsWith(".log"))?.[1] ?? [];
  expect(debug.some((l) => l.event === "turn.failed")).toBe(true);
  // The failed turn has its usage line: no request was served, so nothing was charged.
  expect(usageLog(codexHome)).toMatchObject([
    { status: "failed", requests: 0, total_tokens: 0, cost_usd: 0, request_usage: [] },
  ]);
}

describe("1. HTTP 429", () => {
  it("waits for Retry-After, then succeeds", async () => {
    const { model, codexHome, r } = await execWith("rl-ok", [
      { fault: { status: 429, headers: { "retry-after": "1" }, error: { message: "Rate limit reached, slow down" } } },
      { text: "after the wait" },
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("after the wait\n");
    const [first, second] = fake.requests(model);
    expect((second?.time ?? 0) - (first?.time ?? 0)).toBeGreaterThanOrEqual(950);
    expect(retryLines(r.stderr)).toHaveLength(1);
    expect(retryLines(r.stderr)[0]).toContain("rate limited by the LiteLLM proxy");
    expect(retryLines(r.stderr)[0]).toContain("waiting 1 s as the proxy asked");
    const disk = onDisk(codexHome);
    expect(disk.messages("agent_message")).toEqual(["after the wait"]);
    expect(usageLog(codexHome)).toMatchObject([{ model, requests: 1 }]);
  });

  it("a budget refusal on 429 (older LiteLLM proxies) is explained in one line and not retried", async () => {
    const { model, r } = await execWith("rl-budget", [
      {
        fault: {
          status: 429,
          headers: { "retry-after": "1" },
          error: { type: "budget_exceeded", message: "Budget has been exceeded! Current cost: 25.5, Max budget: 25.0" },
        },
      },
      { text: "never" },
    ]);
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(
      /^budget exhausted: spent \$25\.50 of \$25\.00 at the LiteLLM proxy .* \(HTTP 429\); ask the proxy's admin/,
    );
    expect(retryLines(r.stderr)).toEqual([]);
    expect(fake.requests(model)).toHaveLength(1);
  });

  it("honours LiteLLM's llm_provider-retry-after header too", async () => {
    const { model, r } = await execWith("rl-llm", [
      { fault: { status: 429, headers: { "llm_provider-retry-after": "1" } } },
      { text: "ok" },
    ]);
    expect(r.code).toBe(0);
    const [first, second] = fake.requests(model);
    expect((second?.time ?? 0) - (first?.time ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it("retries exhausted: one clear line with the count, exit 1", async () => {
    const { model, codexHome, r } = await execWith(
      "rl-fail",
      [
        {
          fault: {
            status: 429,
            headers: { "retry-after": "0" },
            error: {
              message: "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for requests",
            },
          },
          repeat: 10,
        },
      ],
      retries(2),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const line = errorLine(r.stderr);
    expect(line).toMatch(
      new RegExp(
        `^rate limited by the LiteLLM proxy at ${fake.server.url.replace(/[./]/g, "\\$&")} \\(HTTP 429\\): litellm\\.RateLimitError: .* \\(gave up after 2 retries\\)$`,
      ),
    );
    expect(retryLines(r.stderr)).toHaveLength(2);
    expect(fake.requests(model)).toHaveLength(3);
    failedTurnOnDisk(codexHome);
  });
});

describe("2. 5xx and LiteLLM's upstream-error bodies", () => {
  const bodies = [
    [500, "litellm.InternalServerError: InternalServerError: OpenAIException - Error code: 500 - upstream exploded"],
    [502, "litellm.BadGatewayError: OpenAIException - Bad gateway"],
    [
      503,
      "litellm.ServiceUnavailableError: ServiceUnavailableError: OpenAIException - The server is overloaded or not ready yet.\nReceived Model Group=fake\nAvailable Model Group Fallbacks=None",
    ],
    [504, "litellm.Timeout: APITimeoutError - Request timed out. \nerror_str: Request timed out."],
  ] as const;

  it.each(bodies)("HTTP %i is retried exactly request_max_retries times, then one line", async (status, message) => {
    const { model, codexHome, r } = await execWith(
      `s${status}`,
      [{ fault: { status, error: { message, code: String(status) } }, repeat: 10 }],
      [...retries(2), "-c", "model_providers.litellm.stream_max_retries=0"],
    );
    expect(r.code).toBe(1);
    const line = errorLine(r.stderr);
    expect(line).toContain(`the LiteLLM proxy at ${fake.server.url} failed (HTTP ${status}): `);
    expect(line).toContain(message.split("\n")[0]?.trim());
    expect(line).toMatch(/\(gave up after 2 retries\)$/);
    expect(retryLines(r.stderr)).toHaveLength(2);
    expect(fake.requests(model)).toHaveLength(3);
    failedTurnOnDisk(codexHome);
  });

  it.each(["responses", "chat"] as const)(
    "a server error inside the stream (%s wire) is retried per stream_max_retries, then one line",
    async (wire) => {
      const message =
        "litellm.InternalServerError: OpenAIException - upstream died\nReceived Model Group=x\nAvailable Model Group Fallbacks=None";
      const { model, codexHome, r } = await fake.exec(
        `instream-${wire}`,
        [{ fault: { failed: { code: "server_error", message } }, repeat: 5 }],
        { flags: ["-c", "model_providers.litellm.stream_max_retries=1"], wire },
      );
      expect(r.code).toBe(1);
      expect(errorLine(r.stderr)).toBe(
        "litellm.InternalServerError: OpenAIException - upstream died Received Model Group=x Available Model Group Fallbacks=None (gave up after 1 retry)",
      );
      expect(fake.requests(model, wire)).toHaveLength(2);
      failedTurnOnDisk(codexHome);
    },
  );

  it("request_max_retries=0 means one request and no retry", async () => {
    const { model, r } = await execWith("s0", [{ fault: { status: 500 } }, { text: "never" }], retries(0));
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).not.toContain("gave up");
    expect(retryLines(r.stderr)).toEqual([]);
    expect(fake.requests(model)).toHaveLength(1);
  });

  it("a transient 5xx is retried and the turn completes", async () => {
    const { codexHome, r } = await execWith(
      "s-ok",
      [{ fault: { status: 503 } }, { fault: { status: 500 } }, { text: "recovered" }],
      retries(2),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("recovered\n");
    expect(retryLines(r.stderr)).toHaveLength(2);
    expect(onDisk(codexHome).messages("agent_message")).toEqual(["recovered"]);
  });

  it("a 4xx is not retried", async () => {
    const { model, r } = await execWith(
      "s400",
      [
        {
          fault: {
            status: 400,
            error: { message: "litellm.BadRequestError: OpenAIException - Unsupported parameter: 'foo'" },
          },
          repeat: 3,
        },
      ],
      retries(3),
    );
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(
      /rejected the request \(HTTP 400\): litellm\.BadRequestError: .*Unsupported parameter/,
    );
    expect(fake.requests(model)).toHaveLength(1);
  });

  it("a bad -c value for the retry count is one line, exit 2, nothing sent", async () => {
    const { model, r } = await execWith("s-bad", [], retries(-1));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "codex-litellm: -c model_providers.litellm.request_max_retries=-1: model_providers.litellm.request_max_retries: expected a number >= 0, got -1\n",
    );
    expect(fake.server.requests(model)).toEqual([]);
  });
});

describe("4. idle stream past stream_idle_timeout_ms", () => {
  const idle = [
    "-c",
    "model_providers.litellm.stream_idle_timeout_ms=300",
    "-c",
    "model_providers.litellm.stream_max_retries=1",
    ...retries(1),
  ];

  it("a stream that stalls mid-answer times out, is retried, then one line naming the setting", async () => {
    const started = Date.now();
    const { model, codexHome, r } = await execWith(
      "idle",
      [{ text: "this answer stalls", fault: { stallAfterEvents: 3 }, repeat: 5 }],
      idle,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.code).toBe(1);
    const line = errorLine(r.stderr);
    expect(line).toBe(
      `the stream from ${fake.server.url} went idle: no data from the model for 300 ms (stream_idle_timeout_ms = 300) (gave up after 1 retry)`,
    );
    expect(fake.requests(model)).toHaveLength(2);
    failedTurnOnDisk(codexHome);
  });

  it("a proxy that never sends headers times out the same way", async () => {
    const { codexHome, r } = await execWith("idle-hdr", [{ fault: { status: 500, delayMs: 5000 }, repeat: 5 }], idle);
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toBe(
      `the LiteLLM proxy at ${fake.server.url} did not answer within 300 ms (stream_idle_timeout_ms = 300) (gave up after 1 retry)`,
    );
    failedTurnOnDisk(codexHome);
  });

  it("one stall, then a whole answer: the turn completes with a single answer on disk", async () => {
    const { codexHome, r } = await execWith(
      "idle-ok",
      [{ text: "stalls", fault: { stallAfterEvents: 4 } }, { text: "whole answer" }],
      idle,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("whole answer\n");
    const disk = onDisk(codexHome);
    expect(disk.messages("agent_message")).toEqual(["whole answer"]);
    expect(disk.answers).toHaveLength(1);
  });
});
