// Class 6: the proxy says the context window is exceeded (LiteLLM's ContextWindowExceededError,
// as an HTTP 400 or inside the stream) → compact once and retry; when that is not enough, one
// clear line. Either way the rollout holds the compaction and resumes. (The request sequence
// itself is also covered by test/e2e/resume-compact.test.ts.)
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { runCli } from "../support/cli.js";
import { readFileSync } from "node:fs";
import {
  ENV,
  errorLine,
  home,
  modelName,
  onDisk,
  repo,
  rolloutFiles,
  telemetryFiles,
  usageLog,
  useFaultExec,
} from "./support.js";

const fake = useFaultExec();

const LITELLM_400: FakeStep = {
  fault: {
    status: 400,
    error: {
      message:
        "litellm.ContextWindowExceededError: litellm.BadRequestError: ContextWindowExceededError: OpenAIException - This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.\nReceived Model Group=m\nAvailable Model Group Fallbacks=None",
      type: "invalid_request_error",
      code: "400",
    },
  },
};
const IN_STREAM: FakeStep = { fault: { failed: { code: "context_length_exceeded" } } };

type Body = { input: { type: string; content?: { text: string }[] }[]; tools: unknown[] };
const texts = (body: unknown) =>
  (body as Body).input.filter((i) => i.type === "message").map((i) => i.content?.[0]?.text ?? "");

describe.each([
  ["LiteLLM's HTTP 400", LITELLM_400],
  ["in-stream context_length_exceeded", IN_STREAM],
] as const)("6. context window exceeded (%s)", (_name, overflow) => {
  it("compacts, retries, completes; the rollout records the compaction and resumes from it", async () => {
    const model = modelName("cw-ok");
    fake.server.setScript(model, [
      { text: "first answer" },
      overflow,
      { text: "SUMMARY of it all" },
      { text: "answered after compacting" },
      { text: "resumed" },
    ]);
    const codexHome = home(fake.server.url, model);
    const dir = repo();
    expect((await runCli(["exec", "-C", dir, "first question"], { home: codexHome, env: ENV })).code).toBe(0);
    const r = await runCli(["exec", "resume", "--last", "-C", dir, "second question"], { home: codexHome, env: ENV });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("answered after compacting\n");
    expect(r.stderr).toMatch(
      /^warning: the model's context window is full; compacting the conversation and retrying$/m,
    );
    expect(r.stderr).toMatch(/^context compacted$/m);
    const reqs = fake.requests(model);
    expect(reqs).toHaveLength(4);
    expect((reqs[2]?.body as Body).tools).toEqual([]); // the summary request
    expect(texts(reqs[3]?.body).some((t) => t.includes("SUMMARY of it all"))).toBe(true);
    expect(texts(reqs[3]?.body)).not.toContain("first answer");
    const disk = onDisk(codexHome);
    const compacted = disk.records.filter((rec) => rec.type === "compacted");
    expect(compacted).toHaveLength(1);
    expect(disk.events("context_compacted")).toHaveLength(1);
    expect(disk.messages("agent_message")).toEqual(["first answer", "answered after compacting"]);
    expect(usageLog(codexHome).map((l) => l.turn)).toEqual([1, 2]);
    // A later resume continues from the compacted history.
    const again = await runCli(["exec", "resume", "--last", "-C", dir, "third question"], {
      home: codexHome,
      env: ENV,
    });
    expect(again.code).toBe(0);
    const last = texts(fake.server.requests(model).at(-1)?.body);
    expect(last.some((t) => t.includes("SUMMARY of it all"))).toBe(true);
    expect(last).not.toContain("first answer");
    expect(last.at(-1)).toBe("third question");
  });

  it("still too big after compacting: one clear line, exit 1, whole files", async () => {
    const model = modelName("cw-fail");
    fake.server.setScript(model, [overflow, { text: "short summary" }, overflow]);
    const codexHome = home(fake.server.url, model);
    const r = await runCli(["exec", "-C", repo(), "question"], { home: codexHome, env: ENV });
    expect(r.code).toBe(1);
    const line = errorLine(r.stderr);
    expect(line).toMatch(
      /^the conversation does not fit the model's context window even after compacting \(context window exceeded: .*maximum context length is 8192 tokens.*\); start a new session or use a model with a larger window$/,
    );
    expect(fake.requests(model)).toHaveLength(3);
    const disk = onDisk(codexHome);
    expect(disk.records.filter((rec) => rec.type === "compacted")).toHaveLength(1);
    expect(disk.answers).toEqual([]);
    telemetryFiles(path.join(codexHome, "logs"));
    // The file is whole: a resume reads it without a warning.
    const before = readFileSync(rolloutFiles(codexHome)[0] as string);
    fake.server.setScript(model, [{ text: "fine now" }]);
    const resumed = await runCli(
      ["exec", "resume", "--last", "-C", path.dirname(repo()), "--skip-git-repo-check", "--all", "again"],
      { home: codexHome, env: ENV },
    );
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).not.toMatch(/^warning:/m);
    expect(
      readFileSync(rolloutFiles(codexHome)[0] as string)
        .subarray(0, before.length)
        .equals(before),
    ).toBe(true);
  });
});
