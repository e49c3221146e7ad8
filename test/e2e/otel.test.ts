// OpenTelemetry export through the built CLI into a real OpenTelemetry Collector (built from the
// collector's own Go modules, see test/support/otel-collector.ts): a session of two exec turns,
// the first with a shell call, arrives as logs, metrics and traces whose token and cost sums
// equal the usage log's, over otlp-http (binary and json) and otlp-grpc. With CI=true or
// REQUIRE_OTEL=1 a missing Go or a failed collector build fails these tests.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, type TestContext } from "vitest";
import { ENV, KEY, home, jsonlLines, modelName, repo, useFakeServer, waitFor } from "../faults/support.js";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { baseEnv, CLI, runCli } from "../support/cli.js";
import { freePort } from "../support/litellm-proxy.js";
import { hasTmux, TmuxTerminal } from "../support/tmux.js";
import { makeCa, startTlsTerminator } from "../support/tls-endpoint.js";
import {
  attrs,
  plain,
  useCollector,
  type Collector,
  type DataPoint,
  type LogRecord,
} from "../support/otel-collector.js";

const fake = useFakeServer();
const collector = useCollector();
const needCollector = (ctx: TestContext): Collector => collector.need(ctx);

/** Waits until `ready` holds for what the collector has received (it writes every 50 ms). */
const until = <T>(what: string, read: () => T, ready: (value: T) => boolean) =>
  waitFor(
    what,
    () => {
      const value = read();
      return ready(value) && { value };
    },
    15_000,
  ).then((found) => found.value);

const PROMPTS = ["list the files please", "and now say bye"];

/** Two exec turns (a shell call in the first) of one session, exported to `otelToml`'s collector. */
async function runSession(otelToml: string) {
  const model = modelName("otel");
  const usage = (input: number, cached: number, output: number, cost: number) => ({
    input_tokens: input,
    cached_tokens: cached,
    output_tokens: output,
    reasoning_tokens: 3,
    cost,
  });
  const callIds = [`call-a-${model}`, `call-b-${model}`, `call-c-${model}`];
  fake.server.setScript(model, [
    {
      shell: ["bash", "-lc", "echo listing; ls"],
      usage: usage(1200, 200, 40, 0.0031),
      fault: { headers: { "x-litellm-call-id": callIds[0] as string } },
    },
    {
      text: "two files",
      usage: usage(1500, 1000, 25, 0.0012),
      fault: { headers: { "x-litellm-call-id": callIds[1] as string } },
    },
    {
      text: "bye",
      usage: usage(1700, 1400, 5, 0.0007),
      fault: { headers: { "x-litellm-call-id": callIds[2] as string } },
    },
  ]);
  const dir = repo();
  const codexHome = home(fake.server.url, model, otelToml);
  const runs = [];
  for (const args of [
    ["exec", "--full-auto", "-C", dir, PROMPTS[0] as string],
    ["exec", "resume", "--last", "--full-auto", "-C", dir, PROMPTS[1] as string],
  ]) {
    const r = await runCli(args, { home: codexHome, env: ENV, timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain("otel:");
    runs.push(r);
  }
  const lines = jsonlLines(path.join(codexHome, "logs", "codex-litellm-session.jsonl"));
  expect(lines).toHaveLength(2);
  return { model, lines, callIds, runs, sessionId: lines[0]?.session_id as string };
}

/** The `codex.tool_decision` records among `logs`, in order. */
const decisions = (logs: LogRecord[]) =>
  logs
    .filter((l) => l.eventName === "codex.tool_decision")
    .map((l) => attrs(l.attributes))
    .map((a) => ({ tool: a.tool_name, decision: a.decision, source: a.source }));

/** The tool decisions the collector got from a session whose CODEX_HOME is `codexHome`, once there are `count`. */
async function collectedDecisions(c: Collector, codexHome: string, count: number) {
  const sessionId = jsonlLines(path.join(codexHome, "logs", "codex-litellm-session.jsonl"))[0]?.session_id;
  return until(
    "the tool decisions",
    () => decisions(c.logs().filter((l) => attrs(l.attributes)["conversation.id"] === sessionId)),
    (ds) => ds.length >= count,
  );
}

const sum = (values: unknown[]) => values.reduce<number>((a, v) => a + Number(v), 0);

/** Everything the collector got from one session, checked against its usage log. */
async function expectSessionExported(
  c: Collector,
  s: Awaited<ReturnType<typeof runSession>>,
  temporality: "cumulative" | "delta",
) {
  const { model, lines, sessionId, callIds } = s;
  const ofSession = (a: Record<string, unknown>) => a["conversation.id"] === sessionId;

  // Logs: upstream's events with its common attributes, and our usage record, whole.
  const logs = await until(
    "the usage logs",
    () => c.logs().filter((l) => ofSession(attrs(l.attributes))),
    (ls) => ls.filter((l) => l.eventName === "codex_litellm.turn_usage").length === 2,
  );
  const names = logs.map((l) => l.eventName);
  for (const name of [
    "codex.conversation_starts",
    "codex.user_prompt",
    "codex.api_request",
    "codex.sse_event",
    "codex.tool_decision",
    "codex.tool_result",
  ])
    expect(names, name).toContain(name);
  const common = attrs(logs[0]?.attributes);
  expect(common).toMatchObject({
    "conversation.id": sessionId,
    model,
    "provider.base_url": `${fake.server.url}`,
    environment: "staging",
  });
  expect(common["app.version"]).toMatch(/^\d+\.\d+\.\d+/);
  const usageLogs = logs.filter((l) => l.eventName === "codex_litellm.turn_usage");
  expect(usageLogs.map((l) => plain(l.body))).toEqual(lines);
  // --full-auto: the shell call ran without asking, as configured.
  expect(decisions(logs)).toEqual([{ tool: "exec_command", decision: "approved", source: "config" }]);
  const toolResult = attrs(logs.find((l) => l.eventName === "codex.tool_result")?.attributes);
  expect(toolResult).toMatchObject({ tool_name: "exec_command", success: "true" });
  expect(String(toolResult.output)).toContain("listing");
  const sse = logs.filter((l) => l.eventName === "codex.sse_event").map((l) => attrs(l.attributes));
  expect(sum(sse.map((a) => a.input_token_count))).toBe(sum(lines.map((l) => l.prompt_tokens)));

  // Traces: a span per turn, with a child per model request (its LiteLLM call id) and per tool call.
  const spans = await until(
    "the spans",
    () => c.spans().filter((sp) => (sp.name === "codex.turn" ? ofSession(attrs(sp.attributes)) : true)),
    (ss) => ss.filter((sp) => sp.name === "codex.turn").length === 2,
  );
  const turns = spans.filter((sp) => sp.name === "codex.turn");
  const children = spans.filter((sp) => turns.some((t) => t.spanId === sp.parentSpanId && t.traceId === sp.traceId));
  const requests = children.filter((sp) => sp.name === `chat ${model}`);
  expect(requests.map((sp) => attrs(sp.attributes)["litellm.call_id"])).toEqual(callIds);
  expect(sum(requests.map((sp) => attrs(sp.attributes)["gen_ai.usage.input_tokens"]))).toBe(
    sum(lines.map((l) => l.prompt_tokens)),
  );
  expect(sum(requests.map((sp) => attrs(sp.attributes)["gen_ai.usage.output_tokens"]))).toBe(
    sum(lines.map((l) => l.completion_tokens)),
  );
  expect(sum(requests.map((sp) => attrs(sp.attributes)["codex_litellm.cost_usd"]))).toBeCloseTo(
    sum(lines.map((l) => l.cost_usd)),
    10,
  );
  const tools = children.filter((sp) => sp.name === "execute_tool exec_command");
  expect(tools).toHaveLength(1);
  expect(attrs(tools[0]?.attributes)).toMatchObject({ "gen_ai.tool.name": "exec_command", "codex.tool.success": true });
  expect(turns.map((t) => attrs(t.attributes)["codex_litellm.cost_usd"])).toEqual(lines.map((l) => l.cost_usd));

  // Metrics: GenAI token usage by type and model, operation duration, cost in USD by model.
  const points = (name: string) =>
    c
      .metrics()
      .filter((m) => m.name === name)
      .flatMap((m) => (m.histogram ?? m.sum)?.dataPoints ?? [])
      .filter((p) => attrs(p.attributes)["gen_ai.request.model"] === model);
  const tokens = await until(
    "the token metrics",
    () => points("gen_ai.client.token.usage"),
    (ps) => ps.length >= 4,
  );
  const total = (ps: DataPoint[], type: string) =>
    sum(ps.filter((p) => attrs(p.attributes)["gen_ai.token.type"] === type).map((p) => p.sum));
  expect(total(tokens, "input")).toBe(sum(lines.map((l) => l.prompt_tokens)));
  expect(total(tokens, "output")).toBe(sum(lines.map((l) => l.completion_tokens)));
  expect(sum(points("codex_litellm.cost").map((p) => p.asDouble))).toBeCloseTo(sum(lines.map((l) => l.cost_usd)), 10);
  expect(sum(points("gen_ai.client.operation.duration").map((p) => p.count))).toBe(3);
  const expected = temporality === "delta" ? 1 : 2;
  const ofModel = c
    .metrics()
    .filter((m) =>
      (m.histogram ?? m.sum)?.dataPoints.some((p) => attrs(p.attributes)["gen_ai.request.model"] === model),
    );
  expect(new Set(ofModel.map((m) => m.name))).toEqual(
    new Set(["gen_ai.client.token.usage", "gen_ai.client.operation.duration", "codex_litellm.cost"]),
  );
  for (const m of ofModel) expect((m.histogram ?? m.sum)?.aggregationTemporality, m.name).toBe(expected);

  // The user's prompt stays out unless log_user_prompt = true; the key never goes.
  const everything = JSON.stringify(c.documents());
  expect(everything).not.toContain(KEY);
  return { logs, everything };
}

const otel = (exporter: string, extra = "") => `[otel]\nenvironment = "staging"\nexporter = ${exporter}\n${extra}`;

describe("OpenTelemetry export into a real collector", () => {
  it("otlp-http binary: logs, metrics and traces add up to the usage log; the prompt is redacted", async (ctx) => {
    const c = needCollector(ctx);
    const s = await runSession(
      otel(
        `{ otlp-http = { endpoint = "${c.httpUrl}/v1/logs", protocol = "binary", headers = { "x-otlp-team" = "blue" } } }`,
      ),
    );
    const { logs, everything } = await expectSessionExported(c, s, "cumulative");
    expect(logs.filter((l) => l.eventName === "codex.user_prompt").map((l) => attrs(l.attributes).prompt)).toEqual([
      "[REDACTED]",
      "[REDACTED]",
    ]);
    for (const prompt of PROMPTS) expect(everything).not.toContain(prompt);
  }, 90_000);

  it("a unified-exec command is named by its tool, exec_command, in the tool log and span", async (ctx) => {
    const c = needCollector(ctx);
    const model = modelName("otel-uexec");
    fake.server.setScript(model, [
      { function_call: { name: "exec_command", arguments: { cmd: "echo from-exec-command" } } },
      { text: "done" },
    ]);
    const codexHome = home(
      fake.server.url,
      model,
      `model_catalog_json = "catalog.json"\n${otel(`{ otlp-http = { endpoint = "${c.httpUrl}", protocol = "json" } }`)}`,
    );
    writeFileSync(
      path.join(codexHome, "catalog.json"),
      JSON.stringify({ models: [{ slug: model, context_window: 100_000, shell_type: "unified_exec" }] }),
    );
    const r = await runCli(["exec", "--full-auto", "-C", repo(), "run it"], { home: codexHome, env: ENV });
    expect(r.code, r.stderr).toBe(0);
    const result = await until(
      "the tool result log",
      () =>
        c
          .logs()
          .filter((l) => l.eventName === "codex.tool_result")
          .map((l) => attrs(l.attributes))
          .find((a) => String(a.output).includes("from-exec-command")),
      (found) => found !== undefined,
    );
    expect(result).toMatchObject({ tool_name: "exec_command", success: "true" });
    await until(
      "the tool span",
      () => c.spans().filter((sp) => sp.name === "execute_tool exec_command"),
      (spans) => spans.length > 0,
    );
  }, 90_000);

  it("otlp-http json with delta temporality and log_user_prompt = true: the prompts are sent", async (ctx) => {
    const c = needCollector(ctx);
    const s = await runSession(
      otel(
        `{ otlp-http = { endpoint = "${c.httpUrl}", protocol = "json" } }`,
        'log_user_prompt = true\n[telemetry.otel]\nmetrics_temporality = "delta"\n',
      ),
    );
    const { logs } = await expectSessionExported(c, s, "delta");
    expect(logs.filter((l) => l.eventName === "codex.user_prompt").map((l) => attrs(l.attributes).prompt)).toEqual(
      PROMPTS,
    );
  }, 90_000);

  it("otlp-grpc, with traces and metrics sent by their own exporter keys", async (ctx) => {
    const c = needCollector(ctx);
    const grpc = `{ otlp-grpc = { endpoint = "${c.grpcUrl}" } }`;
    const s = await runSession(
      otel(grpc, `trace_exporter = ${grpc}\nmetrics_exporter = ${grpc}\nspan_attributes = { team = "blue" }\n`),
    );
    await expectSessionExported(c, s, "cumulative");
    const turns = c
      .spans()
      .filter((sp) => sp.name === "codex.turn" && attrs(sp.attributes)["conversation.id"] === s.sessionId);
    expect(turns.map((t) => attrs(t.attributes).team)).toEqual(["blue", "blue"]);
  }, 90_000);

  it("otlp-http over TLS: tls.ca-certificate is trusted and the configured headers are sent; without it, one warning", async (ctx) => {
    const c = needCollector(ctx);
    const ca = makeCa("codex-litellm otel test CA");
    const endpoint = await startTlsTerminator(ca.issue("127.0.0.1", "IP:127.0.0.1"), new URL(c.httpUrl));
    try {
      const run = async (tls: string) => {
        const model = modelName("otel-tls");
        fake.server.setScript(model, [{ text: "ok", usage: { input_tokens: 100, output_tokens: 5, cost: 0.0001 } }]);
        const codexHome = home(
          fake.server.url,
          model,
          otel(
            `{ otlp-http = { endpoint = "${endpoint.origin}", protocol = "binary", headers = { "x-otlp-team" = "blue" }${tls} } }`,
          ),
        );
        const r = await runCli(["exec", "--skip-git-repo-check", "hi"], {
          home: codexHome,
          env: ENV,
          timeoutMs: 30_000,
        });
        expect(r.code, r.stderr).toBe(0);
        return { r, sessionId: jsonlLines(path.join(codexHome, "logs", "codex-litellm-session.jsonl"))[0]?.session_id };
      };
      const trusted = await run(`, tls = { ca-certificate = "${ca.caFile}" }`);
      expect(trusted.r.stderr).not.toContain("otel:");
      await until(
        "the logs over TLS",
        () => c.logs().filter((l) => attrs(l.attributes)["conversation.id"] === trusted.sessionId),
        (ls) => ls.some((l) => l.eventName === "codex_litellm.turn_usage"),
      );
      const heads = endpoint.heads().filter((h) => h.startsWith("POST /v1/"));
      expect(heads.map((h) => h.split(" ")[1]).sort()).toEqual(["/v1/logs", "/v1/metrics", "/v1/traces"]);
      for (const head of heads) expect(head.toLowerCase()).toContain("x-otlp-team: blue");

      const untrusted = await run("");
      expect(untrusted.r.stderr.split("\n").filter((l) => l.startsWith("otel:"))).toHaveLength(1);
    } finally {
      await endpoint.close();
      ca.remove();
    }
  }, 90_000);

  it("an unreachable collector costs one warning line, never a failed turn, and does not hold the exit", async () => {
    const model = modelName("otel-down");
    fake.server.setScript(model, [{ text: "fine" }]);
    const closed = `http://127.0.0.1:${await freePort()}`;
    const codexHome = home(
      fake.server.url,
      model,
      otel(`{ otlp-http = { endpoint = "${closed}", protocol = "binary" } }`),
    );
    const t0 = Date.now();
    const r = await runCli(["exec", "--skip-git-repo-check", "hello"], {
      home: codexHome,
      env: ENV,
      timeoutMs: 30_000,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("fine");
    const warnings = r.stderr.split("\n").filter((l) => l.startsWith("otel:"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(closed);
    expect(Date.now() - t0).toBeLessThan(15_000);
  }, 60_000);

  it("a collector that accepts and never answers holds the exit no longer than flush_timeout_ms, with one warning", async () => {
    const held: net.Socket[] = [];
    const silent = net.createServer((socket) => void held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const endpoint = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    try {
      const model = modelName("otel-silent");
      fake.server.setScript(model, [{ text: "fine" }]);
      const codexHome = home(
        fake.server.url,
        model,
        otel(
          `{ otlp-http = { endpoint = "${endpoint}", protocol = "json" } }`,
          "[telemetry.otel]\nflush_timeout_ms = 500\n",
        ),
      );
      const t0 = Date.now();
      const r = await runCli(["exec", "--skip-git-repo-check", "hello"], {
        home: codexHome,
        env: ENV,
        timeoutMs: 30_000,
      });
      const wall = Date.now() - t0;
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain("fine");
      const warnings = r.stderr.split("\n").filter((l) => l.startsWith("otel:"));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(endpoint);
      expect(wall).toBeLessThan(10_000);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  }, 60_000);
});

describe("codex.tool_decision says who decided (upstream's `source`)", () => {
  /** One exec turn under `toml`'s approval settings, exported to the collector; its decisions. */
  async function execDecisions(c: Collector, toml: string, script: FakeStep[], count: number) {
    const model = modelName("otel-decision");
    fake.server.setScript(model, [...script, { text: "done" }]);
    const dir = repo();
    const codexHome = home(
      fake.server.url,
      model,
      `${toml}\n${otel(`{ otlp-http = { endpoint = "${c.httpUrl}", protocol = "json" } }`)}`,
    );
    const r = await runCli(["exec", "-C", dir, "go"], { home: codexHome, env: ENV, timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    return { dir, decided: await collectedDecisions(c, codexHome, count) };
  }

  it("exec under `never`: a command runs and a patch outside the workspace is refused, both by the configuration", async (ctx) => {
    const c = needCollector(ctx);
    const outside = `outside-${process.pid}.txt`;
    const { dir, decided } = await execDecisions(
      c,
      'approval_policy = "never"\nsandbox_mode = "workspace-write"',
      [
        { shell: ["echo", "hi"] },
        // A patch through the shell (no apply_patch tool without a catalog entry naming one) is intercepted.
        {
          shell: [
            "bash",
            "-lc",
            `apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: ../${outside}\n+x\n*** End Patch\nEOF\n`,
          ],
        },
      ],
      2,
    );
    expect(decided[0]).toMatchObject({ decision: "approved", source: "config" });
    expect(decided[1]).toEqual({ tool: "exec_command", decision: "denied", source: "config" });
    expect(existsSync(path.join(path.dirname(dir), outside))).toBe(false);
  }, 90_000);
});

describe.skipIf(!hasTmux)("codex.tool_decision in the interactive UI (tmux)", () => {
  it("a command run by rule is `config`; one the person approves or declines at the prompt is `user`", async (ctx) => {
    const c = needCollector(ctx);
    const model = modelName("otel-ui");
    fake.server.setScript(model, [
      { shell: [["ls"], ["touch", "approved.txt"], ["touch", "declined.txt"]] },
      { text: "all done" },
    ]);
    const dir = repo();
    const codexHome = home(
      fake.server.url,
      model,
      `approval_policy = "untrusted"\nsandbox_mode = "danger-full-access"\n${otel(`{ otlp-http = { endpoint = "${c.httpUrl}", protocol = "json" } }`)}`,
    );
    const term = new TmuxTerminal([], { ...baseEnv(codexHome), ...ENV }, { cwd: dir });
    try {
      await term.waitFor("Ask anything");
      await term.send("make files", "$ touch approved.txt");
      await term.key("y", "$ touch declined.txt");
      await term.key("n", "all done");
      await term.send("/quit", /\[exit 0\]/);
    } finally {
      term.kill();
    }
    expect(await collectedDecisions(c, codexHome, 3)).toEqual([
      { tool: "exec_command", decision: "approved", source: "config" },
      { tool: "exec_command", decision: "approved", source: "user" },
      { tool: "exec_command", decision: "denied", source: "user" },
    ]);
  }, 90_000);
});

describe("export off: nothing of OpenTelemetry is loaded", () => {
  /**
   * The files of dist/ an exec run loads. exec loads the CommonJS form of each chunk it needs
   * (dist/cjs/, src/cli/commonjs-chunks.ts) and, in a new cache folder, stores each one's compiled
   * code as NAME.v8: the folder lists them.
   */
  async function loadedBundleFiles(otelToml: string): Promise<string[]> {
    const cache = mkdtempSync(path.join(os.tmpdir(), "cl-loaded-"));
    const model = modelName("otel-lazy");
    fake.server.setScript(model, [{ text: "ok" }]);
    const r = await runCli(["exec", "--skip-git-repo-check", "hi"], {
      home: home(fake.server.url, model, otelToml),
      env: { ...ENV, CODEX_LITELLM_CODE_CACHE: cache },
    });
    expect(r.code, r.stderr).toBe(0);
    return readdirSync(cache).flatMap((build) =>
      readdirSync(path.join(cache, build)).map((f) => path.join(path.dirname(CLI), "cjs", f.replace(/\.v8$/, ".cjs"))),
    );
  }
  const otelCode = (files: string[]) =>
    files.filter((f) => readFileSync(f, "utf8").includes("node_modules/@opentelemetry/"));

  it("exec without [otel] loads no chunk holding OpenTelemetry code; with an exporter it does", async () => {
    const off = await loadedBundleFiles("");
    expect(off.some((f) => /\/cjs\/main-\w+\.cjs$/.test(f))).toBe(true);
    expect(otelCode(off)).toEqual([]);
    const on = await loadedBundleFiles(
      `[otel]\nexporter = { otlp-http = { endpoint = "http://127.0.0.1:${await freePort()}", protocol = "binary" } }\n`,
    );
    expect(otelCode(on).length).toBeGreaterThan(0);
  }, 60_000);
});

describe("[otel] config errors", () => {
  it("a malformed exporter is one line naming the key and what is expected", async () => {
    const codexHome = home(
      "http://127.0.0.1:9",
      "m",
      `[otel]\nexporter = { otlp-http = { endpoint = "localhost:4318" } }\n`,
    );
    const r = await runCli(["exec", "--skip-git-repo-check", "hi"], { home: codexHome, env: ENV });
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("otel.exporter");
    expect(r.stderr).toContain("otlp-http");
  });
});
