import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixturePath, line, useTempDir, metaLine, userItemLine } from "./__fixtures__/helpers.js";
import { parseRolloutLine } from "./rollout-line-parser.js";
import {
  createReadStats,
  readRollout,
  readRolloutRecords,
  readSessionMeta,
  RolloutReadError,
} from "./rollout-reader.js";

const tmp = useTempDir();

function writeLines(name: string, lines: string[], trailingNewline = true): string {
  const path = join(tmp.path, name);
  writeFileSync(path, lines.join("\n") + (trailingNewline ? "\n" : ""));
  return path;
}

describe("reading upstream Codex 0.169 rollouts", () => {
  it("reads rollout-one-shell.jsonl: known records kept, 0.169-only records skipped silently", async () => {
    const { records, stats } = await readRollout(fixturePath("rollout-one-shell.jsonl"));
    expect(stats.invalidLines).toBe(0);
    expect(stats.warnings).toEqual([]);
    expect(stats.lines).toBe(19);
    // world_state, token_usage_record x2, task_started, thread_settings_applied, item_completed (CommandExecution), task_complete
    expect(stats.unknownSkipped).toBe(7);
    expect(records.map((r) => r.type)).toEqual([
      "session_meta",
      "response_item",
      "response_item",
      "turn_context",
      "response_item",
      "event_msg",
      "response_item",
      "response_item",
      "event_msg",
      "event_msg",
      "response_item",
      "event_msg",
    ]);
    // 0.169's item_completed UserMessage / AgentMessage stand for user_message / agent_message.
    expect(records.filter((r) => r.type === "event_msg").map((r) => r.payload)).toEqual([
      { type: "user_message", message: "Create out.txt containing hi" },
      expect.objectContaining({ type: "token_count" }),
      { type: "agent_message", message: "Created out.txt with hi." },
      expect.objectContaining({ type: "token_count" }),
    ]);
    const meta = records[0]!;
    expect(meta.type).toBe("session_meta");
    if (meta.type === "session_meta") {
      expect(meta.payload).toMatchObject({
        id: "01a2125d-3ef2-7213-a5dd-0a482ce2bc6c",
        cwd: "/RUN/t1/repo",
        originator: "codex_exec",
        cli_version: "0.169.0",
        source: "exec",
        model_provider: "litellm",
        git: { commit_hash: "fb138ee2bb827df3bf98f8fb999e3696fb88db43", branch: "master" },
      });
      expect(meta.payload.base_instructions?.text).toContain("chars omitted");
      expect(meta.payload).not.toHaveProperty("account_scoped");
    }
  });

  it("keeps ids, strips upstream bookkeeping so replayed items are clean ResponseItems", async () => {
    const { records } = await readRollout(fixturePath("rollout-one-shell.jsonl"));
    const items = records.flatMap((r) => (r.type === "response_item" ? [r.payload] : []));
    // Each item's id, as upstream recorded it (it sends them back on resume).
    expect(items.map((item) => ("id" in item ? item.id : null))).toEqual([
      "msg_01a2125d-3f21-7c82-94a4-1e81fb5b2720",
      "msg_01a2125d-3f21-7c82-94a4-1e9a0561079a",
      "msg_01a2125d-3f28-7f51-841b-5d3973ce519b",
      "fc_5be63bd65725c32935578943",
      "fco_01a2125d-3ff7-7ec0-b1cf-db38126fa3b8",
      "msg_c3cda93a3986e2a0115b6326",
    ]);
    for (const item of items) {
      expect(item).not.toHaveProperty("internal_chat_message_metadata_passthrough");
      expect(item).not.toHaveProperty("metadata");
    }
    expect(items[3]).toEqual({
      type: "function_call",
      id: "fc_5be63bd65725c32935578943",
      name: "exec_command",
      arguments: '{"cmd":"echo hi > out.txt"}',
      call_id: "call_8017950a76b6711f30e0df92",
      status: "completed",
    });
    expect(items[5]).toEqual({
      type: "message",
      id: "msg_c3cda93a3986e2a0115b6326",
      role: "assistant",
      status: "completed",
      // The text's `annotations` kept: upstream 0.171 sends them back on resume (interop test).
      content: [{ type: "output_text", text: "Created out.txt with hi.", annotations: [] }],
    });
  });

  it("marks 0.169's injected-context user messages from their content kinds", async () => {
    const { records } = await readRollout(fixturePath("rollout-one-shell.jsonl"));
    const users = records.filter(
      (r) => r.type === "response_item" && r.payload.type === "message" && r.payload.role === "user",
    );
    expect(users.map((r) => r.type === "response_item" && r.injectedContext === true)).toEqual([true, false]);
  });

  it("reads custom tool calls from rollout-apply-patch.jsonl", async () => {
    const { records, stats } = await readRollout(fixturePath("rollout-apply-patch.jsonl"));
    expect(stats.invalidLines).toBe(0);
    const call = records.find((r) => r.type === "response_item" && r.payload.type === "custom_tool_call");
    expect(call?.payload).toMatchObject({
      type: "custom_tool_call",
      name: "apply_patch",
      call_id: "call_dda6458a0c1b5564c4bf473b",
    });
    expect((call?.payload as { input: string }).input).toContain("*** Begin Patch");
  });

  it("never modifies the file it reads", async () => {
    const path = fixturePath("rollout-after-resume.jsonl");
    const before = readFileSync(path);
    const mtime = statSync(path).mtimeMs;
    await readRollout(path);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(statSync(path).mtimeMs).toBe(mtime);
  });
});

describe("damaged and unfamiliar lines", () => {
  it("skips a corrupt line with a warning naming its line number and keeps going", async () => {
    const path = writeLines("r.jsonl", [
      metaLine("01900000-0000-7000-8000-000000000001", "/w"),
      "{not json",
      userItemLine("hello"),
    ]);
    const warnings: string[] = [];
    const { records, stats } = await readRollout(path, { onWarning: (w) => warnings.push(w) });
    expect(records.map((r) => r.type)).toEqual(["session_meta", "response_item"]);
    expect(stats.invalidLines).toBe(1);
    expect(stats.warnings).toHaveLength(1);
    expect(stats.warnings[0]).toMatch(/r\.jsonl line 2: skipped corrupt line \(invalid JSON/);
    expect(warnings).toEqual(stats.warnings);
  });

  it("skips a truncated last line (crash mid-write) with its own warning", async () => {
    const full = userItemLine("second");
    const path = writeLines(
      "r.jsonl",
      [metaLine("01900000-0000-7000-8000-000000000001", "/w"), userItemLine("first"), full.slice(0, 30)],
      false,
    );
    const { records, stats } = await readRollout(path);
    expect(records).toHaveLength(2);
    expect(stats.invalidLines).toBe(1);
    expect(stats.warnings[0]).toMatch(/line 3: skipped truncated last line/);
  });

  it("accepts a complete last line without its newline", async () => {
    const path = writeLines(
      "r.jsonl",
      [metaLine("01900000-0000-7000-8000-000000000001", "/w"), userItemLine("last")],
      false,
    );
    const { records, stats } = await readRollout(path);
    expect(records).toHaveLength(2);
    expect(stats.invalidLines).toBe(0);
  });

  it("skips unknown record and event types silently; keeps items of unknown types as they are", async () => {
    const path = writeLines("r.jsonl", [
      metaLine("01900000-0000-7000-8000-000000000001", "/w"),
      line("world_state", { full: true }),
      line("some_future_record", [1, 2, 3]),
      line("event_msg", { type: "task_started", turn_id: "t" }),
      line("event_msg", { type: "brand_new_event" }),
      line("response_item", { type: "web_search_call", action: { type: "search", query: "q" } }),
      line("response_item", { type: "ghost_snapshot", ghost_commit: {} }),
      "",
      "   ",
      line("event_msg", { type: "agent_message", message: "hi" }),
    ]);
    const { records, stats } = await readRollout(path);
    expect(records.map((r) => r.type)).toEqual(["session_meta", "response_item", "response_item", "event_msg"]);
    expect(records.slice(1, 3).map((r) => JSON.stringify(r.payload))).toEqual([
      JSON.stringify({ type: "web_search_call", action: { type: "search", query: "q" } }),
      JSON.stringify({ type: "ghost_snapshot", ghost_commit: {} }),
    ]);
    expect(stats.unknownSkipped).toBe(4);
    expect(stats.invalidLines).toBe(0);
  });

  it("warns about known types with unusable payloads", async () => {
    const path = writeLines("r.jsonl", [
      metaLine("01900000-0000-7000-8000-000000000001", "/w"),
      line("response_item", { type: "function_call", name: "x" }), // no call_id
      line("turn_context", { cwd: "/w" }), // no model
      JSON.stringify([1, 2]),
      JSON.stringify({ payload: {} }),
    ]);
    const { records, stats } = await readRollout(path);
    expect(records).toHaveLength(1);
    expect(stats.invalidLines).toBe(4);
    expect(stats.warnings.map((w) => w.match(/line (\d+)/)?.[1])).toEqual(["2", "3", "4", "5"]);
  });

  it("streams files with more than 10,000 lines", async () => {
    const lines = [metaLine("01900000-0000-7000-8000-000000000001", "/w")];
    for (let i = 0; i < 12_000; i += 1)
      lines.push(i % 1000 === 500 ? "{broken" : userItemLine(`message ${i} ${"x".repeat(i % 300)}`));
    const path = writeLines("big.jsonl", lines);
    let count = 0;
    let last = "";
    const stats = createReadStats();
    for await (const record of readRolloutRecords(path, stats)) {
      count += 1;
      if (record.type === "response_item" && record.payload.type === "message")
        last = (record.payload.content[0] as { text: string }).text;
    }
    expect(count).toBe(1 + 12_000 - 12);
    expect(stats.lines).toBe(12_001);
    expect(stats.invalidLines).toBe(12);
    expect(last.startsWith("message 11999 ")).toBe(true);
  });

  it("handles multi-byte characters split across read chunks", async () => {
    const text = "é€😀".repeat(40_000);
    const path = writeLines("utf8.jsonl", [metaLine("01900000-0000-7000-8000-000000000001", "/w"), userItemLine(text)]);
    const { records } = await readRollout(path);
    const item = records[1]!;
    expect(item.type === "response_item" && item.payload.type === "message" && item.payload.content[0]).toEqual({
      type: "input_text",
      text,
    });
  });

  it("throws a RolloutReadError for a missing file", async () => {
    await expect(readRollout(join(tmp.path, "missing.jsonl"))).rejects.toBeInstanceOf(RolloutReadError);
  });

  it("readSessionMeta requires session_meta first", async () => {
    const good = writeLines("g.jsonl", [metaLine("01900000-0000-7000-8000-000000000001", "/w"), userItemLine("x")]);
    expect((await readSessionMeta(good)).id).toBe("01900000-0000-7000-8000-000000000001");
    const bad = writeLines("b.jsonl", [userItemLine("x"), metaLine("01900000-0000-7000-8000-000000000001", "/w")]);
    await expect(readSessionMeta(bad)).rejects.toThrow(/does not start with session metadata/);
  });
});

describe("older and variant payload shapes", () => {
  const parseItem = (payload: unknown) => {
    const parsed = parseRolloutLine(line("response_item", payload));
    return parsed.kind === "record" ? parsed.record.payload : parsed;
  };

  it("normalises function_call_output given as string, array, or {content, success}", () => {
    expect(parseItem({ type: "function_call_output", call_id: "c", output: "plain" })).toEqual({
      type: "function_call_output",
      call_id: "c",
      output: "plain",
    });
    expect(
      parseItem({ type: "function_call_output", call_id: "c", output: { content: "old shape", success: true } }),
    ).toEqual({
      type: "function_call_output",
      call_id: "c",
      output: "old shape",
    });
    expect(
      parseItem({
        type: "function_call_output",
        call_id: "c",
        output: [
          { type: "input_text", text: "a" },
          { type: "input_image", image_url: "data:image/png;base64,AA" },
          { type: "mystery" },
        ],
      }),
    ).toEqual({
      type: "function_call_output",
      call_id: "c",
      output: [
        { type: "input_text", text: "a" },
        { type: "input_image", image_url: "data:image/png;base64,AA" },
      ],
    });
    expect(
      parseItem({
        type: "function_call_output",
        call_id: "c",
        output: { content_items: [{ type: "input_text", text: "b" }], success: false },
      }),
    ).toEqual({
      type: "function_call_output",
      call_id: "c",
      output: [{ type: "input_text", text: "b" }],
    });
  });

  it("keeps reasoning summaries, content, encrypted content and the id", () => {
    expect(
      parseItem({
        type: "reasoning",
        id: "rs_1",
        summary: [{ type: "summary_text", text: "s" }],
        content: null,
        encrypted_content: "enc",
      }),
    ).toEqual({
      type: "reasoning",
      id: "rs_1",
      summary: [{ type: "summary_text", text: "s" }],
      content: null,
      encrypted_content: "enc",
    });
  });

  it("reads local_shell_call items", () => {
    expect(
      parseItem({
        type: "local_shell_call",
        id: "x",
        call_id: "c",
        status: "completed",
        action: { type: "exec", command: ["ls"], timeout_ms: 1000, working_directory: null },
      }),
    ).toEqual({
      type: "local_shell_call",
      id: "x",
      call_id: "c",
      status: "completed",
      action: { type: "exec", command: ["ls"], timeout_ms: 1000, working_directory: null },
    });
  });

  it("parses turn_context leniently (unknown policy values left out, model and cwd kept)", () => {
    const parsed = parseRolloutLine(
      line("turn_context", {
        cwd: "/w",
        model: "m",
        approval_policy: { granular: {} },
        sandbox_policy: { type: "future" },
        effort: "high",
        summary: "auto",
      }),
    );
    expect(parsed.kind === "record" && parsed.record.payload).toEqual({
      cwd: "/w",
      model: "m",
      effort: "high",
      summary: "auto",
    });
  });

  it("normalises token_count usage (extra counters like cache_write_input_tokens dropped)", () => {
    const parsed = parseRolloutLine(
      line("event_msg", {
        type: "token_count",
        info: {
          total_token_usage: { input_tokens: 5, cache_write_input_tokens: 1, total_tokens: 7 },
          last_token_usage: {},
          model_context_window: 1000,
        },
        rate_limits: null,
      }),
    );
    expect(parsed.kind === "record" && parsed.record.payload).toEqual({
      type: "token_count",
      info: {
        total_token_usage: {
          input_tokens: 5,
          cached_input_tokens: 0,
          output_tokens: 0,
          reasoning_output_tokens: 0,
          total_tokens: 7,
        },
        last_token_usage: {
          input_tokens: 0,
          cached_input_tokens: 0,
          output_tokens: 0,
          reasoning_output_tokens: 0,
          total_tokens: 0,
        },
        model_context_window: 1000,
      },
      rate_limits: null,
    });
  });
});
