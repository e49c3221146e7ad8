// Telemetry as a user sees it, through the real LiteLLM proxy: three turns of one session
// write three usage lines with the spec's fields; the debug log is announced and written;
// --no-telemetry writes nothing; telemetry.dir moves everything.
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { scratchDir } from "../support/scratch.js";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, tempHome } from "../support/cli.js";
import { uniqueModel, useLiteLLM } from "../support/litellm.js";
import { makeRepo } from "./exec-scenario.js";
import { USAGE_SPEC_FIELDS } from "./usage-scenario.js";

const ll = useLiteLLM();
const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

const EXTRA_FIELDS = [
  "cached_tokens",
  "cache_write_tokens",
  "cost_usd",
  "turn",
  "requests",
  "latency_ms",
  "litellm_call_id",
  "status",
  "kind",
  "request_usage",
];

function setup(model: string) {
  const repo = makeRepo();
  cleanup.push(path.dirname(repo));
  const home = tempHome(
    `model = "${model}"\nmodel_reasoning_effort = "high"\n[model_providers.litellm]\nbase_url = "${ll.openaiBaseUrl}"\n`,
  );
  return { repo, home, env: { LITELLM_API_KEY: ll.masterKey } };
}

describe.skipIf(!ll.available)("telemetry through the real LiteLLM proxy", () => {
  it("a 3-turn session writes 3 usage lines with the spec's fields and the fake server's numbers", async () => {
    const model = uniqueModel("telemetry");
    const { repo, home, env } = setup(model);
    await ll.fake.setScript(model, [
      {
        shell: ["bash", "-lc", "true"],
        usage: { input_tokens: 1000, cached_tokens: 200, output_tokens: 30, reasoning_tokens: 10 },
      },
      {
        text: "turn one done",
        usage: { input_tokens: 1100, cached_tokens: 300, output_tokens: 40, reasoning_tokens: 5 },
      },
      {
        text: "turn two done",
        usage: { input_tokens: 1300, cached_tokens: 1000, output_tokens: 20, reasoning_tokens: 0 },
      },
      { text: "turn three done", usage: { input_tokens: 1400, output_tokens: 25 } },
    ]);
    const first = await runCli(["exec", "--full-auto", "-C", repo, "one"], { home, env, timeoutMs: 60_000 });
    expect(first.code).toBe(0);
    const debugLog = /^telemetry: recording debug events to (\S+)$/m.exec(first.stderr)?.[1] as string;
    expect(debugLog).toMatch(new RegExp(`^${path.join(home, "logs").replace(/[.]/g, "\\.")}/\\d{8}-\\d{6}\\.log$`));
    const debugEvents = readFileSync(debugLog, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(debugEvents.map((e) => e.event)).toEqual(
      expect.arrayContaining(["session.configured", "turn.started", "command.end", "turn.usage", "turn.completed"]),
    );
    for (const prompt of ["two", "three"])
      expect(
        (await runCli(["exec", "resume", "--last", "-C", repo, prompt], { home, env, timeoutMs: 60_000 })).code,
      ).toBe(0);

    const lines = readFileSync(path.join(home, "logs", "codex-litellm-session.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual([...USAGE_SPEC_FIELDS, ...EXTRA_FIELDS]);
      expect(line.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(line.model).toBe(model);
      expect(line.reasoning_effort).toBe("high");
      expect(line.latency_ms).toBeGreaterThan(0);
      expect(line.litellm_call_id).toMatch(/.+/);
    }
    expect(new Set(lines.map((l) => l.session_id)).size).toBe(1);
    expect(lines[0].session_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    // Turn 1 made two requests: its numbers are the sums.
    expect(
      lines.map((l) => [
        l.turn,
        l.requests,
        l.prompt_tokens,
        l.completion_tokens,
        l.reasoning_tokens,
        l.total_tokens,
        l.cached_tokens,
      ]),
    ).toEqual([
      [1, 2, 2100, 70, 15, 2170, 500],
      [2, 1, 1300, 20, 0, 1320, 1000],
      [3, 1, 1400, 25, 0, 1425, 0],
    ]);
    // A wildcard model has no prices at the proxy: cost stays unknown rather than invented.
    expect(lines.map((l) => l.cost_usd)).toEqual([null, null, null]);
  });

  it("records the cost of a priced model", async () => {
    const model = "fake-priced-telemetry"; // priced like fake-model; no other test file scripts it
    const { repo, home, env } = setup(model);
    await ll.fake.setScript(model, [{ text: "priced", usage: { input_tokens: 2000, output_tokens: 500 } }]);
    expect((await runCli(["exec", "-C", repo, "go"], { home, env, timeoutMs: 60_000 })).code).toBe(0);
    const [line] = readFileSync(path.join(home, "logs", "codex-litellm-session.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(line.cost_usd).toBe(0.003); // 2000 × $0.000001 + 500 × $0.000002, without float noise
  });

  it("--no-telemetry leaves the logs dir untouched; -c telemetry.dir moves everything", async () => {
    const model = uniqueModel("telemetry-off");
    const { repo, home, env } = setup(model);
    await ll.fake.setScript(model, [{ text: "a" }, { text: "b" }]);
    const off = await runCli(["exec", "--no-telemetry", "-C", repo, "go"], { home, env, timeoutMs: 60_000 });
    expect(off.code).toBe(0);
    expect(off.stderr).not.toContain("telemetry:");
    expect(existsSync(path.join(home, "logs"))).toBe(false);
    const scratch = scratchDir("telemetry-");
    cleanup.push(scratch);
    const elsewhere = path.join(scratch, "logs");
    const moved = await runCli(["exec", "-c", `telemetry.dir="${elsewhere}"`, "-C", repo, "go"], {
      home,
      env,
      timeoutMs: 60_000,
    });
    expect(moved.code).toBe(0);
    expect(moved.stderr).toContain(`telemetry: recording debug events to ${elsewhere}/`);
    expect(readdirSync(elsewhere).sort()).toEqual(
      [".active", "codex-litellm-session.jsonl", expect.stringMatching(/^\d{8}-\d{6}\.log$/)].sort(),
    );
    expect(existsSync(path.join(home, "logs"))).toBe(false);
  });
});
