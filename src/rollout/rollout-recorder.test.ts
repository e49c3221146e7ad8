import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerSecret } from "../util/redact.js";
import { PreservedItem, userMessage, type FunctionCallOutputContent, type ResponseItem } from "../gateway/items.js";
import { ROLLOUT_FIXTURES } from "../../test/fixtures/rollout-fixtures.js";
import { fixturePath, useTempDir, placeUpstreamOneShell } from "./__fixtures__/helpers.js";
import { loadRolloutForResume } from "./resume-history.js";
import { AppendFileSink, RolloutWriteError, type RolloutSink } from "./rollout-file-sink.js";
import { RolloutRecorder } from "./rollout-recorder.js";
import { readRollout } from "./rollout-reader.js";
import type { PersistedEventMsg, SessionMetaPayload, TurnContextToWrite } from "./rollout-types.js";

const tmp = useTempDir();

const ISO_MS_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function newRecorder(extra: Partial<Parameters<typeof RolloutRecorder.create>[0]> = {}) {
  return RolloutRecorder.create({
    codexHome: tmp.path,
    cwd: "/work/project",
    cliVersion: "0.1.0",
    source: "cli",
    modelProvider: "litellm",
    model: "gpt-5.5",
    ...extra,
  });
}

function fileLines(path: string): Record<string, unknown>[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const turnContext: TurnContextToWrite = {
  turn_id: "turn-1",
  cwd: "/work/project",
  approval_policy: "on-request",
  sandbox_policy: {
    type: "workspace-write",
    writable_roots: ["/extra"],
    network_access: false,
    exclude_tmpdir_env_var: false,
    exclude_slash_tmp: false,
  },
  model: "gpt-5.5",
  effort: "medium",
  summary: "auto",
};

describe("creating a rollout", () => {
  it("names and places the file like upstream (local time) and writes session_meta first", async () => {
    const started = new Date(2026, 0, 5, 7, 8, 9, 123); // local time
    const recorder = await newRecorder({
      now: () => started,
      git: { commit_hash: "abc", branch: "main" },
      instructions: "be nice",
    });
    const id = recorder.sessionId;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/); // UUIDv7
    expect(recorder.path).toBe(
      join(tmp.path, "sessions", "2026", "01", "05", `rollout-2026-01-05T07-08-09-${id}.jsonl`),
    );
    const lines = fileLines(recorder.path);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toEqual({
      timestamp: started.toISOString(),
      type: "session_meta",
      payload: {
        id,
        timestamp: started.toISOString(),
        cwd: "/work/project",
        originator: "codex-litellm",
        cli_version: "0.1.0",
        instructions: "be nice",
        source: "cli",
        model_provider: "litellm",
        model: "gpt-5.5",
        git: { commit_hash: "abc", branch: "main" },
      },
    });
    expect(lines[0]!.timestamp).toMatch(ISO_MS_Z);
    await recorder.close();
  });

  it("gives each session its own UUIDv7 and file", async () => {
    const a = await newRecorder();
    const b = await newRecorder();
    expect(a.sessionId).not.toBe(b.sessionId);
    expect(a.path).not.toBe(b.path);
    await Promise.all([a.close(), b.close()]);
  });

  it("writes each record as one line immediately, without waiting for flush", async () => {
    const recorder = await newRecorder();
    recorder.recordResponseItems([userMessage("hello")]);
    expect(fileLines(recorder.path)).toHaveLength(2);
    recorder.recordEvent({ type: "user_message", message: "hello" });
    const lines = fileLines(recorder.path);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatchObject({ type: "event_msg", payload: { type: "user_message", message: "hello" } });
    expect(lines[2]!.timestamp).toMatch(ISO_MS_Z);
    await recorder.flush();
    await recorder.close();
  });

  it("ignores events upstream does not persist", async () => {
    const recorder = await newRecorder();
    expect(recorder.recordEvent({ type: "task_started" } as unknown as PersistedEventMsg)).toBe(false);
    expect(fileLines(recorder.path)).toHaveLength(1);
    await recorder.close();
  });
});

/** Content parts of an input: a text, then an image. */
const textAndImage = (text: string, imageUrl: string): FunctionCallOutputContent[] => [
  { type: "input_text", text },
  { type: "input_image", image_url: imageUrl },
];

/** The user messages these tests record and read back: each with the id it was made with. */
const said = {
  continuePlease: userMessage("continue please"),
  kept: userMessage("kept"),
  new: userMessage("new"),
  next: userMessage("next"),
  old: userMessage("old"),
  one: userMessage("one"),
  two: userMessage("two"),
};

describe("round trip: record → read → rebuild", () => {
  it("gives back identical items in order, the last turn context and the last usage", async () => {
    const items: ResponseItem[] = [
      { type: "message", role: "developer", content: [{ type: "input_text", text: "<permissions instructions>…" }] },
      userMessage("<environment_context>\n  <cwd>/work/project</cwd>\n</environment_context>"),
      { type: "message", role: "user", content: textAndImage("fix the bug", "data:image/png;base64,iVBOR") },
      {
        type: "reasoning",
        summary: [{ type: "summary_text", text: "Looking" }],
        content: null,
        encrypted_content: "gAAA",
      },
      { type: "function_call", name: "exec_command", arguments: '{"cmd":"ls"}', call_id: "call_1" },
      { type: "function_call_output", call_id: "call_1", output: "Exit code: 0\nOutput:\na.txt\n" },
      {
        type: "custom_tool_call",
        name: "apply_patch",
        input: "*** Begin Patch\n*** End Patch\n",
        call_id: "call_2",
        status: "completed",
      },
      { type: "custom_tool_call_output", call_id: "call_2", output: "Success." },
      { type: "function_call_output", call_id: "call_3", output: textAndImage("img", "data:image/png;base64,AA") },
      {
        type: "local_shell_call",
        call_id: "call_4",
        status: "completed",
        action: { type: "exec", command: ["ls", "-la"], timeout_ms: 1000 },
      },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "Done — fixed. 🎉" }] },
    ];
    const usage = {
      input_tokens: 100,
      cached_input_tokens: 20,
      output_tokens: 30,
      reasoning_output_tokens: 5,
      total_tokens: 130,
    };
    const recorder = await newRecorder();
    recorder.recordTurnContext(turnContext);
    recorder.recordResponseItems(items.slice(0, 3));
    recorder.recordEvent({ type: "user_message", message: "fix the bug", images: ["data:image/png;base64,iVBOR"] });
    recorder.recordResponseItems(items.slice(3));
    recorder.recordEvent({ type: "agent_message", message: "Done — fixed. 🎉" });
    recorder.recordEvent({
      type: "token_count",
      info: { total_token_usage: usage, last_token_usage: usage, model_context_window: 272000 },
      rate_limits: null,
    });
    await recorder.flush();
    await recorder.close();

    const { records, stats } = await readRollout(recorder.path);
    expect(stats.invalidLines).toBe(0);
    expect(stats.unknownSkipped).toBe(0);
    expect(records.filter((r) => r.type === "response_item").map((r) => r.payload)).toEqual(items);
    const resumed = await loadRolloutForResume(recorder.path);
    // The history a model gets pairs every call: the output of a call that is not there is left
    // out, a call without output gets "aborted".
    expect(resumed.history).toEqual([
      ...items.slice(0, 8),
      items[9],
      { type: "function_call_output", call_id: "call_4", output: "aborted" },
      items[10],
    ]);
    expect(resumed.turnContext).toEqual(turnContext);
    expect(resumed.tokenUsage).toEqual({
      total_token_usage: usage,
      last_token_usage: usage,
      model_context_window: 272000,
    });
    expect(resumed.meta).toEqual(recorder.meta);
    expect(resumed.transcript).toEqual([
      { kind: "user", text: "fix the bug" },
      { kind: "assistant", text: "Done — fixed. 🎉" },
    ]);
    expect(records[0]!.type).toBe("session_meta");
  });

  it("records compactions that rebuild as written", async () => {
    const recorder = await newRecorder();
    recorder.recordResponseItems([said.old]);
    recorder.recordCompacted({ message: "summary", replacement_history: [said.kept] });
    recorder.recordEvent({ type: "context_compacted" });
    recorder.recordResponseItems([said.new]);
    await recorder.close();
    const resumed = await loadRolloutForResume(recorder.path);
    expect(resumed.history).toEqual([said.kept, said.new]);
    expect(resumed.compactions).toBe(1);
  });
});

describe("resuming appends to the same file", () => {
  it("re-opens our own rollout and keeps appending", async () => {
    const first = await newRecorder();
    first.recordResponseItems([said.one]);
    await first.close();

    const again = await RolloutRecorder.resume({ path: first.path });
    expect(again.sessionId).toBe(first.sessionId);
    expect(again.path).toBe(first.path);
    again.recordResponseItems([said.two]);
    await again.close();

    expect(readdirSync(dirname(first.path))).toEqual([basename(first.path)]);
    const resumed = await loadRolloutForResume(first.path);
    expect(resumed.history).toEqual([said.one, said.two]);
  });

  it("re-opens an upstream Codex 0.169 rollout and appends classic records after its lines", async () => {
    const path = placeUpstreamOneShell(tmp.path);
    const before = readFileSync(path, "utf8");
    const recorder = await RolloutRecorder.resume({ path });
    expect(recorder.sessionId).toBe("01a2125d-3ef2-7213-a5dd-0a482ce2bc6c");
    recorder.recordTurnContext({ ...turnContext, cwd: "/RUN/t1/repo", model: "some-model" });
    recorder.recordResponseItems([said.continuePlease]);
    await recorder.close();
    const after = readFileSync(path, "utf8");
    expect(after.startsWith(before)).toBe(true);
    const resumed = await loadRolloutForResume(path);
    expect(resumed.history).toHaveLength(7);
    expect(resumed.history[6]).toEqual(said.continuePlease);
    expect(resumed.stats.invalidLines).toBe(0);
  });

  it("starts on a fresh line when the file ends with a line cut off by a crash", async () => {
    const first = await newRecorder();
    first.recordResponseItems([said.one]);
    await first.close();
    writeFileSync(
      first.path,
      readFileSync(first.path, "utf8") + '{"timestamp":"2026-01-01T00:00:00.000Z","type":"respo',
      { flag: "w" },
    );

    const again = await RolloutRecorder.resume({ path: first.path });
    again.recordResponseItems([said.two]);
    await again.close();
    const resumed = await loadRolloutForResume(first.path);
    expect(resumed.history).toEqual([said.one, said.two]);
    expect(resumed.stats.invalidLines).toBe(1);
    expect(resumed.stats.warnings[0]).toMatch(/line 3: skipped corrupt line/);
  });

  it("continues a 2025 legacy-format file in that format: bare items, a state line per turn, nothing else", async () => {
    const path = join(
      tmp.path,
      "sessions",
      "2025",
      "08",
      "20",
      "rollout-2025-08-20T10-00-00-0f3b3a52-5a3e-4c55-9c63-1c2a7d3e0001.jsonl",
    );
    mkdirSync(dirname(path), { recursive: true });
    copyFileSync(join(ROLLOUT_FIXTURES, "legacy.jsonl"), path);
    const before = readFileSync(path, "utf8");
    const recorder = await RolloutRecorder.resume({ path });
    expect(recorder.sessionId).toBe("0f3b3a52-5a3e-4c55-9c63-1c2a7d3e0001");
    recorder.recordTurnContext(turnContext);
    recorder.recordResponseItems([said.next]);
    recorder.recordEvent({ type: "user_message", message: "next" });
    recorder.recordCompacted({ message: "summary" });
    await recorder.close();
    const appended = readFileSync(path, "utf8").slice(before.length);
    expect(appended).toBe(`{"record_type":"state"}\n${JSON.stringify(said.next)}\n`);
  });

  it("writes items kept as read back as they were, also when a secret in them is redacted", async () => {
    const raw = {
      type: "web_search_call",
      status: "completed",
      action: { type: "search", query: "sk-secret-123456 weather" },
    };
    const recorder = await newRecorder({ secrets: ["sk-secret-123456"] });
    recorder.recordResponseItems([
      new PreservedItem({ ...raw, action: { type: "search", query: "weather" } }),
      new PreservedItem(raw),
    ]);
    await recorder.close();
    const payloads = fileLines(recorder.path)
      .slice(1)
      .map((l) => l.payload);
    expect(payloads).toEqual([
      { type: "web_search_call", status: "completed", action: { type: "search", query: "weather" } },
      { type: "web_search_call", status: "completed", action: { type: "search", query: "[REDACTED] weather" } },
    ]);
  });

  it("refuses a file that is not a session", async () => {
    const path = join(tmp.path, "x.jsonl");
    writeFileSync(path, '{"timestamp":"t","type":"response_item","payload":{}}\n');
    await expect(RolloutRecorder.resume({ path })).rejects.toThrow(/does not start with session metadata/);
  });
});

describe("secret guard", () => {
  const KEY = "sk-litellm-0123456789abcdef";

  it("replaces registered secrets with [REDACTED] wherever they appear", async () => {
    const recorder = await newRecorder({ secrets: [KEY, undefined] });
    recorder.recordResponseItems([
      {
        type: "function_call_output",
        call_id: "c",
        output: `env: LITELLM_API_KEY=${KEY}\nAuthorization: Bearer ${KEY}`,
      },
      {
        type: "function_call",
        name: "exec_command",
        arguments: JSON.stringify({ cmd: `curl -H "Authorization: Bearer ${KEY}"` }),
        call_id: "d",
      },
    ]);
    await recorder.close();
    const text = readFileSync(recorder.path, "utf8");
    expect(text).not.toContain(KEY);
    expect(text).toContain("LITELLM_API_KEY=[REDACTED]");
    expect(recorder.redactions).toBe(3);
    const { records, stats } = await readRollout(recorder.path);
    expect(stats.invalidLines).toBe(0);
    expect(records[1]!.payload).toEqual({
      type: "function_call_output",
      call_id: "c",
      output: "env: LITELLM_API_KEY=[REDACTED]\nAuthorization: Bearer [REDACTED]",
    });
  });

  it("covers secrets registered later, secrets with JSON-escaped characters, and object keys", async () => {
    const tricky = 'p@ss"word\\with\nnewline';
    const recorder = await newRecorder();
    expect(registerSecret(tricky)).toBe(true);
    expect(registerSecret("abc")).toBe(false); // too short to be treated as a secret
    recorder.recordTurnContext({
      ...turnContext,
      final_output_json_schema: { [tricky]: { description: `x${tricky}y` } },
    });
    await recorder.close();
    const text = readFileSync(recorder.path, "utf8");
    expect(text).not.toContain(JSON.stringify(tricky).slice(1, -1));
    expect(recorder.redactions).toBe(2);
    const line = fileLines(recorder.path)[1] as { payload: { final_output_json_schema: unknown } };
    expect(line.payload.final_output_json_schema).toEqual({ "[REDACTED]": { description: "x[REDACTED]y" } });
  });

  it("never writes a secret even into session_meta", async () => {
    const recorder = await newRecorder({ secrets: [KEY], instructions: `my key is ${KEY}` });
    await recorder.close();
    expect(readFileSync(recorder.path, "utf8")).not.toContain(KEY);
  });
});

describe("write failures", () => {
  const meta: SessionMetaPayload = {
    id: "01900000-0000-7000-8000-000000000001",
    timestamp: "2026-01-01T00:00:00.000Z",
    cwd: "/w",
    originator: "codex-litellm",
    cli_version: "0.1.0",
    source: "cli",
    model_provider: "litellm",
  };

  it("surfaces a typed error, then refuses further records and fails flush", async () => {
    let calls = 0;
    const sink: RolloutSink = {
      path: "/fake/rollout.jsonl",
      appendLine() {
        calls += 1;
        if (calls === 2) throw Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
      },
      close() {},
    };
    const recorder = RolloutRecorder.overSink(sink, meta);
    recorder.recordResponseItems([userMessage("ok")]);
    let thrown: unknown;
    try {
      recorder.recordResponseItems([userMessage("fails")]);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(RolloutWriteError);
    expect((thrown as RolloutWriteError).code).toBe("ENOSPC");
    expect((thrown as RolloutWriteError).message).toMatch(
      /could not write session file \/fake\/rollout\.jsonl: ENOSPC/,
    );
    expect(recorder.failure).toBe(thrown);
    expect(() => recorder.recordResponseItems([userMessage("later")])).toThrow(RolloutWriteError);
    expect(calls).toBe(2);
    await expect(recorder.flush()).rejects.toBe(thrown);
  });

  it.skipIf(!existsSync("/dev/full"))("maps a real full disk (/dev/full) to RolloutWriteError", () => {
    const sink = AppendFileSink.openExisting("/dev/full");
    try {
      expect(() => sink.appendLine("{}\n")).toThrow(RolloutWriteError);
    } finally {
      sink.close();
    }
  });

  it("fails creation with a typed error when CODEX_HOME is unusable", async () => {
    const notADir = join(tmp.path, "file");
    writeFileSync(notADir, "");
    await expect(newRecorder({ codexHome: notADir })).rejects.toBeInstanceOf(RolloutWriteError);
  });

  it("refuses records after close", async () => {
    const recorder = await newRecorder();
    await recorder.close();
    await recorder.close();
    expect(() => recorder.recordResponseItems([userMessage("late")])).toThrow(/closed/);
  });
});

describe("appending follows the file's line numbering", () => {
  const lines = (file: string) =>
    readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { ordinal?: number; type: string });

  it("continues upstream's ordinals in a paginated rollout (upstream refuses a mix)", async () => {
    const file = join(tmp.path, "rollout-2026-11-25T11-03-51-01a21260-50da-7bf0-b01c-901522503e88.jsonl");
    copyFileSync(fixturePath("rollout-apply-patch.jsonl"), file);
    const before = lines(file);
    expect(before.every((l, i) => l.ordinal === i)).toBe(true);
    const recorder = await RolloutRecorder.resume({ path: file });
    recorder.recordResponseItems([userMessage("ours next")]);
    recorder.recordEvent({ type: "user_message", message: "ours next" });
    await recorder.close();
    const after = lines(file);
    expect(after.slice(before.length).map((l) => l.ordinal)).toEqual([before.length, before.length + 1]);
  });

  it("keeps our own (legacy) rollouts unnumbered", async () => {
    const created = await RolloutRecorder.create({
      codexHome: tmp.path,
      cwd: tmp.path,
      cliVersion: "0.1.0",
      source: "exec",
      modelProvider: "litellm",
    });
    created.recordResponseItems([userMessage("first")]);
    await created.close();
    const resumed = await RolloutRecorder.resume({ path: created.path });
    resumed.recordResponseItems([userMessage("second")]);
    await resumed.close();
    expect(lines(created.path).every((l) => l.ordinal === undefined)).toBe(true);
  });
});
